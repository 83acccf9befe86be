"""helpers/tutorial_recipe.py: the official PyTorch tutorial's recipe, written afresh (notebook 10).

Its layer names map to the paper's, its Gram matrix and losses are the tutorial's formulas, the
closure clamps the pixels, and a run lowers its loss. A random VGG-19: no weights file needed.
"""

import pytest
import torch
import torch.nn.functional as nnf

from helpers.losses import content_loss, gram_matrix, style_loss
from helpers.tutorial_recipe import (TUTORIAL_CONTENT_LAYERS, TUTORIAL_STYLE_LAYERS,
                                     TUTORIAL_WEIGHTS, build_model, paper_name, run_recipe,
                                     tutorial_gram, tutorial_names)
from helpers.vgg import extract_features, load_vgg


@pytest.fixture(scope="module")
def vgg():
    return load_vgg("vgg19", "random", device="cpu")


@pytest.fixture
def images():
    generator = torch.Generator().manual_seed(5)
    content, style = torch.rand(2, 1, 3, 32, 40, generator=generator)
    return content, style


def test_tutorial_names_count_the_convolutions(vgg):
    names = tutorial_names(vgg)
    assert len(names) == len(vgg.names)
    assert names[:5] == ["conv_1", "relu_1", "conv_2", "relu_2", "pool_2"]
    assert sum(name.startswith("conv_") for name in names) == 16
    assert paper_name(vgg, "conv_4") == "conv2_2"          # not the paper's content layer
    assert paper_name(vgg, "conv_10") == "conv4_2"         # that one is the 10th convolution
    assert paper_name(vgg, "relu_10") == "relu4_2"
    assert paper_name(vgg, "pool_4") == "pool2"
    assert [paper_name(vgg, n) for n in TUTORIAL_STYLE_LAYERS] == [
        "conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1"]
    assert [paper_name(vgg, n) for n in ("relu_1", "relu_3", "relu_5", "relu_9", "relu_13")] == [
        "relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"]
    assert paper_name(vgg, "relu4_2") == "relu4_2"         # a paper name comes back as it is


def test_unknown_layer_and_recipe_are_refused(vgg, images):
    with pytest.raises(KeyError, match="conv_17"):
        paper_name(vgg, "conv_17")
    with pytest.raises(ValueError, match="recipe"):
        build_model(vgg, *images, recipe="paper")


def test_gram_divides_by_every_number_of_the_feature_map():
    features = torch.randn(1, 6, 4, 5, dtype=torch.float64)
    flat = features.reshape(6, 20)
    expected = flat @ flat.T / (1 * 6 * 4 * 5)             # a * b * c * d
    torch.testing.assert_close(tutorial_gram(features)[0], expected)
    torch.testing.assert_close(tutorial_gram(features), gram_matrix(features).double() / 6)


def test_tutorial_losses_are_ours_times_a_scale(vgg, images):
    """Its style loss is ||G - A||^2 / C^4 and its content loss ||F - P||^2 / (C M): ours, scaled."""
    content, style = images
    seq, content_losses, style_losses = build_model(vgg, content, style)
    image = (content + 0.1 * torch.rand(content.shape, generator=torch.Generator().manual_seed(6))).clamp(0, 1)
    with torch.no_grad():
        seq(image)
    layers = [paper_name(vgg, n) for n in TUTORIAL_STYLE_LAYERS]
    with torch.no_grad():
        features = extract_features(vgg, image, layers)
        targets = extract_features(vgg, style, layers)
        photo = extract_features(vgg, content, ["conv2_2"])["conv2_2"]
    for module, layer in zip(style_losses, layers):
        target = gram_matrix(targets[layer])
        channels = target.shape[-1]
        expected = style_loss(features[layer], target) * target.pow(2).sum() / channels ** 4
        torch.testing.assert_close(module.loss, expected, rtol=1e-3, atol=0)
    expected = content_loss(features["conv2_2"], photo) * photo.pow(2).sum() / photo.numel()
    torch.testing.assert_close(content_losses[0].loss, expected, rtol=1e-3, atol=0)
    torch.testing.assert_close(content_losses[0].loss, nnf.mse_loss(features["conv2_2"], photo))


def test_the_copy_holds_the_modules_in_order_and_ends_at_the_last(vgg, images):
    seq, content_losses, style_losses = build_model(vgg, *images)
    names = [name for name, _ in seq.named_children()]
    assert names[-1] == "style_loss_conv_5"
    assert names.index("content_loss_conv_4") == names.index("conv_4") + 1
    assert len(content_losses) == len(TUTORIAL_CONTENT_LAYERS) and len(style_losses) == 5
    assert not any(getattr(m, "inplace", False) for m in seq)


def test_the_painting_may_have_another_size(vgg, images):
    """The targets come from the layers alone; the tutorial's way needs one size."""
    content, _ = images
    square = torch.rand(1, 3, 48, 48, generator=torch.Generator().manual_seed(7))
    seq, _, style_losses = build_model(vgg, content, square)
    assert [m.target.shape[-1] for m in style_losses] == [64, 64, 128, 128, 256]
    with pytest.raises(RuntimeError, match="must match"), pytest.warns(UserWarning):
        with torch.no_grad():
            seq(square)      # through the loss modules, as the tutorial makes its targets


def test_closure_clamps_before_every_evaluation(vgg, images):
    content, style = images
    seq, content_losses, style_losses = build_model(vgg, content, style)
    seen = []
    original = seq.forward
    seq.forward = lambda x: (seen.append((float(x.detach().min()), float(x.detach().max()))), original(x))[1]
    start = content.clone()
    start[..., :4, :4] = 1.7                                 # pixels out of range
    start[..., -4:, -4:] = -0.5
    result = run_recipe(seq, content_losses, style_losses, start, 6)
    assert len(seen) == 6 and result.evaluations == 6
    assert all(0.0 <= low and high <= 1.0 for low, high in seen), seen
    assert 0.0 <= float(result.image.min()) and float(result.image.max()) <= 1.0
    seen.clear()
    run_recipe(seq, content_losses, style_losses, start, 2, clamp=False)
    assert seen[0] == pytest.approx((-0.5, 1.7)), seen       # clamp=False: the pixels as they are


def test_a_run_lowers_its_loss_and_records_its_parts(vgg, images):
    content, style = images
    seq, content_losses, style_losses = build_model(vgg, content, style)
    calls = []
    result = run_recipe(seq, content_losses, style_losses, content, 8,
                        callback=lambda count, values: calls.append(count))
    assert calls == list(range(1, 9)) and len(result.history) == 8
    first, last = result.history[0], result.history[-1]
    assert last["total"] < first["total"]
    assert first["content"] < 1e-8                          # it starts at the photo
    weighted = (TUTORIAL_WEIGHTS["content_weight"] * last["content"]
                + TUTORIAL_WEIGHTS["style_weight"] * last["style"])
    assert last["total"] == pytest.approx(weighted, rel=1e-5)
    assert result.image.shape == content.shape


def test_line_search_and_averaged_layers_are_options(vgg, images):
    content, style = images
    seq, content_losses, style_losses = build_model(vgg, content, style, recipe="ours")
    result = run_recipe(seq, content_losses, style_losses, content, 6, content_weight=1.0,
                        style_weight=10.0, tv_weight=1.0, mean_over_layers=True,
                        line_search="strong_wolfe")
    assert result.evaluations == 6 and set(result.history[0]) >= {"total", "content", "style", "tv"}
    assert result.best_loss < result.history[0]["total"]
