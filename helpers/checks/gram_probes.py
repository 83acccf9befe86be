"""Probes for the Gram matrix check: what a wrong shape is made of, the scale fit entry by entry,
feature maps with one channel active, a channel permutation, shuffled positions, and batches
(an all-zero image, two equal images, image 0 alone and in a batch).

Each function returns a sentence about what yours did on inputs built for it, or None.
"""

from __future__ import annotations

import torch

from .. import losses
from ..messages import again, listed, say
from .base import CheckFailed, _close, _features, _varied, describe_shape
from .diagnose import Scale
from .probes import where_differs

LABELS = {"FF": "F F^T", "N": "N", "C": "C", "H": "H", "W": "W", "M1": "(H*W - 1)"}
FIX = listed("reshape to (N, C, H*W) and multiply flat @ flat.transpose(1, 2)")


def gram_scale() -> Scale:
    generator = torch.Generator().manual_seed(41)
    cases = [(_features(generator, *shape) * s,) for shape, s in _varied(generator)]

    def quantities(case, expected):
        n, c, h, w = case[0].shape
        return [{"FF": v * h * w, "N": n, "C": c, "H": h, "W": w, "M1": h * w - 1}
                for v in expected.flatten().tolist()]
    return Scale(losses.gram_matrix, cases, quantities, LABELS, {"FF": 1, "H": -1, "W": -1},
                 listed("feature maps of different shapes and sizes (entry by entry)"))


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
    choices = [(say("the Gram matrix of image {i} only", i=i), expected[i]) for i in range(2)]
    for text, value in choices + [(say("the sum of the two images' Gram matrices"),
                                   expected.sum(0)),
                                  (say("the mean of the two images' Gram matrices"),
                                   expected.mean(0))]:
        if out is not None and _close(out.reshape(value.shape), value):
            return say(" For a batch of 2 images yours gives one matrix: {text}.", text=text)
    return say(" For a batch of 2 images yours gives one matrix, which is not the Gram matrix of "
               "either image.")


def shape_problem(check, gram: torch.Tensor, features: torch.Tensor) -> str:
    """A wrong shape for features (1, C, H, W): say what it is made of."""
    n, c, h, w = features.shape
    got, fix = tuple(gram.shape), again(FIX)
    probe = _features(torch.Generator().manual_seed(42), 2, 3, 5, 7)
    out, expected = _try(check, probe), losses.gram_matrix(probe)
    if got in {(h * w, h * w), (n, h * w, h * w)}:
        return say("returned shape {got}: positions x positions. You transposed the wrong "
                   "factor: (C x M)^T (C x M) is M x M. The Gram matrix is F F^T, C x C: flat @ "
                   "flat.transpose(1, 2) with flat of shape (N, C, M).", got=got)
    if got == (c, c):
        one = ""
        if out is not None and _close(out, expected):
            one = say(" For a batch of 2 images yours is right, shape (2, 3, 3): only one image "
                      "loses its batch axis (.squeeze() or [0]?).")
        elif out is not None:
            one = _batch_of_one(out, expected) if out.numel() == 9 else say(
                " For a batch of 2 images of 3 channels yours has shape {shape}.",
                shape=tuple(out.shape))
        return say("returned shape {got}, expected {want} = (N, C, C): the batch axis is "
                   "missing.{one} Keep the batch dimension: {fix}.", got=(c, c), want=(n, c, c),
                   one=one, fix=fix)
    if got in {(n, c, h, h), (n, c, w, w)}:
        return say("returned shape {got}: one small matrix for each channel. You multiplied each "
                   "feature map by its own transpose (features @ features.transpose(2, 3)). "
                   "Flatten H and W first: {fix}.", got=got, fix=fix)
    if got == (n, c) and out is not None and _close(out, expected.diagonal(dim1=1, dim2=2)):
        return say("returned only the diagonal G[i, i] (each channel with itself), shape (N, C). "
                   "The Gram matrix pairs every channel with every other, shape (N, C, C): "
                   "{fix}.", fix=fix)
    text = say("for features of shape {shape} expected shape {want} = (N, C, C), got {got}.",
               shape=(n, c, h, w), want=(n, c, c), got=got)
    if out is not None:
        text += say(" For features of shape (2, 3, 5, 7) yours has shape {described}; it should "
                    "be (2, 3, 3).", described=describe_shape(out.shape, (2, 3, 5, 7)))
    return text


