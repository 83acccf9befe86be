"""Self-check for notebook 01's exercise: prepare an image for the paper's network (the VGG
group's Caffe-trained VGG-19). `to_caffe_input` is the reference; `check_to_caffe_input` tests
the student's version. Notebooks import both from helpers.checks (contract in its docstring).

How it finds the mistake: images of one colour read off what the function does to a pixel
(which input channel each output channel reads, its scale, what it subtracts); that map on a
mirrored or reordered batch tells a flip of the wrong axis; an image on PyTorch's "meta" device
shows a mean made on the CPU.
"""

from __future__ import annotations

import re

import torch

from ..weights import CAFFE_MEAN_BGR, IMAGENET_MEAN, IMAGENET_STD
from .base import CheckFailed, _Check, _close

RGB, BGR = "RGB", "BGR"


def to_caffe_input(image: torch.Tensor) -> torch.Tensor:
    """(N, 3, H, W) R, G, B in [0, 1] -> (N, 3, H, W) B, G, R on 0-255, minus Caffe's mean pixel."""
    mean = image.new_tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1)  # B, G, R, next to the image
    return image.flip(1) * 255 - mean


def _near(values, targets, rtol: float = 2e-3) -> bool:
    return all(abs(v - t) <= rtol * abs(t) + 1e-3 for v, t in zip(values, targets))


def _three(values) -> str:
    return "(" + ", ".join(f"{v:.5g}" for v in values) + ")"


def _call(check: _Check, image: torch.Tensor):
    """check.call, with the two crashes this exercise makes most often said in its own words."""
    try:
        return check.call(image)
    except CheckFailed as failure:
        text = str(failure.__cause__ or "")
        found = re.search(r"tensor b \(3\) at non-singleton dimension (\d)", text)
        if found and found.group(1) != "1":
            check.fail(f"the 3 numbers of the mean were lined up with dim {found.group(1)} of the "
                       "image, not with the channels (dim 1): PyTorch matches shapes from the "
                       "right. Give the mean the shape (1, 3, 1, 1): mean.view(1, 3, 1, 1).\n"
                       f"(It raised: {text})", diagnose=False)
        if "step must be greater than zero" in text:
            check.fail("PyTorch tensors do not take a negative step (image[:, ::-1]). Reverse "
                       "the channels with image.flip(1) or image[:, [2, 1, 0]].", diagnose=False)
        raise


def _form(out, image: torch.Tensor) -> str | None:
    """What keeps `out` from being a float32 tensor of the input's shape; None if nothing."""
    n, _, h, w = image.shape
    if not isinstance(out, torch.Tensor):
        if type(out).__module__ == "numpy":
            return ("returned a NumPy array. Stay in PyTorch (image.flip(1) * 255 - mean), so "
                    "the result can go straight into the network.")
        return f"returned a {type(out).__name__}. Return a torch tensor of the input's shape."
    shape = tuple(out.shape)
    if shape == (3, h, w):
        return (f"dropped the batch axis N: yours has shape {shape} for an input of shape "
                f"{tuple(image.shape)}. Keep all four axes (no [0] and no .squeeze()).")
    if shape == (1, 3, h, w) and n > 1:
        return (f"kept only the first image of a batch of {n}: yours has shape {shape}. "
                "Prepare every image of the batch.")
    if shape == (n, h, w, 3):
        return (f"returned channels last, (N, H, W, C) = {shape}, as OpenCV stores images. "
                "Caffe's network, like every PyTorch network, takes (N, C, H, W): do not "
                "permute the axes.")
    if shape != tuple(image.shape):
        return f"expected the input's shape {tuple(image.shape)}, got {shape}."
    if not out.dtype.is_floating_point:
        return (f"returned whole numbers ({out.dtype}). Caffe's input is float, and it is "
                "negative where a pixel is darker than the mean: keep float32 (.byte() or "
                ".to(torch.uint8) gives this).")
    if out.dtype != torch.float32:
        return (f"returned {out.dtype} values; the network's weights are float32, so it would "
                "refuse this input. Make the mean a float32 tensor next to the image: "
                "image.new_tensor(CAFFE_MEAN_BGR) (a NumPy array gives float64).")
    return None


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
    for factor, text in [(1.0, "keeps the 0-1 scale: multiply by 255 (Caffe's pixels are grey "
                                "levels from 0 to 255)"),
                         (255.0 ** 2, "multiplies by 255 twice: once is enough"),
                         (1 / 255, "divides by 255: the image is in [0, 1], multiply by 255"),
                         (-255.0, "has the sign reversed: compute 255 x - m, not m - 255 x")]:
        if _near(scales, [factor] * 3):
            return f"{text} (yours scales each channel by {factor:.5g})"
    if _near(scales, [255 / s for s in std]):
        return ("divides by torchvision's standard deviation sigma (0.229, 0.224, 0.225): "
                "Caffe's convention subtracts the mean only, with no division")
    if _near(scales, [1 / s for s in std]):
        return ("divides by torchvision's sigma (0.229, 0.224, 0.225) and does not multiply by "
                "255: that is torchvision's input, not Caffe's")
    return f"scales the channels by {_three(scales)}; each should be scaled by 255"


