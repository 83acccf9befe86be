"""check_total_variation_loss: each planted mistake gets its own, true diagnosis.

KNOWN: TV_MISTAKES and the first version of these tests; NEW: mistakes beyond them, told apart
by images that change along one axis only, one channel, an inverted or mirrored image, a batch,
a bright line at the border, and factors fitted over many shapes.
Each entry: (id, kind, function, a phrase the message must contain); kind as in
test_checks_content.py.
"""

import pytest
import torch

from helpers import checks
from helpers.checks import CheckFailed


def dx(x):
    return x[..., :, 1:] - x[..., :, :-1]


def dy(x):
    return x[..., 1:, :] - x[..., :-1, :]


def tv(x):
    return dx(x).pow(2).mean() + dy(x).pow(2).mean()


def _in_place(x):
    x.clamp_(0.2, 0.8)
    return tv(x)


KNOWN = [
    ("sum", "formula", lambda x: dx(x).pow(2).sum() + dy(x).pow(2).sum(), "sum instead of mean"),
    ("L1", "formula", lambda x: dx(x).abs().mean() + dy(x).abs().mean(), "absolute differences"),
    ("W only", "structure", lambda x: dx(x).pow(2).mean(), "horizontal neighbours only"),
    ("H only", "structure", lambda x: dy(x).pow(2).mean(), "vertical neighbours only"),
    ("both along W", "structure", lambda x: 2 * dx(x).pow(2).mean(), "same way (both along W)"),
    ("averaged", "formula", lambda x: tv(x) / 2, "averaged the two directions"),
    ("one mean", "formula", lambda x: torch.cat([dx(x).flatten(), dy(x).flatten()]).pow(2).mean(),
     "one mean over all differences"),
    ("roll", "structure",
     lambda x: (torch.roll(x, 1, -1) - x).pow(2).mean() + (torch.roll(x, 1, -2) - x).pow(2).mean(),
     "torch.roll wraps around"),
    ("half detached", "structure", lambda x: (x[..., :, 1:] - x[..., :, :-1].detach()).pow(2).mean()
     + dy(x).pow(2).mean(), "gradient is not"),
    ("in place", "structure", _in_place, "changed its input `image` in place"),
    ("pixels, not differences", "structure", lambda x: x.pow(2).mean(), "should be 0 for an image of one colour"),
]

NEW = [
    ("across the channels", "structure", lambda x: dx(x).pow(2).mean() + (x[:, 1:] - x[:, :-1]).pow(2).mean(),
     "You take differences across the colour channels (dim 1)"),
    ("across the batch", "structure", lambda x: tv(x) + (x[1:] - x[:-1]).pow(2).sum(),
     "differences between the images of the batch (dim 0)"),
    ("image 0 only", "structure", lambda x: tv(x[:1]), "Yours gives what image 0 alone gives"),
    ("channel 0 only", "structure", lambda x: tv(x[:, :1]), "only colour channel 1 or 2 changes"),
    ("grey first", "structure", lambda x: tv(x.mean(1)), "mixes the colour channels"),
    ("not squared", "structure", lambda x: dx(x).mean() + dy(x).mean(), "changes when the image is inverted"),
    ("cropped to one size", "structure", lambda x: (dx(x)[..., :-1, :].pow(2) + dy(x)[..., :, :-1].pow(2)).mean(),
     "right for images that change along W only and along H only"),
    ("roll the other way", "structure",
     lambda x: (torch.roll(x, -1, 3) - x).pow(2).mean() + dy(x).pow(2).mean(),
     "as if the last pixel were next to the first"),
    ("one value per image", "structure", lambda x: dx(x).pow(2).mean((1, 2, 3)) + dy(x).pow(2).mean((1, 2, 3)),
     "yours has shape (2,), that is one value for each N"),
    ("over the size of x", "formula", lambda x: (dx(x).pow(2).sum() + dy(x).pow(2).sum()) / x.numel(),
     "Yours computes sum(dx^2) / (N*C*H*W)"),
    ("square roots", "formula", lambda x: dx(x).pow(2).mean().sqrt() + dy(x).pow(2).mean().sqrt(),
     "That is the square root of the reference"),
    ("sum over the batch", "formula", lambda x: sum(tv(image) for image in x),
     "yours is always the reference times N"),
    ("norms", "formula", lambda x: dx(x).norm() + dy(x).norm(), "Yours computes sqrt(sum(dx^2))"),
    ("one count for both", "formula", lambda x: (dx(x).pow(2).sum() + dy(x).pow(2).sum()) / dx(x).numel(),
     "Yours computes sum(dy^2) / (N*C*H*(W - 1)); it should compute sum(dy^2) / (N*C*W*(H - 1))"),
    ("without C", "formula", lambda x: dx(x).pow(2).sum((0, 2, 3)).sum() / dx(x[:, 0]).numel() + dy(x).pow(2).mean(),
     "Yours computes sum(dx^2) / (N*H*(W - 1))"),
]


@pytest.mark.parametrize("kind, mistake, phrase", [m[1:] for m in KNOWN + NEW],
                         ids=[m[0] for m in KNOWN + NEW])
def test_total_variation_mistake_is_named(kind, mistake, phrase):
    with pytest.raises(CheckFailed, match="^total_variation_loss: ") as failure:
        checks.check_total_variation_loss(mistake)
    assert phrase in str(failure.value)


def test_enough_new_mistakes_most_not_formulas():
    kinds = [kind for _, kind, _, _ in NEW]
    assert len(NEW) >= 8 and kinds.count("structure") >= len(NEW) / 2


@pytest.mark.parametrize("solution", [
    lambda x: torch.mean(torch.diff(x, dim=3) ** 2) + torch.mean(torch.diff(x, dim=2) ** 2),
    lambda x: torch.nn.functional.mse_loss(x[..., 1:], x[..., :-1]) + torch.nn.functional.mse_loss(
        x[..., 1:, :], x[..., :-1, :]),
    lambda x: (x[:, :, :, :-1] - x[:, :, :, 1:]).square().mean() + (x[:, :, :-1] - x[:, :, 1:]).square().mean(),
], ids=["diff", "mse_loss", "the other way round"])
def test_other_correct_total_variations_pass(solution):
    assert checks.check_total_variation_loss(solution) is True