def _off(out: torch.Tensor, k: int) -> torch.Tensor:
    rest = out.detach().double().clone()
    rest[:, k, k] = 0
    return rest


def gram_probe(check):
    """(finding or None, facts) for a Gram matrix of the right shape with wrong values."""
    generator = torch.Generator().manual_seed(43)
    features, fix = _features(generator, 1, 4, 5, 6), again(FIX)
    for k in range(4):
        one = torch.zeros_like(features)
        one[:, k] = features[:, k]
        out, expected = check.call(one.clone()), losses.gram_matrix(one)
        rest = _off(out, k)
        if rest.abs().max() > 1e-5 * expected.abs().max():
            i, j = divmod(int(rest[0].abs().argmax()), 4)
            text = say("with only channel {k} active (every other channel 0), yours has G[0, "
                       "{i}, {j}] = {value:.4g}, but only G[0, {k}, {k}] may be non-zero: entry "
                       "(i, j) may depend on channels i and j only.", k=k, i=i, j=j,
                       value=out[0, i, j].item())
            if _close(check.call(features.clone()), _mixed(features)):
                text += say(" Yours is the Gram matrix of features reshaped to (N, H*W, C), "
                            "which mixes channels and positions.")
            return f"{text} {fix[0].upper()}{fix[1:]}{say('.')}", []
        if not _close(out, expected):
            where = where_differs(check.call(features.clone()), losses.gram_matrix(features))
            return say("with only channel {k} active, yours has G[0, {k}, {k}] = {value:.5g}; it "
                       "should be mean(F_{k}^2) over the H*W positions = {expected:.5g}. With all "
                       "channels active: {where}", k=k, value=out[0, k, k].item(),
                       expected=expected[0, k, k].item(), where=where), []
    order = torch.randperm(4, generator=generator)
    turned, plain = check.call(features[:, order].clone()), check.call(features.clone())
    if not _close(turned, plain[:, order][:, :, order]):
        return say("does not follow a reordering of the channels: with the channels of the "
                   "input in another order, the rows and columns of G must be reordered the same "
                   "way, and yours are not. Entry (i, j) may depend on channels i and j only: "
                   "{fix}.", fix=fix), []
    places = torch.randperm(30, generator=generator)
    moved = check.call(features.flatten(2)[:, :, places].reshape(features.shape).clone())
    if not _close(moved, plain):
        return say("changes when the positions are shuffled (the same shuffle in every "
                   "channel). A Gram matrix averages over positions and forgets where: {fix}.",
                   fix=fix), []
    return None, []


def batch_problem(check, batch: torch.Tensor) -> str | None:
    """Right for one image: is it right for a batch of two? If not, say how it goes wrong."""
    out, expected = check.call(batch.clone()), losses.gram_matrix(batch)
    start, fix = say("works for one image but not for a batch of two: "), again(FIX)
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (2, 3, 3):
        got = (say("shape {shape}", shape=tuple(out.shape)) if isinstance(out, torch.Tensor)
               else repr(out))
        nine = isinstance(out, torch.Tensor) and out.numel() == 9
        one = _batch_of_one(out, expected) if nine else ""
        return start + say("features of shape (2, 3, 4, 5) should give (2, 3, 3), got {got}.{one} "
                           "Use n, c, h, w = features.shape and reshape to (n, c, h * w).",
                           got=got, one=one)
    if _close(out, expected):
        return None
    zero = batch.clone()
    zero[1] = 0
    with_zero = check.call(zero)
    if with_zero[1].abs().max() > 1e-6:
        return start + say("when image 1 is all zeros, yours still gives it a Gram matrix that "
                           "is not 0 (largest entry {largest:.4g}): the images of the batch get "
                           "mixed. Each image needs its own Gram matrix: {fix}.",
                           largest=with_zero[1].abs().max().item(), fix=fix)
    twins = check.call(torch.stack([batch[0], batch[0]]))
    if not _close(twins[0], twins[1]):
        return start + say("two equal images get different Gram matrices. Each image needs its "
                           "own Gram matrix, made the same way: {fix}.", fix=fix)
    text = start + where_differs(out, expected)
    ratio = (out.detach().double() / expected.double()).mean().item()
    if _close(out, expected / 2):
        text += say(" Yours is half the reference ({ratio:.3g}): you divide by N, the batch size, "
                    "too.", ratio=ratio)
    return text + say(" Divide by M = H*W only, and keep one Gram matrix for each image.")
