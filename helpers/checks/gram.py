"""Self-check for the Gram matrix exercise: check_gram_matrix, with GRAM_MISTAKES, the wrong
normalisations it can name. Its probes (wrong shapes, one channel active, a batch with an
all-zero image, a channel permutation) are in gram_probes.py. Notebooks import it from
helpers.checks (contract in its docstring).
"""

from __future__ import annotations

import torch

from .. import losses
from ..messages import listed, say
from .base import _Check, _close, _features, _shape_text, type_text
from .gram_probes import batch_problem, gram_probe, gram_scale, shape_problem


def _flat(f):
    n, c, h, w = f.shape
    return f.float().reshape(n, c, h * w)


def _raw_gram(f):
    flat = _flat(f)
    return flat @ flat.transpose(1, 2)


GRAM_MISTAKES = [
    (listed("forgot to divide by M = H*W (the number of positions). G = F F^T / M."), _raw_gram),
    (listed("divided by C*H*W. Our convention divides by M = H*W only (notebook 04 compares the "
            "normalisations)."), lambda f: _raw_gram(f) / (f.shape[1] * f.shape[2] * f.shape[3])),
    (listed("divided by M = H*W twice (by M^2). Divide once."),
     lambda f: _raw_gram(f) / (f.shape[2] * f.shape[3]) ** 2),
    (listed("divided by C (the channels) instead of M = H*W (the positions)."),
     lambda f: _raw_gram(f) / f.shape[1]),
    (listed("divided by H or by W only. M = H*W, the number of positions."),
     lambda f: _raw_gram(f) / f.shape[2]),
    (listed("divided by H or by W only. M = H*W, the number of positions."),
     lambda f: _raw_gram(f) / f.shape[3]),
    (listed("subtracted each channel's mean first: that is a covariance matrix, not the Gram "
            "matrix. Use the features as they are."),
     lambda f: (lambda c: c @ c.transpose(1, 2) / c.shape[2])(_flat(f) - _flat(f).mean(2, True))),
]


def check_gram_matrix(fn) -> bool:
    """Check `fn(features (N, C, H, W)) -> (N, C, C)` = F F^T / (H*W). Seven checks."""
    generator = torch.Generator().manual_seed(1)
    cases = [(_features(generator, *shape),)
             for shape in [(1, 3, 4, 6), (1, 6, 5, 3), (1, 2, 7, 4)]]
    check = _Check("gram_matrix", fn, cases, GRAM_MISTAKES, [gram_scale()], gram_probe)
    features = _features(generator, 1, 4, 5, 7)
    before = [features.clone()]
    gram = check.call(features)
    if not isinstance(gram, torch.Tensor):
        check.fail(say("returned {what}.", what=type_text(gram, "(1, 4, 4)")))
    n, c, h, w = features.shape
    if tuple(gram.shape) != (n, c, c):
        check.fail(shape_problem(check, gram, features), diagnose=False)
    check.ok()
    check.unchanged(before, [features], ["features"])
    if not _close(gram, gram.transpose(1, 2), rtol=1e-5):
        i, j = divmod(int((gram - gram.transpose(1, 2)).abs()[0].argmax()), c)
        check.fail(say("is not symmetric: G[0, {i}, {j}] = {ij:.4g} but G[0, {j}, {i}] = "
                       "{ji:.4g}. Multiply F by its own transpose: flat @ flat.transpose(1, 2).",
                       i=i, j=j, ij=gram[0, i, j].item(), ji=gram[0, j, i].item()),
                   diagnose=False)
    check.ok()
    eigenvalues = torch.linalg.eigvalsh(gram.detach().double()[0])
    if eigenvalues.min() < -1e-4 * eigenvalues.abs().max():
        check.fail(say("has a negative eigenvalue, so it cannot be F F^T / M: a Gram matrix is "
                       "positive semi-definite (v^T G v = |F^T v|^2 / M >= 0 for every v). Look "
                       "for a stray minus sign."))
    check.ok()
    check.agrees(losses.gram_matrix, _shape_text)
    problem = batch_problem(check, _features(generator, 2, 3, 4, 5))
    if problem:
        check.fail(problem, diagnose=False)
    check.ok()
    check.gradient(lambda: [_features(generator, 1, 4, 3, 5)], losses.gram_matrix)
    return check.done()
