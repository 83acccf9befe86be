"""Every bad call a reader can make gets OUR exception (ImageError or InputError, from
helpers/inputs.py), with a message that names the problem and the fix, before any long work.

No test here runs an optimisation: the recipes must refuse before they even load a network
(`default_model` is made to fail), so each refusal costs milliseconds.
"""

import importlib

import numpy as np
import pytest
import torch
from PIL import Image

from helpers import (ImageError, InputError, Result, check_mask, extract_features,
                     keep_content_color, load_image, mask_pair, match_color, optimize_image,
                     reconstruct_content, rescale_style, rgb_to_yiq, save_image, stylize,
                     synthesize_texture, threshold_mask, to_luminance)
from helpers.multiscale import stylize_coarse_to_fine
from helpers.vgg import load_vgg

GOOD = torch.rand(1, 3, 48, 64, generator=torch.Generator().manual_seed(0))
STYLE = torch.rand(1, 3, 40, 40, generator=torch.Generator().manual_seed(1))


@pytest.fixture(autouse=True)
def no_network_needed(monkeypatch):
    """A recipe that reaches for the network has not refused in time."""
    def too_late(*args, **kwargs):
        pytest.fail("the bad input was not refused before the network was loaded")
    for module in ("helpers.stylize", "helpers.multiscale"):  # helpers.stylize is the function
        monkeypatch.setattr(importlib.import_module(module), "default_model", too_late)


def refused(call, kind, *words):
    """call() must raise exactly `kind` (not PIL's, torch's or pathlib's), naming `words`."""
    with pytest.raises(ValueError) as info:
        call()
    assert type(info.value) is kind, f"{type(info.value).__name__}: {info.value}"
    message = str(info.value)
    for word in words:
        assert word.lower() in message.lower(), f"{word!r} not in: {message}"
    return message


def _with_nan():
    image = GOOD.clone()
    image[0, 1, 5, 7] = float("nan")
    return image


def _with_inf():
    image = GOOD.clone()
    image[0, 0, 0, 0] = float("inf")
    return image


# --- images: dtype, range, values --------------------------------------------------------------

@pytest.mark.parametrize("bad, words", [
    ((GOOD * 255).round().to(torch.uint8), ["uint8", ".float() / 255"]),
    (GOOD * 255, ["0-255", "divide by 255"]),
    ((GOOD - 0.45) / 0.225, ["normalis", "std + mean", "inside the network"]),
    (GOOD * 1.2, ["outside", "clamp(0, 1)"]),
    (GOOD - 0.3, ["clamp(0, 1)"]),
    (_with_nan(), ["1 NaN"]),
    (_with_inf(), ["infinite"]),
    (GOOD > 0.5, ["True/False", ".float()"]),
])
def test_bad_values_are_refused_with_the_fix(bad, words):
    refused(lambda: stylize(bad, STYLE, steps=2), ImageError, "content", *words)
    refused(lambda: stylize(GOOD, bad, steps=2), ImageError, "style", *words)


def test_rounding_is_accepted_and_clipped():
    from helpers.inputs import check_image
    nearly = GOOD.clone()
    nearly[0, 0, 0, 0], nearly[0, 0, 0, 1] = -0.0005, 1.0008
    checked = check_image(nearly)
    assert float(checked.min()) >= 0 and float(checked.max()) <= 1


# --- images: shape and size -------------------------------------------------------------------

@pytest.mark.parametrize("bad, words", [
    (GOOD[0].permute(1, 2, 0), ["colours come last", "permute(2, 0, 1).unsqueeze(0)"]),
    (GOOD.permute(0, 2, 3, 1), ["permute(0, 3, 1, 2)"]),
    (GOOD[:, :1], ["grey", "expand(1, 3, -1, -1)"]),
    (GOOD[0, 0], ["(H, W)", "expand(1, 3, -1, -1)"]),
    (torch.cat([GOOD, GOOD[:, :1]], dim=1), ["RGBA", "[:, :3]"]),
    (torch.cat([GOOD, GOOD]), ["batch of 2", "[i:i + 1]"]),
    (GOOD[0, 0, 0], ["(1, 3, H, W)"]),
])
def test_bad_shapes_say_how_to_get_there(bad, words):
    refused(lambda: stylize(bad, STYLE, steps=2), ImageError, "content", "(1, 3, H, W)", *words)


