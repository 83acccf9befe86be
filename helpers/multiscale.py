"""Coarse-to-fine style transfer: solve a small image first, then refine it at full size.

A small image shows the large shapes of the picture at a fraction of the cost (half the side:
a quarter of the pixels, a quarter of the work per loss evaluation). So we optimise at a small
size, enlarge the result, and use it as the starting image at the next size. Gatys et al. 2017
("Controlling Perceptual Factors", arXiv:1611.07865) use this idea to make large images.

What it buys, and what not: the strokes keep the size they had in the small image, so they are
larger in the final picture than in a direct run; and the enlarged small result is a better
start than the photo (a lower full-size loss). It is not a shortcut to the same optimum: in
notebook 08 and in benchmarks/README.md, with the same budget, coarse to fine ends with a
higher full-size loss than the direct run. A different picture, not a faster route to the same
one.
"""

from __future__ import annotations

from typing import Sequence

import torch

from . import config
from .budget import check_steps
from .images import MIN_SIDE, as_image, long_side_shape, resize
from .inputs import check_mask
from .objective import STYLE_LAYERS
from .optimize import Result
from .stylize import initial_image, stylize
from .vgg import default_model


def default_sizes(long_side: int) -> list[int]:
    """Stage sizes (long side, pixels) for a final long side: half size, then full size.

    512 -> [256, 512], 256 -> [128, 256], 64 -> [32, 64]; below 64 px a single stage. Pass
    `sizes` for more stages (e.g. [128, 256, 512]).
    """
    long_side = int(long_side)
    return [long_side // 2, long_side] if long_side // 2 >= MIN_SIDE else [long_side]


def default_steps(n_stages: int) -> list[int]:
    """Loss evaluations per stage when `steps` is None: 100 per coarse stage (each costs a
    quarter of a full-size one at half size), 200 at the final size; quick mode: 5 and 5."""
    return [config.steps(100, 5)] * (n_stages - 1) + [config.steps(200, 5)]


def _shrink_style(style: torch.Tensor, factor: float) -> torch.Tensor:
    """The style image shrunk by `factor` (< 1), never below 32 px; unchanged when factor >= 1."""
    if factor >= 1:
        return style
    return resize(style, max(MIN_SIDE, round(max(style.shape[-2:]) * factor)))


def stylize_coarse_to_fine(content, style, *, sizes: Sequence[int] | None = None,
                           steps: int | Sequence[int] | None = None, **stylize_kwargs) -> Result:
    """`stylize`, run on a pyramid of sizes: each stage starts from the last one's result.

    Args:
        content: (1, 3, H, W) in [0, 1], or a file path. The result has its size when
            sizes[-1] is its long side (the default).
        style: as in `stylize` (one image, a path, or a list to blend). Each stage shrinks the
            style image(s) by the same factor as the content, so the brush strokes keep their
            size relative to the picture at every stage.
        sizes: long side of each stage in pixels, small to large; None: `default_sizes` of the
            content's long side (e.g. 512 -> [256, 512]).
        steps: loss evaluations per stage: one int for every stage, or one per stage;
            None: `default_steps` (class mode: 100 per coarse stage, 200 at the end).
        **stylize_kwargs: passed to `stylize` at every stage (model, weights, layers, blend,
            optimizer, seed, progress, callback...). `init` applies to the first stage only;
            later stages start from the previous result. `masks` are resized to each stage.
            A callback's evaluation number restarts at 1 in every stage.

    Returns:
        One Result for the whole run: .image (the final stage's), .history (all stages one
        after the other; each entry has "stage" (0, 1, ...) and "size" (the stage's long side)
        added, and "seconds" counts from the start of the first stage), .seconds (total),
        .evaluations (total). Ctrl-C (Stop) in any stage ends the run: no later stage runs,
        .interrupted is True, and .image is that stage's best image enlarged to the final size.
    """
    style_list = style if isinstance(style, (list, tuple)) else [style]
    style_layers = stylize_kwargs.get("style_layers", STYLE_LAYERS)
    content = as_image(content, name="content")
    styles = [as_image(s, name="style", layers=style_layers) for s in style_list]
    full_long = max(content.shape[-2:])
    sizes = [int(s) for s in (sizes if sizes is not None else default_sizes(full_long))]
    if not sizes or any(s < MIN_SIDE for s in sizes):
        raise ValueError(f"sizes={sizes}: give one or more long sides of at least {MIN_SIDE} px")
    if isinstance(steps, int):
        steps = [steps] * len(sizes)
    steps = list(steps) if steps is not None else default_steps(len(sizes))
    if len(steps) != len(sizes):
        raise ValueError(f"{len(sizes)} sizes but {len(steps)} step counts")
    steps = [check_steps(n, f"steps[{i}]") for i, n in enumerate(steps)]
    masks = stylize_kwargs.pop("masks", None)
    if masks is not None:
        masks = [check_mask(m, content.shape[-2:], f"masks[{i}]") for i, m in enumerate(masks)]
    init = stylize_kwargs.pop("init", "content")
    seed = stylize_kwargs.get("seed", config.DEFAULT_SEED)
    model = stylize_kwargs.pop("model", None)
    model = model if model is not None else default_model()
    device = model.device
    content, styles = content.to(device), [s.to(device) for s in styles]

    # The first stage's start, made at full size (so "noise" is the same noise at every
    # resolution) and shrunk with the content.
    start = initial_image(init, content, styles[0], seed)
    total = Result(image=start.detach().cpu().clone())
    for stage, (size, stage_steps) in enumerate(zip(sizes, steps)):
        shape = long_side_shape(content.shape[-2:], size)
        factor = size / full_long
        stage_styles = [_shrink_style(s, factor) for s in styles]
        stage_masks = None if masks is None else [resize(m.to(device, torch.float32), shape)
                                                  for m in masks]
        stage_init = resize(start.to(device), shape)
        result = stylize(resize(content, shape),
                         stage_styles if isinstance(style, (list, tuple)) else stage_styles[0],
                         model=model, steps=stage_steps, init=stage_init, masks=stage_masks,
                         **stylize_kwargs)
        offset = total.seconds
        for entry in result.history:
            total.history.append({**entry, "seconds": entry["seconds"] + offset,
                                  "stage": stage, "size": size})
        total.seconds += result.seconds
        total.evaluations += result.evaluations
        total.image = result.image
        start = result.image
        if result.interrupted:
            total.interrupted = True
            final = long_side_shape(content.shape[-2:], sizes[-1])
            if stage < len(sizes) - 1:
                print(f"Stopped in stage {stage + 1} of {len(sizes)} ({size} px): no later "
                      f"stage runs; the image is enlarged to {final[1]}x{final[0]} px.")
                total.image = resize(result.image, final)
            break
    return total
