"""Why a student's to_caffe_input gives the wrong numbers (check_to_caffe_input, in
preprocess.py, asks `_diagnose`): clipped, rounded, flipped along the wrong axis, or the pixel
map. Images of one colour read off what the function does to a pixel (which input channel each
output channel reads, its scale, what it subtracts): `_map_text` names what is wrong with it;
that map on a mirrored or reordered batch tells a flip of the wrong axis.
"""

from __future__ import annotations

import torch

from ..messages import again, listed, say
from ..weights import CAFFE_MEAN_BGR, IMAGENET_MEAN, IMAGENET_STD
from .base import _close

RGB, BGR = "RGB", "BGR"


def _near(values, targets, rtol: float = 2e-3) -> bool:
    return all(abs(v - t) <= rtol * abs(t) + 1e-3 for v, t in zip(values, targets))


def _three(values) -> str:
    return "(" + ", ".join(f"{v:.5g}" for v in values) + ")"


def _pixel_map(fn):
    """What fn does to a pixel, from images of one colour: out = S x + t, or None if no such map."""
    colours = [torch.zeros(3)] + list(torch.eye(3))  # black, then pure red, green, blue
    try:
        outs = [fn(colour.view(1, 3, 1, 1).repeat(1, 1, 4, 5)) for colour in colours]
    except Exception:
        return None
    if any(not isinstance(o, torch.Tensor) or o.shape != (1, 3, 4, 5) for o in outs):
        return None
    outs = [o.detach().double() for o in outs]
    if any((o - o[..., :1, :1]).abs().max() > 1e-3 * (1 + o.abs().max()) for o in outs):
        return None
    t = outs[0][0, :, 0, 0]
    s = torch.stack([o[0, :, 0, 0] - t for o in outs[1:]], dim=1)
    return s, t


def _apply(s, t, image):  # the pixel map on every pixel of `image`
    return torch.einsum("kc,nchw->nkhw", s, image.double()) + t.view(1, 3, 1, 1)


def _scale_text(scales, sources) -> str | None:
    std = [IMAGENET_STD[c] for c in sources]
    if _near(scales, [255.0] * 3):
        return None
    for factor, text in [(1.0, listed("keeps the 0-1 scale: multiply by 255 (Caffe's pixels are "
                                       "grey levels from 0 to 255)")),
                         (255.0 ** 2, listed("multiplies by 255 twice: once is enough")),
                         (1 / 255, listed("divides by 255: the image is in [0, 1], multiply by "
                                          "255")),
                         (-255.0, listed("has the sign reversed: compute 255 x - m, not m - 255 "
                                         "x"))]:
        if _near(scales, [factor] * 3):
            return say("{text} (yours scales each channel by {factor:.5g})", text=again(text),
                       factor=factor)
    if _near(scales, [255 / s for s in std]):
        return say("divides by torchvision's standard deviation sigma (0.229, 0.224, 0.225): "
                   "Caffe's convention subtracts the mean only, with no division")
    if _near(scales, [1 / s for s in std]):
        return say("divides by torchvision's sigma (0.229, 0.224, 0.225) and does not multiply "
                   "by 255: that is torchvision's input, not Caffe's")
    return say("scales the channels by {scales}; each should be scaled by 255",
               scales=_three(scales))


def _mean_text(subtracted, unscaled) -> str | None:
    """What is wrong with the mean taken off. `unscaled`: times 255 / the scale, for a mean
    that was scaled along with the pixels (then only the scale is wrong)."""
    mean = list(CAFFE_MEAN_BGR)
    if _near(subtracted, mean) or _near(unscaled, mean):
        return None
    torch_mean = [255 * IMAGENET_MEAN[c] for c in range(3)]
    cases = [(mean[::-1], say("subtracts the mean in the wrong order, 123.68 from B and 103.939 "
                              "from R. CAFFE_MEAN_BGR is in B, G, R order, the order after the "
                              "flip: subtract it from the flipped image")),
             ([0.0] * 3, say("subtracts no mean: take Caffe's mean pixel (103.939, 116.779, "
                             "123.68), in B, G, R order, off the 0-255 values")),
             ([-m for m in mean], say("adds the mean pixel: subtract it")),
             ([255 * m for m in mean], say("multiplies the mean by 255 too, as in (x - m) * 255: "
                                           "subtract it after the multiplication, x * 255 - m"))]
    for order in (mean, mean[::-1]):
        cases.append(([m / 255 for m in order], say(
            "subtracts the mean on the 0-1 scale (m / 255): it is in grey levels, so subtract it "
            "after multiplying by 255")))
    for order in (torch_mean, torch_mean[::-1]):
        cases.append((order, say("subtracts torchvision's mean mu (0.485, 0.456, 0.406), not "
                                 "Caffe's mean pixel (103.939, 116.779, 123.68) in B, G, R "
                                 "order")))
    for values in (subtracted, unscaled):
        for target, text in cases:
            if _near(values, target):
                return text
    return say("subtracts {values} from B, G, R; Caffe's is (103.939, 116.779, 123.68)",
               values=_three(subtracted))


