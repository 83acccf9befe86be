"""check_style_loss: each planted mistake gets its own, true diagnosis.

KNOWN: STYLE_MISTAKES and the first version of these tests; NEW: mistakes beyond them (a batch,
signs and patterns of G - A, which Gram matrix makes yours 0, types, old idioms, fitted factors).
Each entry: (id, kind, function, a phrase the message must contain); kind as in
test_checks_content.py.
"""

import pytest
import torch

from helpers import checks, losses
from helpers.checks import CheckFailed

gram = losses.gram_matrix


def sq(x):
    return (x ** 2).sum()


def flat(f):
    n, c, h, w = f.shape
    return f.reshape(n, c, h * w)


def raw(f):
    return flat(f) @ flat(f).transpose(1, 2)


def m(f):
    return f.shape[2] * f.shape[3]


def _positions_first_gram(f):  # reshaped to (N, M, C): channels and positions get mixed up
    n, c, h, w = f.shape
    x = f.reshape(n, h * w, c).transpose(1, 2)
    return x @ x.transpose(1, 2) / (h * w)


def _in_place(f, a):
    a -= gram(f)
    return sq(a) / sq(gram(f))


def _diagonal_only(f, a):
    return sq(torch.einsum("nchw,nchw->nc", f, f) / m(f) - a.diagonal(dim1=1, dim2=2)) / sq(a)


KNOWN = [
    ("no division", "formula", lambda f, a: sq(gram(f) - a), "forgot to divide by ||A||^2"),
    ("paper's factor", "formula", lambda f, a: sq(gram(f) - a) / (4 * f.shape[1] ** 2 * m(f) ** 2),
     "1 / (4 N^2 M^2)"),
    ("paper's factor, raw Grams", "formula",
     lambda f, a: sq(raw(f) - a * m(f)) / (4 * f.shape[1] ** 2 * m(f) ** 2), "1 / (4 N^2 M^2)"),
    ("paper's factor, raw G", "formula", lambda f, a: sq(raw(f) - a) / (4 * f.shape[1] ** 2 * m(f) ** 2),
     "1 / (4 N^2 M^2)"),
    ("raw G", "formula", lambda f, a: sq(raw(f) - a) / sq(a), "is not divided by M = H*W, but target_gram is"),
    ("mean over sum", "formula", lambda f, a: ((gram(f) - a) ** 2).mean() / sq(a), "mean instead of sum"),
    ("mse", "formula", lambda f, a: ((gram(f) - a) ** 2).mean(), "mean squared error"),
    ("abs", "formula", lambda f, a: (gram(f) - a).abs().sum() / sq(a), "absolute values"),
    ("norm", "formula", lambda f, a: (gram(f) - a).norm() / a.norm(), "norm (a square root)"),
    ("over G^2", "formula", lambda f, a: sq(gram(f) - a) / sq(gram(f)), "divided by sum(G^2)"),
    ("positions first", "structure", lambda f, a: sq(_positions_first_gram(f) - a) / sq(a), "shuffled"),
    ("detached", "structure", lambda f, a: sq(gram(f.detach()) - a) / sq(a), "no gradient flows"),
    ("sum over dim 0", "structure", lambda f, a: (gram(f) - a).pow(2).sum(dim=0) / sq(a), "expected a scalar"),
]

NEW = [
    ("mean of per-image losses", "structure",
     lambda f, a: torch.stack([sq(gram(x[None]) - a) / sq(a) for x in f]).mean(),
     "yours is always the reference divided by N"),
    ("image 0 only", "structure", lambda f, a: sq(gram(f[:1]) - a) / sq(a),
     "Yours gives what image 0 alone gives"),
    ("one value per image", "structure", lambda f, a: ((gram(f) - a) ** 2).sum((1, 2)) / sq(a),
     "yours has shape (2,), that is one value for each N"),
    ("target changed in place", "structure", _in_place, "changed its input `target_gram` in place"),
    ("item", "structure", lambda f, a: (sq(gram(f) - a) / sq(a)).item(), "Python number"),
    (".T on 3 axes", "structure", lambda f, a: sq(gram(f) - a.T) / sq(a), "reverses ALL its axes"),
    ("error relative to each entry", "structure", lambda f, a: (((gram(f) - a) / a) ** 2).sum(),
     "changes when G - A changes sign"),
    ("diagonals only", "structure", _diagonal_only, "two patterns with the same sum of squares"),
    ("features, not Grams", "structure", lambda f, a: sq(f - a) / sq(a), "must match the size"),
    ("own Gram over M^2", "structure", lambda f, a: sq(raw(f) / m(f) ** 2 - a) / sq(a),
     "Yours is 0 when target_gram is gram_matrix(features) times 1/(H*W)"),
    ("own covariance", "structure",
     lambda f, a: sq((lambda c: c @ c.transpose(1, 2) / m(f))(flat(f) - flat(f).mean(2, keepdim=True)) - a) / sq(a),
     "Yours is 0 when target_gram is the covariance of the features"),
    ("numpy", "structure", lambda f, a: (sq(gram(f) - a) / sq(a)).detach().numpy(), "NumPy array"),
    ("square of the sum of A", "formula", lambda f, a: sq(gram(f) - a) / a.sum() ** 2,
     "Yours computes sum((G - A)^2) / sum(|A|)^2"),
    ("target counted per image", "formula", lambda f, a: sq(gram(f) - a) / sq(a.expand_as(gram(f))),
     "yours is always the reference divided by N"),
    ("times C", "formula", lambda f, a: f.shape[1] * sq(gram(f) - a) / sq(a),
     "yours is always the reference times C"),
]


@pytest.mark.parametrize("kind, mistake, phrase", [m[1:] for m in KNOWN + NEW],
                         ids=[m[0] for m in KNOWN + NEW])
def test_style_loss_mistake_is_named(kind, mistake, phrase):
    with pytest.raises(CheckFailed, match="^style_loss: ") as failure:
        checks.check_style_loss(mistake)
    assert phrase in str(failure.value)


def test_enough_new_mistakes_most_not_formulas():
    kinds = [kind for _, kind, _, _ in NEW]
    assert len(NEW) >= 8 and kinds.count("structure") >= len(NEW) / 2


@pytest.mark.parametrize("solution", [
    lambda f, a: torch.sum((gram(f) - a) ** 2) / torch.sum(a ** 2),
    lambda f, a: sq(raw(f) / m(f) - a) / sq(a),
    lambda f, a: torch.nn.functional.mse_loss(gram(f), a.expand_as(gram(f)), reduction="sum") / sq(a),
], ids=["torch.sum", "own Gram", "mse_loss sum"])
def test_other_correct_style_losses_pass(solution):
    assert checks.check_style_loss(solution) is True
