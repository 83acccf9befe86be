"""The one gate for inputs: every image, mask, weight and budget a helper takes is checked here.

Each public helper that takes an image or a mask calls `check_image` or `check_mask` (most of
them through `images.as_image`), before any long computation; weights and step budgets have
their one check next to the loop that spends them (`optimize.check_run`). The rules live in one
place and every message says what is wrong and how to fix it (the words for a wrong shape or
type: messages/shapes.py), in the reader's language (helpers.messages). The errors are ours
(`ImageError`, `InputError`; both are ValueErrors).
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import torch
import torch.nn.functional as nnf

from .messages import say
from .messages.shapes import not_a_tensor, shape_problem

#: Values this far outside [0, 1] are rounding (a resize, a colour transform): accepted, clipped.
ROUNDING = 1e-3


class InputError(ValueError):
    """A bad argument to a helper. The message names the problem and says what to do."""


class ImageError(InputError):
    """An image, a mask or an image file could not be used. The message names it and says
    what to do."""


def check_path(path, reader: str = "load_image") -> Path:
    """A str or os.PathLike as a Path; a URL, a tensor or anything else -> ImageError."""
    if isinstance(path, str) and re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", path):
        raise ImageError(say("{path}: {reader} works with files on this computer, not web "
                             "addresses. Download it first: load_image(download_image(url)).",
                             path=path, reader=reader))
    if not isinstance(path, (str, os.PathLike)):
        hint = say(" It is already a tensor: use it as it is.") if torch.is_tensor(path) else ""
        raise ImageError(say("{reader} takes the path of an image file (a str or pathlib.Path), "
                             "got a {kind}.{hint}", reader=reader, kind=type(path).__name__,
                             hint=hint))
    return Path(path)


def needed_side(layers) -> tuple[int, str | None]:
    """(smallest side in px, deepest layer) for an image that must reach every one of `layers`.

    Each VGG pooling halves the image (rounding down), so a layer in block b (conv{b}_x,
    relu{b}_x) sees the image after b - 1 poolings and pool{b} after b: the image needs
    2 ** poolings px per side to keep at least one value there. At least 2 px (smoothness term).
    """
    side, deepest = 2, None
    for name in ([layers] if isinstance(layers, str) else layers or ()):
        match = re.fullmatch(r"(conv|relu|pool)(\d+)(_\d+)?", str(name))
        if match:
            pools = int(match[2]) - (match[1] != "pool")
            if 2 ** pools >= side:
                side, deepest = 2 ** pools, name
    return side, deepest


def check_side(shape, layers, name: str = "image") -> None:
    """Refuse an (H, W) too small to reach the deepest of `layers` (see `needed_side`)."""
    height, width = int(shape[-2]), int(shape[-1])
    side, deepest = needed_side(layers)
    if min(height, width) >= side:
        return
    pools, aspect = int(math.log2(side)), max(height, width) / max(1, min(height, width))
    reason = (say("VGG halves an image {pools} times before {deepest}, the deepest layer used, so",
                  pools=pools, deepest=deepest)
              if deepest else say("the smoothness term compares neighbours, so"))
    raise ImageError(say("{name} is {width} px wide and {height} px high: too small. {reason} each "
                         "side needs at least {side} px. Use a larger image: resize(image, {long}) "
                         "(the long side), or from the file load_image(path, max_size={size}); or "
                         "shallower layers.", name=name, width=width, height=height, reason=reason,
                         side=side, long=math.ceil(side * aspect),
                         size=math.ceil(max(side, 32) * aspect)))


def _range_problem(low: float, high: float, name: str, what: str = "image") -> str:
    span = say("{name} has values from {low:.4g} to {high:.4g}: outside [0, 1] (more than "
               "rounding), where {things} live", name=name, low=low, high=high,
               things=say("images") if what == "image" else say("masks"))
    if low >= -ROUNDING and 1.5 < high <= 255 + ROUNDING:
        return say("{span}. They look like 0-255 pixel values: divide by 255 ({name} / 255).",
                   span=span, name=name)
    if what == "image" and -2.2 <= low < -0.5 and high <= 2.7:
        return say("{span}. Values below 0 look normalised: undo the ImageNet normalisation "
                   "({name} * std + mean, std=(0.229, 0.224, 0.225), mean=(0.485, 0.456, 0.406)) "
                   "or, for [-1, 1], ({name} + 1) / 2. The helpers normalise inside the network.",
                   span=span, name=name)
    return say("{span}. Clip a small overshoot with {name}.clamp(0, 1), or rescale: "
               "({name} - {name}.min()) / ({name}.max() - {name}.min()).", span=span, name=name)


def _values(tensor: torch.Tensor, name: str, what: str) -> torch.Tensor:
    """Refuse non-float dtypes, NaN, inf and values outside [0, 1]; float32, rounding clipped."""
    if tensor.numel() == 0:
        raise ImageError(say("{name} is empty (shape {shape}): nothing to work on.", name=name,
                             shape=tuple(tensor.shape)))
    if tensor.dtype == torch.bool:
        if what == "mask":
            return tensor.float()
        raise ImageError(say("{name} is a tensor of True/False; an image holds values in [0, 1]: "
                             "use {name}.float().", name=name))
    if not tensor.is_floating_point():
        raise ImageError(say("{name} has dtype {dtype} (whole numbers, 0-255 for pixels). Convert "
                             "it with {name}.float() / 255.", name=name,
                             dtype=str(tensor.dtype).replace("torch.", "")))
    tensor = tensor.float()
    finite = torch.isfinite(tensor)
    if not bool(finite.all()):
        nans = int(torch.isnan(tensor).sum())
        raise ImageError(say("{name} contains {nans} NaN and {infs} infinite values: whatever made "
                             "it went wrong (a division by zero, a run that diverged). Make it "
                             "again; torch.nan_to_num(x) hides the symptom only.", name=name,
                             nans=nans, infs=int((~finite).sum()) - nans))
    low, high = (float(v) for v in torch.aminmax(tensor.detach()))
    if low < -ROUNDING or high > 1 + ROUNDING:
        raise ImageError(_range_problem(low, high, name, what))
    return tensor.clamp(0, 1) if low < 0 or high > 1 else tensor


def check_image(image, name: str = "image", *, layers=(), min_side: int | None = None,
                batch: bool = False, check_range: bool = True) -> torch.Tensor:
    """The one check of an image tensor. Returns it as float32 (N, 3, H, W) (rounding clipped).

    Args:
        image: a tensor (1, 3, H, W) with values in [0, 1]; a Result is taken as its .image.
        name: how messages call it ("content", "style", ...).
        layers: the VGG layers the image must reach: refuse an image too small for the deepest.
        min_side: another smallest side in px, if any.
        batch: allow N > 1 (the colour helpers); else exactly one image.
        check_range: False skips the range check (YIQ values, unclamped runs).

    Raises:
        ImageError: not a tensor, a wrong shape, dtype or range, NaN / inf, too small. The
            message says how to fix it, for example "divide by 255" or ".permute(2, 0, 1)".
    """
    image = getattr(image, "image", image)  # a Result
    if not isinstance(image, torch.Tensor):
        raise ImageError(not_a_tensor(image, name))
    problem = shape_problem(tuple(image.shape), name, batch)
    if problem:
        raise ImageError(problem)
    if check_range:
        image = _values(image, name, "image")
    elif not image.is_floating_point() or not bool(torch.isfinite(image).all()):
        raise ImageError(say("{name}: expected finite float values, got {dtype} with NaN, inf or "
                             "whole numbers; convert with {name}.float().", name=name,
                             dtype=image.dtype))
    check_side(image.shape, layers, name)
    if min_side is not None and min(image.shape[-2:]) < min_side:
        raise ImageError(say("{name} is {width}x{height} px; each side needs at least {side} px "
                             "here. Use a larger image.", name=name, width=image.shape[-1],
                             height=image.shape[-2], side=min_side))
    return image.float()


def check_mask(mask, shape=None, name: str = "mask") -> torch.Tensor:
    """The one check of a mask. Returns it as float32 (1, 1, H, W) in [0, 1].

    Accepted, because the meaning is clear: (H, W), (1, H, W) and (1, 1, H, W); a grey picture
    with three equal channels, (3, H, W) or (1, 3, H, W) (a mask file read with load_image), of
    which one channel is kept; True/False values (1 and 0). With `shape` (H, W), a mask of
    another size but the same aspect ratio (within 2 %) is resized to it (bilinear).
    Refused, with the expected shape: colours, 4 channels, several masks in one tensor, another
    aspect ratio, whole numbers (0-255), values outside [0, 1], NaN.
    """
    if not isinstance(mask, torch.Tensor):
        raise ImageError(say("{name} is a {kind}, not a tensor: a mask is a tensor (1, 1, H, W) "
                             "with values in [0, 1]; from NumPy: torch.from_numpy(array).float().",
                             name=name, kind=type(mask).__name__))
    given = tuple(mask.shape)
    expected = say("{name} has shape {shape}; a mask is (1, 1, H, W) (or (H, W)), values in "
                   "[0, 1]", name=name, shape=given)
    if mask.dim() == 2:
        mask = mask[None, None]
    elif mask.dim() == 3 and mask.shape[0] in (1, 3):
        mask = mask[None]
    if mask.dim() != 4 or mask.shape[1] not in (1, 3):
        if len(given) == 3 and given[-1] in (1, 3):
            hint = say("the channel comes last, as in NumPy or PIL: use {name}.permute(2, 0, 1)",
                       name=name)
        elif mask.dim() == 4 and mask.shape[1] == 4:
            hint = say("4 channels (RGBA): keep one, {name}[:, :1]", name=name)
        else:
            hint = say("make one with split_masks(content), ellipse_mask(content) or "
                       "threshold_mask(image)")
        raise ImageError(say("{expected}. {hint}.", expected=expected, hint=hint))
    if mask.shape[0] != 1:
        raise ImageError(say("{expected}. {count} masks in one tensor: pass a list, one per style: "
                             "list({name}.split(1)).", expected=expected, count=given[0],
                             name=name))
    mask = _values(mask, name, "mask")
    if mask.shape[1] == 3:
        if float((mask - mask[:, :1]).abs().max()) > 0.02:
            raise ImageError(say("{expected}. This one has colours: make a mask from a picture "
                                 "with threshold_mask(image), or {name}.mean(dim=1, "
                                 "keepdim=True).",
                                 expected=expected, name=name))
        mask = mask.mean(dim=1, keepdim=True)
    if shape is not None:
        height, width = int(shape[-2]), int(shape[-1])
        h, w = mask.shape[-2:]
        if (h, w) != (height, width):
            if abs((h / w) / (height / width) - 1) > 0.02 + 1 / min(h, w):
                raise ImageError(say("{name} is {w}x{h} px but the image is {width}x{height} px: "
                                     "another shape. Make the mask at the image's size, e.g. "
                                     "split_masks(content) or ellipse_mask(content).",
                                     name=name, w=w, h=h, width=width, height=height))
            mask = nnf.interpolate(mask, size=(height, width), mode="bilinear",
                                   align_corners=False, antialias=h > height).clamp(0, 1)
    return mask.contiguous()