def test_not_a_tensor():
    array = (GOOD[0].permute(1, 2, 0).numpy() * 255).astype(np.uint8)
    refused(lambda: stylize(array, STYLE, steps=2), ImageError, "ndarray", "torch.from_numpy")
    refused(lambda: stylize(GOOD, Image.fromarray(array), steps=2), ImageError, "to_tensor")
    refused(lambda: stylize(GOOD, [STYLE, 3], steps=2), ImageError, "style 2", "int")


def test_too_small_for_the_deepest_layer_says_the_size_to_use():
    tiny = GOOD[..., :12, :20]
    message = refused(lambda: stylize(tiny, STYLE, steps=2), ImageError,
                      "20 px wide and 12 px high", "relu5_1", "4 times", "at least 16 px",
                      "resize(image, 27)", "max_size=54")
    assert "Output size" not in message
    refused(lambda: stylize(GOOD, STYLE[..., :8, :8], steps=2), ImageError, "style", "16 px")
    # Shallow layers need less: relu4_2 (the content layer) sees the image after 3 poolings.
    refused(lambda: stylize(GOOD[..., :6, :10], STYLE, steps=2, style_layers=["relu1_1"]),
            ImageError, "relu4_2", "3 times", "at least 8 px", "resize(image, 14)")
    refused(lambda: reconstruct_content(GOOD[..., :6, :6], "relu4_2", steps=2), ImageError,
            "relu4_2", "8 px")
    refused(lambda: synthesize_texture(STYLE, ["relu5_1"], size=(8, 8), steps=2), ImageError,
            "texture size", "16 px")
    refused(lambda: synthesize_texture(STYLE, ["relu1_1"], size=(8.5, 8), steps=2), ImageError,
            "(height, width)")


def test_extract_features_on_a_tiny_image_is_our_error_not_torchs():
    model = load_vgg("vgg19", "random", device="cpu")
    refused(lambda: extract_features(model, GOOD[..., :8, :8], "relu5_1"), ImageError,
            "8 px wide", "relu5_1", "16 px")
    refused(lambda: extract_features(model, GOOD[..., :8, :8], "pool5"), ImageError, "32 px")
    assert extract_features(model, GOOD[..., :16, :16], "relu5_1")["relu5_1"].shape[-1] == 1


# --- masks -----------------------------------------------------------------------------------

def test_masks_of_clear_meaning_are_accepted():
    plain = (torch.rand(1, 1, 48, 64) > 0.5).float()
    assert torch.equal(check_mask(plain[0, 0], (48, 64)), plain)           # (H, W)
    assert torch.equal(check_mask(plain[0], (48, 64)), plain)              # (1, H, W)
    assert torch.equal(check_mask(plain.expand(1, 3, -1, -1), (48, 64)), plain)  # grey RGB file
    assert torch.equal(check_mask(plain > 0.5, (48, 64)), plain)           # True / False
    half = check_mask(torch.ones(1, 1, 24, 32), (48, 64))                  # another size
    assert half.shape == (1, 1, 48, 64) and torch.allclose(half, torch.ones_like(half))
    assert check_mask(torch.ones(1, 1, 97, 128), (48, 64)).shape == (1, 1, 48, 64)  # rounding


