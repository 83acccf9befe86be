"""Speed settings of the objective and of `stylize`: channels_last and the "auto" precision.

They must not change what is computed (beyond rounding), keep the losses finite, and keep CPU
runs repeatable. No timing here: benchmarks/bench.py measures speed.
"""

import pytest
import torch

from helpers.objective import CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget
from helpers.objective import content_targets, style_grams
from helpers.config import default_autocast_dtype
from helpers.stylize import stylize
from helpers.vgg import load_vgg


@pytest.fixture(scope="module")
def model():
    return load_vgg("vgg19", "random", device="cpu")


@pytest.fixture(scope="module")
def images():
    generator = torch.Generator().manual_seed(2)
    return torch.rand(1, 3, 48, 64, generator=generator), torch.rand(1, 3, 64, 64,
                                                                       generator=generator)


def test_channels_last_same_losses(model, images):
    content, style = images
    image = (content + 0.1 * torch.randn_like(content)).clamp(0, 1)
    parts = []
    for channels_last in (False, True):
        objective = Objective(model, content_targets(model, content, CONTENT_LAYERS),
                              [StyleTarget(style_grams(model, style, STYLE_LAYERS))],
                              1.0, 10.0, 1.0, channels_last=channels_last)
        parts.append(objective(image))
    for name in ("total", "content", "style", "tv"):
        torch.testing.assert_close(parts[0][name], parts[1][name], rtol=1e-4, atol=1e-8)


def test_default_precision_is_known():
    assert default_autocast_dtype("cpu") in (None, torch.bfloat16)


@pytest.mark.parametrize("value", ["float32", "FP32 "])
def test_nst_precision_float32_turns_bf16_off(monkeypatch, value):
    monkeypatch.setenv("NST_PRECISION", value)
    assert default_autocast_dtype("cpu") is None
    assert default_autocast_dtype("cuda") is None


def test_nst_precision_leaves_the_hardware_fact_alone(monkeypatch):
    from helpers.config import native_bf16

    monkeypatch.delenv("NST_PRECISION", raising=False)
    native = native_bf16("cpu")
    assert (default_autocast_dtype("cpu") == torch.bfloat16) == native
    monkeypatch.setenv("NST_PRECISION", "float32")
    assert native_bf16("cpu") == native  # what the benchmarks' machine line reports


def test_nst_precision_auto_is_the_default(monkeypatch):
    monkeypatch.delenv("NST_PRECISION", raising=False)
    unset = default_autocast_dtype("cpu")
    monkeypatch.setenv("NST_PRECISION", "auto")
    assert default_autocast_dtype("cpu") == unset


def test_nst_precision_unknown_value_names_the_choices(monkeypatch):
    monkeypatch.setenv("NST_PRECISION", "half")
    with pytest.raises(ValueError, match="NST_PRECISION='half'.*'float32' or 'auto'"):
        default_autocast_dtype("cpu")


@pytest.mark.parametrize("dtype", ["auto", None, torch.bfloat16])
def test_precisions_keep_losses_finite(model, images, dtype):
    content, style = images
    result = stylize(content, style, model=model, steps=4, autocast_dtype=dtype, progress=False)
    assert result.image.shape == content.shape and result.image.dtype == torch.float32
    assert all(torch.isfinite(torch.tensor(result.curve(part))).all()
               for part in ("total", "content", "style", "tv"))
    assert result.curve()[-1] <= result.curve()[0]


def test_default_settings_repeat_exactly(model, images):
    content, style = images
    runs = [stylize(content, style, model=model, steps=3, init="noise", seed=5, progress=False)
            for _ in range(2)]
    assert torch.equal(runs[0].image, runs[1].image)


def test_unknown_precision_is_refused(model, images):
    with pytest.raises(ValueError):
        stylize(*images, model=model, steps=1, autocast_dtype="fast", progress=False)


def test_objective_equals_losses_of_extracted_features(model, images):
    # The objective computes each term while the forward pass runs; the values and the
    # gradient must be those of the plain definition on the extracted features.
    from helpers.losses import content_loss, style_loss, total_variation_loss
    from helpers.vgg import extract_features
    content, style = images
    grams = style_grams(model, style, STYLE_LAYERS)
    objective = Objective(model, content_targets(model, content, CONTENT_LAYERS),
                          [StyleTarget(grams)], 1.0, 10.0, 1.0, channels_last=False)
    start = (content + 0.1 * torch.randn_like(content)).clamp(0, 1)
    image = start.clone().requires_grad_(True)
    ours = objective(image)
    ours["total"].backward()
    image2 = start.clone().requires_grad_(True)
    feats = extract_features(model, image2, [*CONTENT_LAYERS, *STYLE_LAYERS])
    targets = content_targets(model, content, CONTENT_LAYERS)
    c = content_loss(feats["relu4_2"], targets["relu4_2"])
    s = sum(style_loss(feats[name], grams[name]) for name in STYLE_LAYERS) / len(STYLE_LAYERS)
    total = c + 10 * s + total_variation_loss(image2)
    total.backward()
    torch.testing.assert_close(ours["total"], total, rtol=1e-5, atol=1e-8)
    torch.testing.assert_close(image.grad, image2.grad, rtol=1e-4, atol=1e-9)
