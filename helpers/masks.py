"""Masks for spatial control: which style goes where (Gatys et al. 2017, arXiv:1611.07865).

A mask is a tensor (1, 1, H, W) with values in [0, 1], at the size of the image being made:
1 where a style applies fully, 0 where it does not apply, values between on a soft edge.
`stylize(content, [style_a, style_b], masks=[mask_a, mask_b])` then matches each style's Gram
matrices only where its mask is on (see `gram_matrix(features, mask)` in losses.py).

The functions here return masks that add up to 1 at every pixel when used as a pair, so every
part of the image gets exactly one full style.
"""

from __future__ import annotations

import torch

from .color import luminance
from .inputs import check_image, check_mask


def _size(size) -> tuple[int, int]:
    """(H, W) from a pair of ints or from an image tensor (..., H, W)."""
    if isinstance(size, torch.Tensor):
        return int(size.shape[-2]), int(size.shape[-1])
    height, width = (int(s) for s in size)
    if height < 1 or width < 1:
        raise ValueError(f"size={size}: height and width must be positive")
    return height, width


def _coordinates(height: int, width: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Pixel centres in [0, 1]: y (H, 1) from top to bottom, x (1, W) from left to right."""
    y = (torch.arange(height, dtype=torch.float32) + 0.5) / height
    x = (torch.arange(width, dtype=torch.float32) + 0.5) / width
    return y[:, None], x[None, :]


def _ramp(distance: torch.Tensor, softness: float) -> torch.Tensor:
    """0 -> 1 as a signed distance goes from -softness/2 to +softness/2 (a straight ramp).

    softness 0 gives a hard step.
    """
    if softness < 0:
        raise ValueError(f"softness={softness}: must be >= 0")
    if softness == 0:
        return (distance >= 0).float()
    return (0.5 + distance / softness).clamp(0, 1)


def split_masks(size, direction: str = "left-right", at: float = 0.5,
                softness: float = 0.1) -> list[torch.Tensor]:
    """Two masks that cut the image in two parts along a straight line with a soft edge.

    Args:
        size: (H, W), or an image tensor whose last two dimensions are used.
        direction: "left-right" (first mask on the left) or "top-bottom" (first mask on top).
        at: where the cut is, as a fraction of the width (or height): 0.5 is the middle.
        softness: width of the soft edge, as a fraction of the width (or height); 0: a hard cut.

    Returns:
        [first, second], each (1, 1, H, W) in [0, 1], with first + second = 1 everywhere.
    """
    height, width = _size(size)
    y, x = _coordinates(height, width)
    if direction == "left-right":
        coordinate = x.expand(height, width)
    elif direction == "top-bottom":
        coordinate = y.expand(height, width)
    else:
        raise ValueError(f"direction={direction!r}: choose 'left-right' or 'top-bottom'")
    first = _ramp(at - coordinate, softness)[None, None]
    return [first, 1.0 - first]


def ellipse_mask(size, center: tuple[float, float] = (0.5, 0.5),
                 radii: tuple[float, float] = (0.35, 0.35), softness: float = 0.1) -> torch.Tensor:
    """1 inside an ellipse, 0 outside, with a soft edge.

    Args:
        size: (H, W) or an image tensor.
        center: (y, x) of the centre, as fractions of the height and width.
        radii: (vertical, horizontal) radius, as fractions of the height and width.
        softness: width of the edge, as a fraction of the mean radius; 0: a hard edge.

    Returns:
        (1, 1, H, W) in [0, 1]. Use [mask, 1 - mask] for two styles (inside, outside).
    """
    height, width = _size(size)
    if min(radii) <= 0:
        raise ValueError(f"radii={radii}: both radii must be positive")
    y, x = _coordinates(height, width)
    radius = torch.sqrt(((y - center[0]) / radii[0]) ** 2 + ((x - center[1]) / radii[1]) ** 2)
    return _ramp(1.0 - radius, softness)[None, None]


def threshold_mask(image: torch.Tensor, threshold: float | None = None,
                   softness: float = 0.1) -> torch.Tensor:
    """1 where the image is bright, 0 where it is dark (a mask made from the picture itself).

    Args:
        image: (1, 3, H, W) in [0, 1].
        threshold: the luminance Y (0..1) that separates dark from bright; None: the median,
            so that about half the pixels are on each side.
        softness: the range of Y over which the mask goes from 0 to 1; 0: a hard edge.

    Returns:
        (1, 1, H, W) in [0, 1]. A noisy photo gives a noisy mask: blur the image first if
        the regions should be smooth.
    """
    y = luminance(check_image(image, "image", batch=True))[:1].float()
    threshold = float(y.median()) if threshold is None else float(threshold)
    return _ramp(y - threshold, softness).reshape(1, 1, *y.shape[-2:])


def mask_pair(mask: torch.Tensor) -> list[torch.Tensor]:
    """[mask, 1 - mask]: one mask and its complement, for two styles that share the image.

    The mask passes `inputs.check_mask`: (H, W), (1, H, W) or a grey picture (three equal
    channels) become (1, 1, H, W); colours, values outside [0, 1] or NaN are refused.
    """
    mask = check_mask(mask)
    return [mask, 1.0 - mask]
