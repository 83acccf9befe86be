"""Tests that only mean something with a trained network: the default network (the paper's
Caffe-trained VGG-19, installed with the series), whatever NST_WEIGHTS says."""

import pytest
import torch

from helpers import config, content_loss, extract_features, load_image, load_vgg, stylize
from helpers import reconstruct_content
from helpers.images import resize


@pytest.fixture(scope="module")
def model():
    return load_vgg("vgg19", "caffe", device="cpu")


@pytest.fixture(scope="module")
def photo():
    return load_image(config.CONTENT_DIR / "chelsea.jpg", max_size=96)


@pytest.fixture(scope="module")
def painting():
    return load_image(config.STYLE_DIR / "swirl_strokes.png", max_size=96)


def _correlation(a, b):
    a, b = a.flatten() - a.mean(), b.flatten() - b.mean()
    return float((a @ b) / (a.norm() * b.norm()))


def test_relu4_2_reconstruction_keeps_the_layout(model, photo):
    """From noise, matching relu4_2 alone brings back where the cat's light and dark parts are."""
    result = reconstruct_content(photo, "relu4_2", model=model, steps=80, progress=False)
    blur = torch.nn.AvgPool2d(8)
    grey = lambda x: blur(x.mean(dim=1, keepdim=True))
    assert _correlation(grey(result.image), grey(photo)) > 0.6
    noise = torch.rand_like(photo)
    assert abs(_correlation(grey(noise), grey(photo))) < 0.3


def test_stylize_defaults_transfer_style_and_keep_content(model, photo, painting):
    result = stylize(photo, painting, model=model, steps=60, progress=False)
    style = result.curve("style")
    assert style[-1] < style[0] / 10, "style loss should fall by a large factor"
    # Content stays recognisable: the relu4_2 features are much closer to the photo's than
    # those of the style image (resized to the same shape) are.
    feats = lambda x: extract_features(model, x, "relu4_2")["relu4_2"]
    painting_resized = resize(painting, photo.shape[-2:])
    ours = float(content_loss(feats(result.image), feats(photo)))
    baseline = float(content_loss(feats(painting_resized), feats(photo)))
    assert ours < 0.8 * baseline
    # And the image changed: it is no longer the photo.
    assert (result.image - photo).abs().mean() > 0.03
