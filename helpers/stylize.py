"""Style transfer end to end, and the two half-problems the paper's Figure 1 shows:
reconstructing an image from its content features, and from its style (texture synthesis).
"""

from __future__ import annotations

from typing import Callable, Sequence

import torch

from . import config
from .budget import check_run
from .images import as_image, resize
from .inputs import ImageError, check_image, check_mask, check_side
from .objective import (CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget, content_targets,
                        style_grams)
from .optimize import Result, optimize_image
from .vgg import VGGFeatures, default_model

#: Defaults chosen on the default network (the paper's Caffe VGG-19) by benchmarks/sweep.py:
#: criterion and results in docs/default_weights.md. Our losses are relative, so the same
#: weights also give a balanced picture at other sizes and on VGG-16 (notebook 05).
CONTENT_WEIGHT = 1.0
STYLE_WEIGHT = 10.0
TV_WEIGHT = 3.0


def initial_image(kind, content: torch.Tensor, style: torch.Tensor | None = None,
                  seed: int = config.DEFAULT_SEED) -> torch.Tensor:
    """The starting image: "content" (a copy), "noise" (uniform white noise, seeded),
    "style" (the style image resized to the content's size), or a tensor of the content's shape.
    """
    if isinstance(kind, torch.Tensor):
        kind = check_image(kind.unsqueeze(0) if kind.dim() == 3 else kind, "init")
        if kind.shape[-2:] != content.shape[-2:]:
            raise ImageError(f"init image has size {tuple(kind.shape[-2:])}, content has "
                             f"{tuple(content.shape[-2:])}: resize(init, content.shape[-2:])")
        return kind.to(content.device, torch.float32).clone()
    if kind == "content":
        return content.clone()
    if kind == "noise":
        generator = torch.Generator().manual_seed(seed)
        return torch.rand(content.shape, generator=generator).to(content.device)
    if kind == "style" and style is not None:
        return resize(style, content.shape[-2:])
    raise ValueError(f"init={kind!r}: choose 'content', 'noise', 'style' or give a tensor")


def stylize(content, style, *, model: VGGFeatures | None = None, steps: int | None = None,
            content_layers: Sequence[str] = CONTENT_LAYERS,
            style_layers: Sequence[str] = STYLE_LAYERS,
            content_weight: float = CONTENT_WEIGHT, style_weight: float = STYLE_WEIGHT,
            tv_weight: float = TV_WEIGHT, layer_weights: dict[str, float] | None = None,
            blend: Sequence[float] | None = None, masks: Sequence[torch.Tensor] | None = None,
            init="content", optimizer: str = "lbfgs", lr: float | None = None,
            line_search: str | None = "backtracking",
            autocast_dtype: torch.dtype | str | None = "auto", seed: int = config.DEFAULT_SEED,
            callback: Callable | None = None, progress: bool = True) -> Result:
    """Make an image with the content of `content` and the style of `style` (Gatys et al.).

    Args:
        content: (1, 3, H, W) in [0, 1], or a file path. The result has its size.
        style: (1, 3, h, w) in [0, 1] (any size and aspect), a file path, or a list of them
            to blend several styles.
        model: from `load_vgg`; None: `default_model()` (NST_ARCH / NST_WEIGHTS).
        steps: loss evaluations; None: 300 in class mode, 10 in quick mode.
        content_layers, style_layers: paper layer names (defaults: relu4_2; relu1_1..relu5_1).
        content_weight, style_weight: alpha and beta. Both losses are relative errors
            (losses.py), so 1 and 10 mean "style errors cost ten times as much".
        tv_weight: smoothness (gamma); the default 3 keeps the painting's strokes and lowers
            the pixel-to-pixel change (docs/default_weights.md).
        layer_weights: {style layer: weight}; None weights each layer 1/len(style_layers).
        blend: one weight per style image (several styles); None: equal.
        masks: one (1, 1, H, W) mask in [0, 1] per style image: where each style applies.
            (H, W), a grey picture or another size of the same aspect are accepted
            too (`inputs.check_mask` says what is done).
        init: "content", "noise", "style", or a tensor (see `initial_image`).
        optimizer, lr, line_search: see `optimize_image` (the default: L-BFGS whose guard
            refuses a step that raises the loss).
        autocast_dtype: the precision of the convolutions (Gram matrices and losses stay
            float32). "auto": `config.default_autocast_dtype(device)`, i.e. bfloat16 on hardware that
            computes it natively, else float32; None: float32; or a dtype such as torch.bfloat16.
        seed: for the noise start; CPU runs with the same seed repeat exactly.
        callback, progress: see `optimize_image`.

    Returns:
        Result with .image (1, 3, H, W) in [0, 1], .history, .seconds. Ctrl-C (Stop) ends the
        run early: the Result keeps the best image and has .interrupted = True.

    Raises:
        ImageError, InputError: a bad image, mask, weight or step count (helpers/inputs.py),
            before any network is loaded or run. The global random generators are never touched.
    """
    steps = check_run(steps if steps is not None else config.steps(300, 10), lr=lr,
                      content_weight=content_weight, style_weight=style_weight,
                      tv_weight=tv_weight, layer_weights=layer_weights, blend=blend)
    style_list = list(style) if isinstance(style, (list, tuple)) else [style]
    content = as_image(content, name="content", layers=[*content_layers, *style_layers])
    styles = [as_image(s, name="style" if len(style_list) == 1 else f"style {i + 1}",
                       layers=style_layers) for i, s in enumerate(style_list)]
    blend = list(blend) if blend is not None else [1.0 / len(styles)] * len(styles)
    if len(blend) != len(styles):
        raise ValueError(f"{len(styles)} style images but {len(blend)} blend weights")
    if masks is not None and len(masks) != len(styles):
        raise ValueError(f"{len(styles)} style images but {len(masks)} masks")
    masks = [None] * len(styles) if masks is None else [
        check_mask(m, content.shape[-2:], f"masks[{i}]") for i, m in enumerate(masks)]
    model = model if model is not None else default_model()
    device = model.device
    if isinstance(autocast_dtype, str):
        if autocast_dtype != "auto":
            raise ValueError(f"autocast_dtype={autocast_dtype!r}: use 'auto', None or a torch dtype")
        autocast_dtype = config.default_autocast_dtype(device)
    content, styles = content.to(device), [s.to(device) for s in styles]
    targets = [StyleTarget(style_grams(model, s, style_layers), weight,
                           None if mask is None else mask.to(device))
               for s, weight, mask in zip(styles, blend, masks)]
    objective = Objective(model, content_targets(model, content, content_layers), targets,
                          content_weight, style_weight, tv_weight, layer_weights, autocast_dtype)
    start = initial_image(init, content, styles[0], seed)
    return optimize_image(objective, start, steps, optimizer=optimizer, lr=lr,
                          line_search=line_search, callback=callback, progress=progress,
                          desc="style transfer")


