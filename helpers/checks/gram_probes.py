"""Probes for the Gram matrix check: what a wrong shape is made of, the scale fit entry by entry,
feature maps with one channel active, a channel permutation, shuffled positions, and batches
(an all-zero image, two equal images, image 0 alone and in a batch).

Each function returns a sentence about what yours did on inputs built for it, or None.
"""

from __future__ import annotations

import torch

from .. import losses
from .base import CheckFailed, _close, _features, _varied, describe_shape
from .diagnose import Scale
from .probes import where_differs

LABELS = {"FF": "F F^T", "N": "N", "C": "C", "H": "H", "W": "W", "M1": "(H*W - 1)"}
FIX = "reshape to (N, C, H*W) and multiply flat @ flat.transpose(1, 2)"


def gram_scale() -> Scale:
    generator = torch.Generator().manual_seed(41)
    cases = [(_features(generator, *shape) * s,) for shape, s in _varied(generator)]

    def quantities(case, expected):
        n, c, h, w = case[0].shape
        return [{"FF": v * h * w, "N": n, "C": c, "H": h, "W": w, "M1": h * w - 1}
                for v in expected.flatten().tolist()]
    return Scale(losses.gram_matrix, cases, quantities, LABELS, {"FF": 1, "H": -1, "W": -1},
                 "feature maps of different shapes and sizes (entry by entry)")


def _mixed(features: torch.Tensor) -> torch.Tensor:
    n, c, h, w = features.shape
    flat = features.reshape(n, h * w, c).transpose(1, 2)
    return flat @ flat.transpose(1, 2) / (h * w)


def _try(check, x):
    try:
        out = check.call(x.clone())
    except CheckFailed:
        return None
    return out if isinstance(out, torch.Tensor) else None


def _batch_of_one(out, expected) -> str:
    """What a single C x C answer for a batch of 2 images is."""
    choices = [(f"the Gram matrix of image {i} only", expected[i]) for i in range(2)]
    for text, value in choices + [("the sum of the two images' Gram matrices", expected.sum(0)),
                                  ("the mean of the two images' Gram matrices", expected.mean(0))]:
        if out is not None and _close(out.reshape(value.shape), value):
            return f" For a batch of 2 images yours gives one matrix: {text}."
    return (" For a batch of 2 images yours gives one matrix, which is not the Gram matrix of "
            "either image.")


def shape_problem(check, gram: torch.Tensor, features: torch.Tensor) -> str:
    """A wrong shape for features (1, C, H, W): say what it is made of."""
    n, c, h, w = features.shape
    got = tuple(gram.shape)
    probe = _features(torch.Generator().manual_seed(42), 2, 3, 5, 7)
    out, expected = _try(check, probe), losses.gram_matrix(probe)
    if got in {(h * w, h * w), (n, h * w, h * w)}:
        return (f"returned shape {got}: positions x positions. You transposed the wrong factor: "
                "(C x M)^T (C x M) is M x M. The Gram matrix is F F^T, C x C: "
                "flat @ flat.transpose(1, 2) with flat of shape (N, C, M).")
    if got == (c, c):
        one = ""
        if out is not None and _close(out, expected):
            one = (" For a batch of 2 images yours is right, shape (2, 3, 3): only one image "
                   "loses its batch axis (.squeeze() or [0]?).")
        elif out is not None:
            one = _batch_of_one(out, expected) if out.numel() == 9 else (
                f" For a batch of 2 images of 3 channels yours has shape {tuple(out.shape)}.")
        return (f"returned shape {(c, c)}, expected {(n, c, c)} = (N, C, C): the batch axis is "
                f"missing.{one} Keep the batch dimension: {FIX}.")
    if got in {(n, c, h, h), (n, c, w, w)}:
        return (f"returned shape {got}: one small matrix for each channel. You multiplied each "
                "feature map by its own transpose (features @ features.transpose(2, 3)). "
                f"Flatten H and W first: {FIX}.")
    if got == (n, c) and out is not None and _close(out, expected.diagonal(dim1=1, dim2=2)):
        return ("returned only the diagonal G[i, i] (each channel with itself), shape (N, C). "
                f"The Gram matrix pairs every channel with every other, shape (N, C, C): {FIX}.")
    text = (f"for features of shape {(n, c, h, w)} expected shape {(n, c, c)} = (N, C, C), "
            f"got {got}.")
    if out is not None:
        text += (f" For features of shape (2, 3, 5, 7) yours has shape "
                 f"{describe_shape(out.shape, (2, 3, 5, 7))}; it should be (2, 3, 3).")
    return text


