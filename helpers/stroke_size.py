"""Stroke size: the size of the style image sets the size of the brush strokes in the result.

VGG looks at the image through windows of fixed size in pixels (the receptive fields). Shrink
the style image and each window sees more, smaller strokes, so the transfer paints small
strokes; enlarge it and the strokes grow (Gatys et al. 2017, arXiv:1611.07865).
"""

from __future__ import annotations

import math
import numbers

import torch

from .images import MIN_SIDE, resize
from .inputs import ImageError, InputError, check_image


def rescale_style(style: torch.Tensor, factor: float,
                  content: torch.Tensor | None = None) -> torch.Tensor:
    """Resize a style image, keeping its aspect ratio.

    Args:
        style: (1, 3, h, w) in [0, 1].
        factor: how big to make it. Without `content`: relative to the style image itself
            (0.5 halves each side). With `content`: relative to the content image, so that
            the style's long side becomes factor x the content's long side.
        content: optional (1, 3, H, W): the image being restyled.

    Returns:
        (1, 3, h', w') in [0, 1] (`images.resize`: antialiased when shrinking, bicubic when
        enlarging).

    Raises:
        ValueError: factor <= 0, or a side would fall below 32 px (VGG halves it five times).

    Enlarging a small file only makes it blurry: load the style image big (for example
    `load_image(path, max_size=None)`) and let this function shrink it.
    """
    style = check_image(style, "style")
    if content is not None:
        content = check_image(content, "content")
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real) \
            or not 0 < factor < math.inf:
        raise InputError(f"factor={factor!r}: must be a positive number (0.5 halves each side)")
    height, width = style.shape[-2:]
    if content is not None:
        ratio = factor * max(content.shape[-2:]) / max(height, width)
    else:
        ratio = factor
    size = (max(1, round(height * ratio)), max(1, round(width * ratio)))
    if min(size) < MIN_SIDE:
        raise ImageError(f"rescale_style: factor {factor} makes the style image {size[0]}x"
                         f"{size[1]} px; each side needs at least {MIN_SIDE} px for VGG. "
                         "Use a larger factor or a larger image.")
    if size == (height, width):
        return style.clone()
    return resize(style, size)