def reconstruct_content(image, layer: str, *, model: VGGFeatures | None = None,
                        steps: int | None = None, seed: int = config.DEFAULT_SEED,
                        optimizer: str = "lbfgs", callback=None, progress: bool = True) -> Result:
    """Start from white noise and match `image`'s features at one layer (paper Fig. 1, bottom).

    The result shows what that layer keeps: shallow layers keep the pixels, deep layers keep
    the arrangement of objects but not the exact colours and textures.
    """
    steps = check_run(steps if steps is not None else config.steps(200, 10))
    image = as_image(image, name="image", layers=[layer])
    model = model if model is not None else default_model()
    image = image.to(model.device)
    objective = Objective(model, content_targets(model, image, [layer]), [],
                          content_weight=1.0, style_weight=0.0)
    return optimize_image(objective, initial_image("noise", image, seed=seed), steps,
                          optimizer=optimizer, callback=callback, progress=progress,
                          desc=f"content from {layer}")


def synthesize_texture(style, layers: Sequence[str], *, size: tuple[int, int] | None = None,
                       model: VGGFeatures | None = None, steps: int | None = None,
                       seed: int = config.DEFAULT_SEED, optimizer: str = "lbfgs",
                       callback=None, progress: bool = True) -> Result:
    """Start from white noise and match `style`'s Gram matrices at `layers` (paper Fig. 1, top).

    size: (H, W) of the texture; None: the style image's size.
    """
    steps = check_run(steps if steps is not None else config.steps(200, 10))
    style = as_image(style, name="style", layers=layers)
    if size is not None:
        if (not isinstance(size, (tuple, list)) or len(size) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in size)):
            raise ImageError(f"size={size!r}: give (height, width) in pixels, e.g. (256, 256)")
        check_side(size, layers, f"the texture size {tuple(size)}")
    model = model if model is not None else default_model()
    style = style.to(model.device)
    shape_source = style if size is None else style.new_zeros(1, 3, *size)
    objective = Objective(model, {}, [StyleTarget(style_grams(model, style, layers))],
                          content_weight=0.0, style_weight=1.0)
    return optimize_image(objective, initial_image("noise", shape_source, seed=seed), steps,
                          optimizer=optimizer, callback=callback, progress=progress,
                          desc=f"texture from {len(layers)} layers")