@pytest.mark.parametrize("bad, words", [
    (torch.rand(1, 3, 48, 64), ["has colours", "threshold_mask"]),
    (torch.rand(2, 1, 48, 64), ["2 masks", "split(1)"]),
    (torch.rand(1, 4, 48, 64), ["RGBA"]),
    (torch.rand(48, 64, 1), ["channel comes last", "permute(2, 0, 1)"]),
    (torch.rand(1, 1, 48, 48), ["48x48", "64x48", "another shape", "split_masks(content)"]),
    (torch.rand(1, 1, 48, 64) * 255, ["divide by 255"]),
    ((torch.rand(1, 1, 48, 64) * 255).to(torch.uint8), ["uint8"]),
    (torch.full((1, 1, 48, 64), float("nan")), ["NaN"]),
    (np.ones((48, 64)), ["ndarray", "(1, 1, H, W)"]),
])
def test_bad_masks_are_refused_with_the_expected_shape(bad, words):
    refused(lambda: stylize(GOOD, [STYLE, STYLE], masks=[bad, torch.ones(1, 1, 48, 64)],
                            steps=2), ImageError, "masks[0]", *words)


def test_mask_pair_and_coarse_to_fine_use_the_same_gate():
    first, second = mask_pair(torch.ones(48, 64))
    assert first.shape == second.shape == (1, 1, 48, 64)
    refused(lambda: mask_pair(torch.rand(1, 3, 8, 8)), ImageError, "(1, 1, H, W)")
    refused(lambda: stylize_coarse_to_fine(GOOD, [STYLE, STYLE], sizes=[32, 64], steps=2,
                                           masks=[torch.rand(1, 1, 10, 40)] * 2),
            ImageError, "masks[0]", "another shape")


# --- weights and budgets -----------------------------------------------------------------------

@pytest.mark.parametrize("settings, words", [
    ({"steps": 0}, ["steps=0", "at least 1"]),
    ({"steps": -5}, ["steps=-5"]),
    ({"steps": 2.5}, ["steps=2.5", "whole number"]),
    ({"steps": 10.0}, ["steps=10.0", "such as 10"]),
    ({"steps": True}, ["steps=True", "whole number"]),
    ({"steps": "10"}, ["steps='10'"]),
    ({"content_weight": -1}, ["content_weight=-1", ">= 0"]),
    ({"style_weight": float("nan")}, ["style_weight=nan", "finite"]),
    ({"tv_weight": float("inf")}, ["tv_weight=inf", "finite"]),
    ({"style_weight": "10"}, ["style_weight='10'"]),
    ({"layer_weights": {"relu1_1": -1.0}}, ["layer_weights['relu1_1']=-1.0"]),
    ({"lr": 0}, ["lr=0"]),
    ({"lr": -0.1}, ["lr=-0.1"]),
])
def test_bad_weights_and_budgets(settings, words):
    refused(lambda: stylize(GOOD, STYLE, **{"steps": 2, **settings}), InputError, *words)


def test_every_recipe_checks_its_budget():
    refused(lambda: stylize(GOOD, [STYLE, STYLE], blend=[1.0, -0.5], steps=2), InputError,
            "blend[1]=-0.5")
    refused(lambda: reconstruct_content(GOOD, "relu2_2", steps=0), InputError, "steps=0")
    refused(lambda: synthesize_texture(STYLE, ["relu1_1"], steps=1.5), InputError, "steps=1.5")
    refused(lambda: optimize_image(lambda x: {"total": x.sum()}, GOOD, 0), InputError, "steps=0")
    refused(lambda: optimize_image(lambda x: {"total": x.sum()}, GOOD * 255, 3), ImageError,
            "init", "divide by 255")
    refused(lambda: stylize_coarse_to_fine(GOOD, STYLE, sizes=[32, 64], steps=[2, 0]),
            InputError, "steps[1]=0")


# --- the colour, mask and scale helpers --------------------------------------------------------

def test_colour_mask_and_scale_helpers_use_the_gate():
    refused(lambda: match_color(STYLE * 255, GOOD), ImageError, "style", "divide by 255")
    refused(lambda: keep_content_color(GOOD, _with_nan()), ImageError, "content", "NaN")
    refused(lambda: to_luminance(GOOD[0].permute(1, 2, 0)), ImageError, "permute")
    refused(lambda: rgb_to_yiq(torch.rand(3, 8, 8)), ImageError, "(N, 3, H, W)", "unsqueeze(0)")
    refused(lambda: threshold_mask((GOOD * 255).to(torch.uint8)), ImageError, "uint8")
    refused(lambda: rescale_style(STYLE[0], 0.5), ImageError, "style", "unsqueeze(0)")
    refused(lambda: rescale_style(STYLE, float("nan")), InputError, "factor=nan")
    refused(lambda: rescale_style(STYLE, 0.25), ImageError, "32 px")
    # The linear colour transforms take any finite values (YIQ, unclamped RGB).
    assert rgb_to_yiq(GOOD * 1.5).shape == GOOD.shape