def _map_text(s, t) -> str | None:
    """What is wrong with the pixel map S x + t, or None if it is Caffe's."""
    sources = [int(s[k].abs().argmax()) for k in range(3)]
    rows = []
    for k in range(3):
        others = [s[k, c].abs() for c in range(3) if c != sources[k]]
        if max(others) > 1e-3 * (1 + s[k, sources[k]].abs()):
            rows.append(f"{BGR[k]} = " + " + ".join(f"{s[k, c]:.4g} {RGB[c]}" for c in range(3)))
    if rows:
        return say("mixes the colours: each output channel should be 255 times ONE input "
                   "channel, but yours computes {rows}. Reorder the channels, do not add them.",
                   rows="; ".join(rows))
    problems = []
    if sources != [2, 1, 0]:
        got = ", ".join(RGB[c] for c in sources)
        held = say("keeps the R, G, B order") if sources == [0, 1, 2] else say(
            "its channels hold {got}", got=got)
        problems.append(say("{held}; Caffe wants B, G, R: flip the channel axis, image.flip(1) "
                            "(or image[:, [2, 1, 0]])", held=held))
    scales = [float(s[k, sources[k]]) for k in range(3)]
    scale = _scale_text(scales, sources)
    mean = _mean_text([-float(v) for v in t], [-float(v) * 255 / (c or 1)
                                               for v, c in zip(t, scales)])
    problems += [p for p in (scale, mean) if p]
    if len(problems) < 2:
        return problems[0] + say(".") if problems else None
    return say("differs in {count} ways: {problems}.", count=len(problems), problems=say("; ").join(
        f"({i}) {p}" for i, p in enumerate(problems, start=1)))


def _diagnose(fn, image: torch.Tensor, out: torch.Tensor, expected: torch.Tensor) -> str:
    """Why `out` is not `expected`: clipped, rounded, flipped, the pixel map, or where."""
    got = out.detach().double()
    mean = torch.tensor(CAFFE_MEAN_BGR, dtype=torch.float64).view(1, 3, 1, 1)
    if _close(got, expected.clamp(min=0)) or _close(got, expected.clamp(0, 255)):
        return say("clips the values at 0: after the mean is subtracted, a pixel darker than "
                   "the mean is negative, and Caffe's network expects that. Do not clamp.")
    if _close(got + mean, (expected + mean).round(), rtol=1e-6):
        return say("rounds to whole grey levels. Keep the exact values (x * 255 with no "
                   "rounding): the image need not come from an 8-bit file.")
    found = _pixel_map(fn)
    if found is not None:
        s, t = found
        for dim, what in [(3, listed("mirrored left to right (dim 3, the width)")),
                          (2, listed("upside down (dim 2, the height)")),
                          (0, listed("with the images of the batch in reverse order (dim 0, the "
                                     "batch)"))]:
            if _close(got, _apply(s, t, image.flip(dim))) and not _close(got, _apply(s, t, image)):
                return say("flips the wrong axis: yours gives the picture {what}. The channels "
                           "are dim 1: image.flip(1).", what=again(what))
        if _close(got, _apply(s, t, image)):
            text = _map_text(s, t)
            if text:
                return text
    diff = (got - expected).abs()
    n, k, y, x = (int(i) for i in torch.unravel_index(diff.argmax(), diff.shape))
    return say("differs by up to {largest:.4g}: at image {n}, channel {k} ({name}), row {y}, "
               "column {x} yours is {got:.5g}, expected {expected:.5g} (channel k should be 255 "
               "* image[:, 2 - k] - m_k).", largest=diff.max(), n=n, k=k, name=BGR[k], y=y, x=x,
               got=got[n, k, y, x], expected=expected[n, k, y, x])
