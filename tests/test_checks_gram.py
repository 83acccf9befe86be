"""check_gram_matrix: each planted mistake gets its own, true diagnosis.

KNOWN: GRAM_MISTAKES and the first version of these tests; NEW: mistakes beyond them (shapes,
batches, channels and positions mixed, crashes and old idioms, scale factors found by fitting).
Each entry: (id, kind, function, a phrase the message must contain); kind as in
test_checks_content.py.
"""

import pytest
import torch

from helpers import checks
from helpers.checks import CheckFailed


def flat(f):
    n, c, h, w = f.shape
    return f.reshape(n, c, h * w)


def raw(f):
    return flat(f) @ flat(f).transpose(1, 2)


def m(f):
    return f.shape[2] * f.shape[3]


def _in_place(f):
    f /= m(f) ** 0.5
    return raw(f)


def _shared(f):
    """One C x C matrix from features.reshape(c, -1), copied for every image."""
    x = f.reshape(f.shape[1], -1)
    return (x @ x.T / m(f)).expand(f.shape[0], -1, -1)


def _mixed(f):
    x = f.reshape(f.shape[0], m(f), f.shape[1]).transpose(1, 2)
    return x @ x.transpose(1, 2) / m(f)


KNOWN = [
    ("no division", "formula", raw, "forgot to divide by M = H*W"),
    ("over CHW", "formula", lambda f: raw(f) / f[0].numel(), "divided by C*H*W"),
    ("over M^2", "formula", lambda f: raw(f) / m(f) ** 2, "divided by M = H*W twice"),
    ("over C", "formula", lambda f: raw(f) / f.shape[1], "divided by C (the channels)"),
    ("over W", "formula", lambda f: raw(f) / f.shape[3], "divided by H or by W only"),
    ("M x M", "structure", lambda f: flat(f).transpose(1, 2) @ flat(f) / m(f), "transposed the wrong factor"),
    ("batch dropped", "structure",
     lambda f: f[0].reshape(f.shape[1], -1) @ f[0].reshape(f.shape[1], -1).T / m(f),
     "the batch axis is missing"),
    ("not symmetric", "structure", lambda f: flat(f) @ flat(f).roll(1, dims=1).transpose(1, 2) / m(f),
     "not symmetric"),
    ("covariance", "formula",
     lambda f: (lambda c: c @ c.transpose(1, 2) / c.shape[2])(flat(f) - flat(f).mean(2, keepdim=True)),
     "covariance matrix"),
    ("one image only", "structure", lambda f: (lambda x: x @ x.transpose(1, 2) / m(f))(f.reshape(1, f.shape[1], -1)),
     "works for one image but not for a batch"),
    ("minus", "formula", lambda f: -raw(f) / m(f), "always minus the reference"),
    ("in place", "structure", _in_place, "in place"),
    ("detached", "structure", lambda f: (raw(f) / m(f)).detach(), "no gradient flows"),
    ("list", "structure", lambda f: [[0.0]], "returned a list of 1 item"),
]

NEW = [
    ("channels and positions mixed", "structure", _mixed,
     "Yours is the Gram matrix of features reshaped to (N, H*W, C)"),
    ("one matrix for the batch", "structure", lambda f: _shared(f)[:1],
     "yours gives one matrix, which is not the Gram matrix of either image"),
    ("shared by the images", "structure", _shared, "when image 1 is all zeros"),
    ("image 0 only", "structure", lambda f: _shared(f[:1])[0], "the Gram matrix of image 0 only"),
    ("last image only", "structure", lambda f: _shared(f[-1:]), "the Gram matrix of image 1 only"),
    ("summed over the batch", "structure", lambda f: torch.einsum("nchw,ndhw->cd", f, f) / m(f),
     "the sum of the two images' Gram matrices"),
    ("diagonal only", "structure", lambda f: torch.einsum("nchw,nchw->nc", f, f) / m(f),
     "returned only the diagonal"),
    ("rows of each map", "structure", lambda f: f @ f.transpose(2, 3) / m(f),
     "one small matrix for each channel"),
    ("no transpose", "structure", lambda f: torch.bmm(flat(f), flat(f)) / m(f),
     "the two factors of a matrix product do not fit"),
    ("torch.mm on a batch", "structure", lambda f: torch.mm(flat(f), flat(f).transpose(1, 2)) / m(f),
     "torch.mm works on 2-D matrices only"),
    (".t() on a batch", "structure", lambda f: flat(f) @ flat(f).t() / m(f), ".t() works on 2-D matrices only"),
    (".T on 3 axes", "structure", lambda f: flat(f) @ flat(f).T / m(f), "reverses ALL its axes"),
    ("numpy", "structure", lambda f: (raw(f) / m(f)).detach().numpy(), "NumPy array"),
    ("torch.tensor", "structure", lambda f: torch.tensor((raw(f) / m(f)).tolist()),
     "Your code uses .tolist() (line"),
    ("plus one", "structure", lambda f: raw(f) / m(f) + 1, "but only G[0, 0, 0] may be non-zero"),
    ("normalised features", "structure", lambda f: raw(f / f.norm()) / m(f),
     "it should be mean(F_0^2) over the H*W positions"),
    ("over N*M", "structure", lambda f: raw(f) / (f.shape[0] * m(f)), "you divide by N, the batch size, too"),
    ("over sqrt(M)", "formula", lambda f: raw(f) / m(f) ** 0.5, "Yours computes F F^T / sqrt(H*W)"),
    ("over M - 1", "formula", lambda f: raw(f) / (m(f) - 1), "Yours computes F F^T / (H*W - 1)"),
    ("over H*H", "formula", lambda f: raw(f) / f.shape[2] ** 2, "Yours computes F F^T / H^2"),
    ("times 2", "formula", lambda f: 2 * raw(f) / m(f), "always 2 times the reference"),
    ("over C^2 M", "formula", lambda f: raw(f) / (f.shape[1] ** 2 * m(f)),
     "the reference divided by C^2. Yours computes F F^T / (H*W * C^2)"),
]


@pytest.mark.parametrize("kind, mistake, phrase", [m[1:] for m in KNOWN + NEW],
                         ids=[m[0] for m in KNOWN + NEW])
def test_gram_matrix_mistake_is_named(kind, mistake, phrase):
    with pytest.raises(CheckFailed, match="^gram_matrix: ") as failure:
        checks.check_gram_matrix(mistake)
    assert phrase in str(failure.value)


def test_enough_new_mistakes_most_not_formulas():
    kinds = [kind for _, kind, _, _ in NEW]
    assert len(NEW) >= 8 and kinds.count("structure") >= len(NEW) / 2


@pytest.mark.parametrize("solution", [
    lambda f: torch.einsum("nchw,ndhw->ncd", f, f) / m(f),
    lambda f: torch.bmm(flat(f), flat(f).transpose(1, 2)) / m(f),
    lambda f: torch.stack([x.reshape(x.shape[0], -1) @ x.reshape(x.shape[0], -1).T / m(f) for x in f]),
    lambda f: flat(f) @ flat(f).mT / m(f),
], ids=["einsum", "bmm", "loop", "mT"])
def test_other_correct_gram_matrices_pass(solution):
    assert checks.check_gram_matrix(solution) is True
