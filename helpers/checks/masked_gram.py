"""Self-check for notebook 08's exercise: the masked Gram matrix, one region's style.
`check_masked_gram` tests the student's function against helpers.losses.gram_matrix(features,
mask), the reference. Notebooks import it from helpers.checks (contract in its docstring).

How it finds the mistake: masks built to isolate one cause, tried in this order: a mask of
ones (then it must be the plain Gram matrix), a 0/1 mask (the masked positions only), a soft
mask (values between 0 and 1 tell omega from omega squared), and one mask per image of a batch
(tells a sum over the whole batch, or one image's mask used for all). The numbers that fit a
mistake (the sum of the mask, M) are named in the message.
"""

from __future__ import annotations

import re

import torch

from .. import losses
from ..messages import say
from .base import CheckFailed, _Check, _close, _features


def _weighted(features, mask, power: int = 1):
    """sum_k omega_k^power F_ik F_jk, one (C, C) per image (no division)."""
    n, c, h, w = features.shape
    flat = features.double().reshape(n, c, h * w)
    weights = mask.double().reshape(mask.shape[0], 1, h * w) ** power
    return (flat * weights) @ flat.transpose(1, 2)


def _sums(mask, n: int, power: int = 1) -> torch.Tensor:
    """sum_k omega_k^power for each of the n images, shape (n, 1, 1)."""
    per = mask.double().flatten(1).pow(power).sum(1).view(-1, 1, 1)
    return per.expand(n, 1, 1)


def _masks(generator, n: int, h: int, w: int) -> list[tuple[str, torch.Tensor]]:
    """(what it is, mask): ones; 0/1 (the left part on); soft (a ramp); one soft mask per image."""
    ramp = torch.linspace(0.0, 1.0, w).view(1, 1, 1, w).expand(1, 1, h, w)
    soft = (ramp * 0.8 + 0.2 * torch.rand(1, 1, h, w, generator=generator)).clamp(0, 1)
    own = torch.rand(n, 1, h, w, generator=generator) * torch.linspace(1.0, 0.2, n).view(n, 1, 1, 1)
    return [(say("a mask of ones (every position counts fully)"), torch.ones(1, 1, h, w)),
            (say("a 0/1 mask (1 on the left part, 0 on the right)"), (ramp < 0.5).float()),
            (say("a soft mask (values between 0 and 1)"), soft),
            (say("one soft mask per image (a mask of shape ({n}, 1, {h}, {w}))", n=n, h=h, w=w),
             own)]


def _variants(features, mask):
    """(what it is, its Gram matrices) for the mistakes that a value check can name."""
    n, _, h, w = features.shape
    m, total = h * w, _sums(mask, n)
    part = _weighted(features, mask)
    shown = say("here sum_k omega_k = {total:.4g} and M = {m}", total=total.flatten()[0].item(),
                m=m)
    return [
        (say("does not use the mask: yours is the plain Gram matrix F F^T / M. Weight each "
             "position k by omega_k."), losses.gram_matrix(features).double()),
        (say("divides by M = H*W, not by the sum of the mask ({shown}). Divide by sum_k omega_k: "
             "the masked region's own size.", shown=shown), part / m),
        (say("does not divide: divide by sum_k omega_k, the masked region's size ({shown}).",
             shown=shown), part),
        (say("weights by omega squared (the mask on both factors, (F omega)(F omega)^T): the "
             "same for a 0/1 mask, but not on a soft edge. Multiply one factor by the mask."),
         _weighted(features, mask, 2) / total),
        (say("weights by omega squared and divides by the sum of omega squared: the same for a "
             "0/1 mask, not on a soft edge. Use omega once, above and below."),
         _weighted(features, mask, 2) / _sums(mask, n, 2)),
        (say("divides twice by the sum of the mask: yours is the right matrix divided by sum_k "
             "omega_k once more ({shown}). Divide once.", shown=shown), part / total ** 2),
        (say("turns the mask into 0 and 1 (mask > 0.5): on a soft edge the mask's own values "
             "count. Use the mask as it is."),
         losses.gram_matrix(features, (mask > 0.5).float()).double()),
        (say("divides by the sum of the mask over the whole batch, not per image. Sum over the "
             "positions only: weights.sum(dim=2, keepdim=True) for weights of shape (N, 1, M)."),
         part / mask.double().expand(n, 1, h, w).sum()),
        (say("uses the first image's mask for every image. Each image has its own mask: reshape "
             "the mask to (mask.shape[0], 1, M), not mask[0]."),
         _weighted(features, mask[:1]) / _sums(mask[:1], n)),
        (say("lines up the mask's positions with the wrong axes: yours is right for the mask "
             "with H and W swapped. Flatten the mask exactly as the features: "
             "mask.reshape(mask.shape[0], 1, h * w)."),
         losses.gram_matrix(features, mask.transpose(-1, -2).reshape(mask.shape)).double()),
    ]