def _off(out: torch.Tensor, k: int) -> torch.Tensor:
    rest = out.detach().double().clone()
    rest[:, k, k] = 0
    return rest


def gram_probe(check):
    """(finding or None, facts) for a Gram matrix of the right shape with wrong values."""
    generator = torch.Generator().manual_seed(43)
    features = _features(generator, 1, 4, 5, 6)
    for k in range(4):
        one = torch.zeros_like(features)
        one[:, k] = features[:, k]
        out, expected = check.call(one.clone()), losses.gram_matrix(one)
        rest = _off(out, k)
        if rest.abs().max() > 1e-5 * expected.abs().max():
            i, j = divmod(int(rest[0].abs().argmax()), 4)
            text = (f"with only channel {k} active (every other channel 0), yours has G[0, {i}, "
                    f"{j}] = {out[0, i, j].item():.4g}, but only G[0, {k}, {k}] may be non-zero: "
                    "entry (i, j) may depend on channels i and j only.")
            if _close(check.call(features.clone()), _mixed(features)):
                text += (" Yours is the Gram matrix of features reshaped to (N, H*W, C), which "
                         "mixes channels and positions.")
            return f"{text} {FIX[0].upper()}{FIX[1:]}.", []
        if not _close(out, expected):
            where = where_differs(check.call(features.clone()), losses.gram_matrix(features))
            return (f"with only channel {k} active, yours has G[0, {k}, {k}] = "
                    f"{out[0, k, k].item():.5g}; it should be mean(F_{k}^2) over the H*W "
                    f"positions = {expected[0, k, k].item():.5g}. With all channels active: "
                    f"{where}"), []
    order = torch.randperm(4, generator=generator)
    turned, plain = check.call(features[:, order].clone()), check.call(features.clone())
    if not _close(turned, plain[:, order][:, :, order]):
        return ("does not follow a reordering of the channels: with the channels of the input "
                "in another order, the rows and columns of G must be reordered the same way, "
                f"and yours are not. Entry (i, j) may depend on channels i and j only: {FIX}."), []
    places = torch.randperm(30, generator=generator)
    moved = check.call(features.flatten(2)[:, :, places].reshape(features.shape).clone())
    if not _close(moved, plain):
        return ("changes when the positions are shuffled (the same shuffle in every channel). "
                f"A Gram matrix averages over positions and forgets where: {FIX}."), []
    return None, []


def batch_problem(check, batch: torch.Tensor) -> str | None:
    """Right for one image: is it right for a batch of two? If not, say how it goes wrong."""
    out, expected = check.call(batch.clone()), losses.gram_matrix(batch)
    start = "works for one image but not for a batch of two: "
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (2, 3, 3):
        got = f"shape {tuple(out.shape)}" if isinstance(out, torch.Tensor) else repr(out)
        nine = isinstance(out, torch.Tensor) and out.numel() == 9
        one = _batch_of_one(out, expected) if nine else ""
        return (f"{start}features of shape (2, 3, 4, 5) should give (2, 3, 3), got {got}.{one} "
                "Use n, c, h, w = features.shape and reshape to (n, c, h * w).")
    if _close(out, expected):
        return None
    zero = batch.clone()
    zero[1] = 0
    with_zero = check.call(zero)
    if with_zero[1].abs().max() > 1e-6:
        return (f"{start}when image 1 is all zeros, yours still gives it a Gram matrix that is "
                f"not 0 (largest entry {with_zero[1].abs().max().item():.4g}): the images of the "
                f"batch get mixed. Each image needs its own Gram matrix: {FIX}.")
    twins = check.call(torch.stack([batch[0], batch[0]]))
    if not _close(twins[0], twins[1]):
        return (f"{start}two equal images get different Gram matrices. Each image needs its own "
                f"Gram matrix, made the same way: {FIX}.")
    text = start + where_differs(out, expected)
    ratio = (out.detach().double() / expected.double()).mean().item()
    if _close(out, expected / 2):
        text += f" Yours is half the reference ({ratio:.3g}): you divide by N, the batch size, too."
    return text + " Divide by M = H*W only, and keep one Gram matrix for each image."