def _mean_text(subtracted, unscaled) -> str | None:
    """What is wrong with the mean taken off. `unscaled`: times 255 / the scale, for a mean
    that was scaled along with the pixels (then only the scale is wrong)."""
    mean = list(CAFFE_MEAN_BGR)
    if _near(subtracted, mean) or _near(unscaled, mean):
        return None
    torch_mean = [255 * IMAGENET_MEAN[c] for c in range(3)]
    cases = [(mean[::-1], "subtracts the mean in the wrong order, 123.68 from B and 103.939 from "
                          "R. CAFFE_MEAN_BGR is in B, G, R order, the order after the flip: "
                          "subtract it from the flipped image"),
             ([0.0] * 3, "subtracts no mean: take Caffe's mean pixel (103.939, 116.779, "
                         "123.68), in B, G, R order, off the 0-255 values"),
             ([-m for m in mean], "adds the mean pixel: subtract it"),
             ([255 * m for m in mean], "multiplies the mean by 255 too, as in (x - m) * 255: "
                                       "subtract it after the multiplication, x * 255 - m")]
    for order in (mean, mean[::-1]):
        cases.append(([m / 255 for m in order], "subtracts the mean on the 0-1 scale (m / 255): "
                      "it is in grey levels, so subtract it after multiplying by 255"))
    for order in (torch_mean, torch_mean[::-1]):
        cases.append((order, "subtracts torchvision's mean mu (0.485, 0.456, 0.406), not Caffe's "
                             "mean pixel (103.939, 116.779, 123.68) in B, G, R order"))
    for values in (subtracted, unscaled):
        for target, text in cases:
            if _near(values, target):
                return text
    return f"subtracts {_three(subtracted)} from B, G, R; Caffe's is (103.939, 116.779, 123.68)"


def _map_text(s, t) -> str | None:
    """What is wrong with the pixel map S x + t, or None if it is Caffe's."""
    sources = [int(s[k].abs().argmax()) for k in range(3)]
    rows = []
    for k in range(3):
        others = [s[k, c].abs() for c in range(3) if c != sources[k]]
        if max(others) > 1e-3 * (1 + s[k, sources[k]].abs()):
            rows.append(f"{BGR[k]} = " + " + ".join(f"{s[k, c]:.4g} {RGB[c]}" for c in range(3)))
    if rows:
        return ("mixes the colours: each output channel should be 255 times ONE input channel, but "
                "yours computes " + "; ".join(rows) + ". Reorder the channels, do not add them.")
    problems = []
    if sources != [2, 1, 0]:
        got = ", ".join(RGB[c] for c in sources)
        fix = "flip the channel axis, image.flip(1) (or image[:, [2, 1, 0]])"
        held = "keeps the R, G, B order" if sources == [0, 1, 2] else f"its channels hold {got}"
        problems.append(f"{held}; Caffe wants B, G, R: {fix}")
    scales = [float(s[k, sources[k]]) for k in range(3)]
    scale = _scale_text(scales, sources)
    mean = _mean_text([-float(v) for v in t], [-float(v) * 255 / (c or 1)
                                               for v, c in zip(t, scales)])
    problems += [p for p in (scale, mean) if p]
    if len(problems) < 2:
        return problems[0] + "." if problems else None
    return f"differs in {len(problems)} ways: " + "; ".join(
        f"({i}) {p}" for i, p in enumerate(problems, start=1)) + "."