# --- files -----------------------------------------------------------------------------------

def test_load_image_of_a_url_or_not_a_path(tmp_path):
    refused(lambda: load_image("https://example.org/cat.jpg"), ImageError, "download_image")
    refused(lambda: load_image(GOOD), ImageError, "path", "Tensor", "already a tensor")
    refused(lambda: load_image(42), ImageError, "path", "int")
    refused(lambda: load_image(None), ImageError, "path", "NoneType")
    refused(lambda: stylize("http://example.org/a.png", STYLE, steps=2), ImageError,
            "download_image")


def test_permission_error_is_ours(tmp_path, monkeypatch):
    path = tmp_path / "secret.png"
    Image.new("RGB", (40, 40)).save(path)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(Image, "open", denied)  # a chmod would not stop root (CI runs as root)
    message = refused(lambda: load_image(path), ImageError, "secret.png", "permission")
    assert "damaged" not in message


def test_decompression_bomb_is_ours(tmp_path, monkeypatch):
    Image.new("RGB", (100, 100)).save(tmp_path / "bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 10,000 px: over twice the limit
    refused(lambda: load_image(tmp_path / "bomb.png"), ImageError, "bomb.png", "safety limit",
            "MAX_IMAGE_PIXELS")


def test_save_image_takes_a_result_and_refuses_unknown_suffixes(tmp_path):
    written = save_image(Result(image=GOOD), tmp_path / "result.png")
    assert written.exists()
    assert save_image(torch.ones(1, 1, 40, 40), tmp_path / "mask.png").exists()  # a mask
    for name in ("out/picture.xyz", "out/picture"):
        refused(lambda: save_image(GOOD, tmp_path / name), ImageError, "format", ".png")
    assert not (tmp_path / "out").exists()  # refused before any folder was made
    refused(lambda: save_image(GOOD * 255, tmp_path / "x.png"), ImageError, "divide by 255")
    refused(lambda: save_image(GOOD, 42), ImageError, "save_image", "path")


def test_save_image_into_an_unwritable_folder(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    refused(lambda: save_image(GOOD, tmp_path / "notes.txt" / "out.png"), ImageError,
            "cannot write", str(tmp_path / "notes.txt"))

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(type(tmp_path), "mkdir", denied)
    refused(lambda: save_image(GOOD, tmp_path / "locked" / "out.png"), ImageError,
            "cannot write", str(tmp_path / "locked"), "Permission denied")


# --- the explorers -----------------------------------------------------------------------------

def test_explorers_refuse_bad_images_when_made():
    widgets = pytest.importorskip("helpers.widgets")
    refused(lambda: widgets.balance_explorer(GOOD * 255, STYLE), ImageError, "content",
            "divide by 255")
    refused(lambda: widgets.balance_explorer(GOOD, STYLE, ratios=(1, -10)), InputError,
            "ratios[1]=-10")
    refused(lambda: widgets.balance_explorer(GOOD, STYLE, steps=0), InputError, "steps=0")
    refused(lambda: widgets.reconstruction_explorer({"relu1_1": _with_nan()}), ImageError,
            "results['relu1_1']", "NaN")
    refused(lambda: widgets.reconstruction_explorer({"relu1_1": GOOD}, reference=GOOD[0, 0]),
            ImageError, "reference")
    model = load_vgg("vgg19", "random", device="cpu")
    refused(lambda: widgets.feature_map_explorer(model, images=[GOOD.permute(0, 2, 3, 1)]),
            ImageError, "images['image 1']", "permute")