def _where(got, expected) -> str:
    """Where and by how much `got` differs from `expected`, both (N, C, C)."""
    got, expected = got.detach().double(), expected.double()
    wrong = (got - expected).abs() > 1e-3 * expected.abs().max()
    images = sorted({int(i) for i in wrong.nonzero()[:, 0]})
    n, i, j = (int(v) for v in torch.unravel_index((got - expected).abs().argmax(), got.shape))
    eye = torch.eye(got.shape[-1], dtype=torch.bool)
    part = (say("only the diagonal entries (i = j) are wrong") if not wrong[:, ~eye].any() else
            say("only the off-diagonal entries are wrong") if not wrong[:, eye].any() else
            say("diagonal and off-diagonal entries are wrong"))
    ratio = got[images[0]] / expected[images[0]]
    same = (ratio - ratio.mean()).abs().max() < 1e-3 * ratio.abs().mean()
    factor = say("; for image {image} yours is {ratio:.4g} times the right one",
                 image=images[0], ratio=ratio.mean()) if same else ""
    return say("is wrong for image(s) {images} of the batch; {part}{factor}. The largest "
               "difference: G[{n}, {i}, {j}] is {got:.5g}, expected {expected:.5g}.",
               images=images, part=part, factor=factor, n=n, i=i, j=j, got=got[n, i, j],
               expected=expected[n, i, j])


def _shape_text(gram, features) -> str | None:
    n, c, h, w = features.shape
    shape = tuple(gram.shape)
    if shape == (n, c, c):
        return None
    if shape == (n, h * w, h * w):
        return say("returned shape {shape}, one value per pair of POSITIONS: the product runs "
                   "over the channels. Multiply over the positions instead: flat @ "
                   "flat.transpose(1, 2) for flat of shape (N, C, M).", shape=shape)
    if shape in ((c, c), (1, c, c)) and n > 1:
        return say("returned shape {shape} for a batch of {n}: one Gram matrix per image is "
                   "({n}, {c}, {c}). Keep the batch axis (reshape to (n, c, h * w)).",
                   shape=shape, n=n, c=c)
    return say("returned shape {shape}; for features of shape {given} expected ({n}, {c}, {c}).",
               shape=shape, given=tuple(features.shape), n=n, c=c)


def _call(check: _Check, features, mask):
    """check.call, with a mask reshaped with the features' batch size said in words."""
    try:
        return check.call(features, mask)
    except CheckFailed as failure:
        text = str(failure.__cause__ or "")
        n, m = features.shape[0], features.shape[2] * features.shape[3]
        if mask.shape[0] == 1 < n and re.search(rf"shape '\[{n}, 1, {m}\]' is invalid", text):
            check.fail(say("reshapes the mask with the batch size of the features ({n}). A mask "
                           "of shape (1, 1, H, W) is shared by every image: use the mask's own "
                           "batch size, mask.reshape(mask.shape[0], 1, h * w).\n(It raised: "
                           "{text})", n=n, text=text), diagnose=False)
        raise


def _gradient(check: _Check, fn, generator) -> None:
    features = _features(generator, 2, 3, 4, 5).requires_grad_(True)
    mask = _masks(generator, 2, 4, 5)[2][1]
    weights = torch.rand(2, 3, 3, generator=generator)
    weights = weights + weights.transpose(1, 2)  # symmetric: one factor alone gives half
    out = _call(check, features, mask)
    if not out.requires_grad:
        check.fail(say("returns a tensor cut from the autograd graph (.detach(), .data, "
                       ".numpy() or torch.no_grad()): the style loss could not send a gradient "
                       "back to the image."), diagnose=False)
    (grad,) = torch.autograd.grad((out * weights).sum(), features)
    reference = losses.gram_matrix(features, mask)
    (expected,) = torch.autograd.grad((reference * weights).sum(), features)
    if _close(grad, expected / 2):
        check.fail(say("gives the right values but half the gradient: one of the two factors "
                       "of F omega F^T is cut from the graph. Keep both in it (no .detach() or "
                       ".data)."), diagnose=False)
    if not _close(grad, expected):
        check.fail(say("gives the right values, but its gradient differs by up to {largest:.3g}. "
                       "Use torch operations only, on the inputs themselves.",
                       largest=(grad - expected).abs().max()), diagnose=False)
    check.ok()


def check_masked_gram(fn) -> bool:
    """Check `fn(features, mask) -> (N, C, C)` (contract: helpers.checks). Eight checks: a
    tensor of shape (N, C, C); the inputs unchanged; the right values for a mask of ones, a
    0/1 mask, a soft mask and one mask per image; a single image; the gradient."""
    check = _Check("masked_gram", fn)
    generator = torch.Generator().manual_seed(8)
    features = _features(generator, 2, 3, 4, 6)  # H and W differ: a swapped mask shows
    masks = _masks(generator, 2, 4, 6)
    soft = masks[2][1]
    before = [features.clone(), soft.clone()]
    gram = _call(check, features, soft)
    if not isinstance(gram, torch.Tensor):
        what = say("a NumPy array") if type(gram).__module__ == "numpy" else say(
            "a {kind}", kind=type(gram).__name__)
        check.fail(say("returned {what}; return a torch tensor of shape (N, C, C) that keeps the "
                       "autograd graph.", what=what), diagnose=False)
    problem = _shape_text(gram, features)
    if problem:
        check.fail(problem, diagnose=False)
    check.ok()
    check.unchanged(before, [features, soft], ["features", "mask"])
    for what, mask in masks:
        got = _call(check, features.clone(), mask.clone())
        expected = losses.gram_matrix(features, mask).double()
        if not _close(got, expected):
            named = [text for text, variant in _variants(features, mask) if _close(got, variant)]
            check.fail(say("with {what}, it {finding}", what=what,
                           finding=named[0] if named else _where(got, expected)), diagnose=False)
        check.ok()
    one = features[:1].clone()
    if not _close(_call(check, one, soft.clone()), losses.gram_matrix(one, soft)):
        check.fail(say("is right for a batch of 2 but not for a single image: compute the "
                       "sizes from the inputs (n, c, h, w = features.shape)."), diagnose=False)
    check.ok()
    _gradient(check, fn, generator)
    return check.done()