def _diagnose(fn, image: torch.Tensor, out: torch.Tensor, expected: torch.Tensor) -> str:
    """Why `out` is not `expected`: clipped, rounded, flipped, the pixel map, or where."""
    got = out.detach().double()
    mean = torch.tensor(CAFFE_MEAN_BGR, dtype=torch.float64).view(1, 3, 1, 1)
    if _close(got, expected.clamp(min=0)) or _close(got, expected.clamp(0, 255)):
        return ("clips the values at 0: after the mean is subtracted, a pixel darker than the "
                "mean is negative, and Caffe's network expects that. Do not clamp.")
    if _close(got + mean, (expected + mean).round(), rtol=1e-6):
        return ("rounds to whole grey levels. Keep the exact values (x * 255 with no rounding): "
                "the image need not come from an 8-bit file.")
    found = _pixel_map(fn)
    if found is not None:
        s, t = found
        for dim, what in [(3, "mirrored left to right (dim 3, the width)"),
                          (2, "upside down (dim 2, the height)"),
                          (0, "with the images of the batch in reverse order (dim 0, the batch)")]:
            if _close(got, _apply(s, t, image.flip(dim))) and not _close(got, _apply(s, t, image)):
                return (f"flips the wrong axis: yours gives the picture {what}. The channels are "
                        "dim 1: image.flip(1).")
        if _close(got, _apply(s, t, image)):
            text = _map_text(s, t)
            if text:
                return text
    diff = (got - expected).abs()
    n, k, y, x = (int(i) for i in torch.unravel_index(diff.argmax(), diff.shape))
    return (f"differs by up to {diff.max():.4g}: at image {n}, channel {k} ({BGR[k]}), row {y}, "
            f"column {x} yours is {got[n, k, y, x]:.5g}, expected {expected[n, k, y, x]:.5g} "
            "(channel k should be 255 * image[:, 2 - k] - m_k).")


def check_to_caffe_input(fn) -> bool:
    """Check `fn(image) -> Caffe's input` (contract: helpers.checks). Seven checks: a tensor
    of the input's shape; float32; the input unchanged; the right numbers for three images
    (other sizes, batches of 1, 2 and 3); and the result on the image's device."""
    check = _Check("to_caffe_input", fn)
    generator = torch.Generator().manual_seed(11)
    image = torch.rand(2, 3, 5, 7, generator=generator)
    before = image.clone()
    out = _call(check, image)
    if _form(out, image):
        check.fail(_form(out, image), diagnose=False)
    check.ok()  # a tensor of the input's shape
    check.ok()  # float32
    check.unchanged([before], [image], ["image"])
    for case in [before, torch.rand(1, 3, 4, 6, generator=generator),
                 torch.rand(3, 3, 6, 2, generator=generator)]:
        got = out if case is before else _call(check, case.clone())
        expected = to_caffe_input(case.double())
        if not _close(got, expected):
            check.fail(_form(got, case) or _diagnose(fn, case, got, expected), diagnose=False)
        check.ok()
    try:
        on_meta = fn(image.to("meta"))
    except RuntimeError as err:
        if "device" in str(err):
            check.fail("works on the CPU but not for an image on another device (a GPU): a "
                       "tensor made on the CPU meets the image. Make the mean where the image "
                       "is: image.new_tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1).\n"
                       f"(On PyTorch's 'meta' device it raised: {err})", diagnose=False)
        on_meta = None
    except Exception:  # an operation the meta device lacks: nothing to learn
        on_meta = None
    if isinstance(on_meta, torch.Tensor) and on_meta.device.type != "meta":
        check.fail(f"returns a tensor on {on_meta.device} for an image on another device: keep "
                   "the result where the image is (no .cpu() or .to(...)).", diagnose=False)
    check.ok()
    return check.done()
