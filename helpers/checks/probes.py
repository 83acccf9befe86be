"""Structure: inputs built to isolate one cause, and sentences that say where results differ.

    where_differs     which entries of a (N, C, C) result are wrong: an image, the diagonal, a row
    batch_finding     a loss right for one image but not for a batch: image 1 left out, a mean
    not_fixed         the fallback: the numbers, and how far the ratio moves between inputs

Each function states only what it measured; the checks decide what to do with it.
(describe_shape, an output shape in words of the input's axes, is in base: every check uses it.)
"""

from __future__ import annotations

import torch

from ..messages import again, listed, say
from .base import _close


def _entry(t: torch.Tensor, index) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + f"] = {t[tuple(index)].item():.4g}"


def where_differs(got: torch.Tensor, expected: torch.Tensor, name: str = "G") -> str:
    """Which entries of a (N, C, C) result differ from the reference, and how, with numbers."""
    got, expected = got.detach().double(), expected.detach().double()
    scale = expected.abs().max().clamp_min(1e-12)
    wrong = (got - expected).abs() > 1e-3 * expected.abs() + 1e-6 * scale
    n, c, _ = expected.shape
    images = [i for i in range(n) if wrong[i].any()]
    parts = []
    if n > 1 and len(images) < n:
        parts.append(say("image {wrong} of the batch is wrong, image {right} is right",
                         wrong=images[0], right=[i for i in range(n) if i not in images][0]))
    eye = torch.eye(c, dtype=torch.bool).expand_as(wrong)
    region = wrong
    if c > 1 and not (wrong & eye).any():
        parts.append(say("the diagonal {name}[i, i] is right, the entries off the diagonal are "
                         "wrong", name=name))
    elif c > 1 and not (wrong & ~eye).any():
        parts.append(say("the diagonal {name}[i, i] is wrong, the entries off the diagonal are "
                         "right", name=name))
    else:
        rows = [j for j in range(c) if wrong[:, j, :].any()]
        if c > 2 and len(rows) == 1:
            parts.append(say("only row and column {row} are wrong", row=rows[0]))
    ratio = got[region] / expected[region].where(expected[region] != 0, torch.ones(()))
    if ratio.numel() and (ratio - ratio.mean()).abs().max() < 1e-3 * ratio.abs().mean():
        parts.append(say("where it is wrong, yours is {ratio:.4g} times the reference",
                         ratio=ratio.mean().item()))
    index = (wrong.double() * (got - expected).abs()).flatten().argmax()
    index = torch.unravel_index(index, got.shape)
    parts.append(say("for example yours has {name}{yours}, the reference {name}{theirs}",
                     name=name, yours=_entry(got, index), theirs=_entry(expected, index)))
    return say("; ").join(parts) + say(".")


def _one_image(args, batch: int, i: int):
    return [a[i:i + 1] if isinstance(a, torch.Tensor) and a.dim() == 4 and a.shape[0] == batch
            else a for a in args]


WHOLE = listed("The reference is one ratio for the whole batch: add up the numerator over all "
               "images, add up the denominator over all images, then divide.")


def batch_finding(check, args, reference, whole: str = WHOLE) -> str | None:
    """For inputs with a batch of 2 images: right for each image alone, wrong together? Say how;
    `whole` says what the reference does with a batch (English, said with `again`)."""
    whole = again(whole)
    batch = args[0].shape[0]
    got, expected = check.call(*[a.clone() for a in args]), reference(*args)
    if _close(got, expected):
        return None
    singles = [check.call(*[a.clone() for a in _one_image(args, batch, i)]) for i in range(batch)]
    if not all(_close(s, reference(*_one_image(args, batch, i))) for i, s in enumerate(singles)):
        return None
    values = torch.stack([s.detach().double() for s in singles])
    text = say("is right for one image, but not for a batch of {batch} images (expected "
               "{expected:.6g}, got {got:.6g}). ", batch=batch, expected=expected.item(),
               got=float(got))
    if _close(got, values[0]):
        return text + say("Yours gives what image 0 alone gives: the other images are left out "
                          "(features[0] or a loop that stops early?). Use every image of the "
                          "batch.")
    if _close(got, values.mean()):
        return text + say("Yours is the mean of the losses of the single images. {whole}",
                          whole=whole)
    if _close(got, values.sum()):
        return text + say("Yours is the sum of the losses of the single images. {whole}",
                          whole=whole)
    return text + say("Yours is none of: image 0 alone, the mean or the sum of the single "
                      "images. {whole}", whole=whole)


def not_fixed(describe, cases, got, expected, facts=()) -> str:
    """The fallback: for the first input that differs, the numbers; then how the ratio moves."""
    k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not _close(g, e))
    text = say("does not match the reference. For {inputs}: ", inputs=describe(cases[k]))
    g, e = got[k], expected[k]
    if isinstance(g, torch.Tensor) and g.dim() == 0 and e.dim() == 0:
        text += say("expected {expected:.6g}, got {got:.6g}", expected=e.item(), got=g.item())
        ratios = [float(a) / float(b) for a, b in zip(got, expected)
                  if isinstance(a, torch.Tensor) and a.dim() == 0 and float(b) != 0]
        if len(ratios) == len(cases):
            low, high = min(ratios), max(ratios)
            text += say(" (yours is {ratio:.4g} times the reference).",
                        ratio=float(g) / float(e))
            if high - low < 1e-3 * abs(high):
                text += say(" Yours is always {ratio:.4g} times the reference: a constant "
                            "factor. Check how you normalise (what you divide by).",
                            ratio=ratios[0])
            else:
                text += say(" Over {count} inputs of different shapes the ratio moves from "
                            "{low:.4g} to {high:.4g}: not a fixed factor, so more than the "
                            "normalisation is different.", count=len(cases), low=low, high=high)
        else:
            text += say(".")
    elif isinstance(g, torch.Tensor) and g.shape == e.shape and g.dim() == 3:
        text += where_differs(g, e)
    else:
        got_text = (say("shape {shape}", shape=tuple(g.shape)) if isinstance(g, torch.Tensor)
                    else type(g).__name__)
        text += say("expected shape {expected}, got {got}.", expected=tuple(e.shape), got=got_text)
    return " ".join([text, *[f for f in facts if f]])
