"""check_content_loss: each planted mistake gets its own, true diagnosis.

KNOWN are the mistakes of CONTENT_MISTAKES and of the first version of these tests; NEW are
mistakes beyond those lists, found by probing (scale fits, batches, signs, shuffles, old PyTorch).
Each entry: (id, kind, function, a phrase the message must contain). kind "formula" is a
different normalisation; "structure" is everything else (an axis, the batch, a sign, a type,
the graph, an old idiom, an in-place change).
"""

import pytest
import torch
from torch.autograd import Variable

from helpers import checks
from helpers.checks import CheckFailed


def sq(x):
    return (x ** 2).sum()


def _in_place(f, p):
    f -= p
    return f.pow(2).sum() / p.pow(2).sum()


KNOWN = [
    ("no division", "formula", lambda f, p: sq(f - p), "forgot to divide by ||P||^2"),
    ("half", "formula", lambda f, p: 0.5 * sq(f - p), "paper's 1/2"),
    ("mse", "formula", lambda f, p: ((f - p) ** 2).mean(), "mean squared error"),
    ("mean over sum", "formula", lambda f, p: ((f - p) ** 2).mean() / sq(p), "mean in the numerator but sum"),
    ("abs", "formula", lambda f, p: (f - p).abs().sum() / sq(p), "absolute values"),
    ("over F", "formula", lambda f, p: sq(f - p) / sq(f), "divided by sum(F^2)"),
    ("norm", "formula", lambda f, p: (f - p).norm() / p.norm(), "norm (a square root)"),
    ("over CHW", "formula", lambda f, p: sq(f - p) / f[0].numel(), "divided by C*H*W"),
    ("item", "structure", lambda f, p: (sq(f - p) / sq(p)).item(), "Python number"),
    ("sum over HW", "structure", lambda f, p: ((f - p) ** 2).sum(dim=(2, 3)) / sq(p), "expected a scalar"),
    ("in place", "structure", _in_place, "changed its input `features` in place"),
    ("detached", "structure", lambda f, p: sq(f.detach() - p) / sq(p), "no gradient flows"),
    ("half detached", "structure", lambda f, p: ((f - p) * (f.detach() - p)).sum() / sq(p),
     "gradient is not"),
    ("no square", "structure", lambda f, p: (p - f).sum() / sq(p), "they cancel out"),
    ("times 3", "formula", lambda f, p: 3 * sq(f - p) / sq(p), "always 3 times the reference"),
]

NEW = [
    ("mean of per-image losses", "structure",
     lambda f, p: torch.stack([sq(a - b) / sq(b) for a, b in zip(f, p)]).mean(),
     "Yours is the mean of the losses of the single images"),
    ("image 0 only", "structure", lambda f, p: sq(f[0] - p[0]) / sq(p[0]),
     "Yours gives what image 0 alone gives"),
    ("one ratio per channel", "structure",
     lambda f, p: (((f - p) ** 2).sum((0, 2, 3)) / (p ** 2).sum((0, 2, 3))).sum(),
     "shuffled in the same way"),
    ("means compared", "structure", lambda f, p: sq(f.mean(1) - p.mean(1)) / sq(p.mean(1)),
     "shuffled in the same way"),
    ("one value per image", "structure", lambda f, p: ((f - p) ** 2).sum((1, 2, 3)) / sq(p),
     "yours has shape (2,), that is one value for each N"),
    ("numpy", "structure", lambda f, p: (sq(f - p) / sq(p)).detach().numpy(), "NumPy array"),
    ("tuple", "structure", lambda f, p: (sq(f - p) / sq(p), sq(p)), "tuple of 2 items"),
    (".data[0]", "structure", lambda f, p: (sq(f - p) / sq(p)).data[0], "use loss.item()"),
    ("Variable volatile", "structure", lambda f, p: sq(Variable(f, volatile=True) - p) / sq(p),
     "volatile does nothing"),
    (".data", "structure", lambda f, p: sq(f.data - p) / sq(p), "Your code uses .data (line"),
    ("torch.tensor", "structure", lambda f, p: torch.tensor((sq(f - p) / sq(p)).item()),
     "torch.tensor(...) (line"),
    ("positive part only", "structure", lambda f, p: sq((f - p).clamp(min=0)) / sq(p),
     "changes when F - P changes sign"),
    ("sum, then square", "structure", lambda f, p: (f - p).sum() ** 2 / sq(p), "they cancel out"),
    ("^ for a power", "structure", lambda f, p: ((f - p) ^ 2).sum() / (p ^ 2).sum(), "not a power"),
    ("square of the sum of P", "formula", lambda f, p: sq(f - p) / p.sum() ** 2,
     "Yours computes sum((F - P)^2) / sum(|P|)^2"),
    ("over sum of P", "formula", lambda f, p: sq(f - p) / p.sum(),
     "Yours computes sum((F - P)^2) / sum(|P|); it should compute sum((F - P)^2) / sum(P^2)"),
    ("over N", "formula", lambda f, p: sq(f - p) / sq(p) / f.shape[0],
     "yours is always the reference divided by N"),
    ("times C", "formula", lambda f, p: sq(f - p) / (sq(p) / f.shape[1]),
     "yours is always the reference times C"),
    ("over F^2 + P^2", "formula", lambda f, p: sq(f - p) / (sq(p) + sq(f)),
     "doubling F - P multiplies yours by"),
]


@pytest.mark.parametrize("kind, mistake, phrase", [m[1:] for m in KNOWN + NEW],
                         ids=[m[0] for m in KNOWN + NEW])
def test_content_loss_mistake_is_named(kind, mistake, phrase):
    with pytest.raises(CheckFailed, match="^content_loss: ") as failure:
        checks.check_content_loss(mistake)
    assert phrase in str(failure.value)


GPU = "needs an NVIDIA GPU|on two devices|but the inputs are on cpu"


def test_cuda_is_explained():
    """No GPU: .cuda() fails; with one, the result (or the loss) is on another device."""
    with pytest.raises(CheckFailed, match=GPU):
        checks.check_content_loss(lambda f, p: sq(f.cuda() - p.cuda()) / sq(p.cuda()))


def test_enough_new_mistakes_most_not_formulas():
    kinds = [kind for _, kind, _, _ in NEW]
    assert len(NEW) >= 8 and kinds.count("structure") >= len(NEW) / 2


@pytest.mark.parametrize("solution", [
    lambda f, p: torch.nn.functional.mse_loss(f, p, reduction="sum") / sq(p),
    lambda f, p: torch.norm(f - p) ** 2 / torch.norm(p) ** 2,
    lambda f, p: (f - p).square().sum() / p.square().sum(),
    lambda f, p: ((f - p) ** 2).mean() / (p ** 2).mean(),
], ids=["mse_loss sum", "norm squared", "square()", "mean over mean"])
def test_other_correct_content_losses_pass(solution):
    assert checks.check_content_loss(solution) is True
