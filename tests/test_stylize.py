"""optimize_image and stylize: budgets, range, interrupts, NaN, determinism, and that it works."""

import pytest
import torch

from helpers import (NonFiniteLossError, Objective, StyleTarget, content_loss, extract_features,
                     load_vgg, optimize_image, reconstruct_content, stylize, synthesize_texture)
from helpers.objective import content_targets, style_grams


@pytest.fixture(scope="module")
def model():
    return load_vgg("vgg19", "random", device="cpu")


@pytest.fixture(scope="module")
def images():
    gen = torch.Generator().manual_seed(1)
    content = torch.nn.functional.interpolate(torch.rand(1, 3, 8, 8, generator=gen), size=(48, 64),
                                              mode="bilinear", align_corners=False)
    style = torch.rand(1, 3, 40, 40, generator=gen)
    return content, style


@pytest.mark.parametrize("optimizer", ["lbfgs", "adam"])
def test_steps_count_loss_evaluations(model, images, optimizer):
    result = stylize(*images, model=model, steps=13, optimizer=optimizer, progress=False)
    assert result.evaluations == 13 and len(result.history) == 13
    assert {"total", "content", "style", "tv", "seconds"} <= set(result.history[0])
    assert result.seconds > 0


def test_result_in_range_and_shape_of_content(model, images):
    content, style = images
    result = stylize(content, style, model=model, steps=8, init="noise", progress=False)
    assert result.image.shape == content.shape  # style had another size and aspect
    assert 0 <= float(result.image.min()) and float(result.image.max()) <= 1
    assert result.best_loss == min(result.curve())


def test_style_loss_falls(model, images):
    result = stylize(*images, model=model, steps=30, progress=False)
    assert result.curve("style")[-1] < 0.5 * result.curve("style")[0]


def test_deterministic_on_cpu(model, images):
    a = stylize(*images, model=model, steps=6, init="noise", seed=3, progress=False)
    b = stylize(*images, model=model, steps=6, init="noise", seed=3, progress=False)
    assert torch.equal(a.image, b.image)


def test_keyboard_interrupt_keeps_best_image(model, images):
    def interrupt(step, image, losses):
        if step == 5:
            raise KeyboardInterrupt

    result = stylize(*images, model=model, steps=50, callback=interrupt, progress=False)
    assert result.interrupted and result.evaluations == 5
    assert result.image.shape == images[0].shape
    assert not torch.equal(result.image, images[0])  # it kept progress, not the start


def test_nan_loss_stops_with_clear_error(images):
    calls = []

    def loss_fn(image):
        calls.append(1)
        value = image.sum() * (float("nan") if len(calls) > 3 else 1.0)
        return {"total": value}

    with pytest.raises(NonFiniteLossError, match="nan at evaluation 4") as info:
        optimize_image(loss_fn, images[0], steps=20, optimizer="adam", progress=False)
    assert info.value.result.evaluations == 3


def test_callback_gets_detached_images(model, images):
    seen = []
    stylize(*images, model=model, steps=4, progress=False,
            callback=lambda step, image, losses: seen.append((step, image.requires_grad, losses["total"])))
    assert [s for s, _, _ in seen] == [1, 2, 3, 4] and not any(g for _, g, _ in seen)


def test_input_images_untouched(model, images):
    content, style = images
    before = content.clone(), style.clone()
    stylize(content, style, model=model, steps=4, progress=False)
    assert torch.equal(content, before[0]) and torch.equal(style, before[1])


def test_objective_uses_one_forward_pass(model, images):
    content, style = images
    objective = Objective(model, content_targets(model, content, ["relu4_2"]),
                          [StyleTarget(style_grams(model, style, ["relu1_1", "relu3_1"]))])
    assert objective.layers == ["relu4_2", "relu1_1", "relu3_1"]
    calls = []
    hook = model.layers[0].register_forward_hook(lambda *_: calls.append(1))
    objective(content)
    hook.remove()
    assert len(calls) == 1


def test_reconstruction_and_texture_lower_their_loss(model, images):
    content, style = images
    rec = reconstruct_content(content, "relu2_2", model=model, steps=20, progress=False)
    assert rec.curve()[-1] < 0.2 * rec.curve()[0]
    tex = synthesize_texture(style, ["relu1_1", "relu2_1"], size=(32, 48), model=model, steps=20,
                             progress=False)
    assert tex.image.shape == (1, 3, 32, 48) and tex.curve()[-1] < 0.5 * tex.curve()[0]


def test_bad_arguments(model, images):
    with pytest.raises(ValueError, match="optimizer"):
        stylize(*images, model=model, steps=2, optimizer="sgd", progress=False)
    with pytest.raises(ValueError, match="init"):
        stylize(*images, model=model, steps=2, init="zeros", progress=False)
    with pytest.raises(ValueError, match="blend"):
        stylize(images[0], [images[1], images[1]], blend=[1.0], model=model, steps=2, progress=False)


def test_lbfgs_without_line_search_keeps_the_budget(model, images):
    objective = Objective(model, content_targets(model, images[0], ["relu4_2"]),
                          [StyleTarget(style_grams(model, images[1], ["relu1_1"]))], 1.0, 10.0)
    plain = optimize_image(objective, images[0], 12, line_search=None, progress=False)
    assert plain.evaluations == 12
    assert plain.history[-1]["total"] < plain.history[0]["total"]

