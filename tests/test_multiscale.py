"""helpers.multiscale: coarse-to-fine style transfer (shapes, stage sizes, history).

Uses a random VGG-19 (no weights file needed) and tiny images: a few seconds on 2 CPU cores.
"""

import pytest
import torch

from helpers.multiscale import default_sizes, default_steps, stylize_coarse_to_fine
from helpers.vgg import load_vgg


@pytest.fixture(scope="module")
def model():
    return load_vgg("vgg19", "random", device="cpu")


def _images():
    generator = torch.Generator().manual_seed(1)
    content = torch.rand(1, 3, 48, 64, generator=generator)  # not square: aspect must be kept
    style = torch.rand(1, 3, 80, 80, generator=generator)
    return content, style


def test_default_sizes():
    assert default_sizes(512) == [256, 512]
    assert default_sizes(256) == [128, 256]
    assert default_sizes(64) == [32, 64]
    assert default_sizes(40) == [40]
    assert len(default_steps(3)) == 3


def test_stages_shapes_and_history(model):
    content, style = _images()
    result = stylize_coarse_to_fine(content, style, model=model, sizes=[32, 64], steps=[3, 2],
                                    progress=False)
    assert result.image.shape == content.shape
    assert 0.0 <= float(result.image.min()) and float(result.image.max()) <= 1.0
    assert [entry["stage"] for entry in result.history] == [0, 0, 0, 1, 1]
    assert [entry["size"] for entry in result.history] == [32, 32, 32, 64, 64]
    assert result.evaluations == len(result.history) == 5
    seconds = result.curve("seconds")
    assert seconds == sorted(seconds) and result.seconds >= seconds[-1] > 0
    assert all(torch.isfinite(torch.tensor(result.curve(part))).all()
               for part in ("total", "content", "style", "tv"))


def test_int_steps_masks_and_blend(model):
    content, style = _images()
    mask = torch.zeros(1, 1, 48, 64)
    mask[..., :32] = 1.0
    result = stylize_coarse_to_fine(content, [style, style.flip(-1)], model=model,
                                    sizes=[32, 48, 64], steps=2, masks=[mask, 1 - mask],
                                    progress=False)
    assert result.image.shape == content.shape
    assert sorted({entry["size"] for entry in result.history}) == [32, 48, 64]


def test_same_seed_same_image(model):
    content, style = _images()
    runs = [stylize_coarse_to_fine(content, style, model=model, sizes=[32, 64], steps=2,
                                   init="noise", seed=3, progress=False) for _ in range(2)]
    assert torch.equal(runs[0].image, runs[1].image)


def test_bad_arguments(model):
    content, style = _images()
    with pytest.raises(ValueError):
        stylize_coarse_to_fine(content, style, model=model, sizes=[16, 64], steps=1)
    with pytest.raises(ValueError):
        stylize_coarse_to_fine(content, style, model=model, sizes=[32, 64], steps=[1, 2, 3])
