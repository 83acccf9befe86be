"""The style-transfer objective: alpha * content + beta * style + tv * smoothness.

`Objective` holds what never changes during an optimisation (the frozen network, the content
features P and the style Gram matrices A, computed once without autograd), and turns an image
into its losses with ONE forward pass that stops after the deepest layer needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn.functional as nnf

from .losses import content_loss, gram_matrix, style_loss, total_variation_loss
from .vgg import VGGFeatures, extract_features, iter_features

CONTENT_LAYERS = ("relu4_2",)
STYLE_LAYERS = ("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")


@dataclass
class StyleTarget:
    """One style: its Gram matrices per layer, how much it counts, and where it applies.

    grams: {layer: (1, C, C)}; weight: its share of the style term; mask: None (everywhere) or
    (1, 1, H, W) in [0, 1] at the size of the image being made.
    """
    grams: dict[str, torch.Tensor]
    weight: float = 1.0
    mask: torch.Tensor | None = None


@dataclass
class Objective:
    """Callable: image (1, 3, H, W) in [0, 1] -> {"total", "content", "style", "tv"} scalars.

    The parts are reported unweighted; "total" = content_weight * content + style_weight * style
    + tv_weight * tv. With our normalisation (see losses.py) content and style are relative
    errors, so a weight of 1 prices an error as large as the target itself at 1.
    """
    model: VGGFeatures
    content_targets: dict[str, torch.Tensor] = field(default_factory=dict)
    styles: list[StyleTarget] = field(default_factory=list)
    content_weight: float = 1.0
    style_weight: float = 1.0
    tv_weight: float = 0.0
    layer_weights: dict[str, float] | None = None  # per style layer; None: equal, summing to 1
    autocast_dtype: torch.dtype | None = None  # e.g. torch.bfloat16 for the convolutions only
    channels_last: bool = True  # same values, faster convolutions on CPU and CUDA (benchmarks/)

    @property
    def style_layers(self) -> list[str]:
        """Every layer some style uses, in order of first use (styles may use different ones)."""
        return list(dict.fromkeys(layer for target in self.styles for layer in target.grams))

    @property
    def layers(self) -> list[str]:
        return list(dict.fromkeys([*self.content_targets, *self.style_layers]))

    def _layer_weight(self, layer: str, target: StyleTarget) -> float:
        """layer_weights[layer], or 1 / (the number of layers of this style): each style's
        layer weights then sum to 1, whatever layers the other styles use."""
        if self.layer_weights is None:
            return 1.0 / len(target.grams)
        return float(self.layer_weights.get(layer, 0.0))

    def _layer_outputs(self, image: torch.Tensor):
        """(layer name, output) for each layer a term needs, as the forward pass reaches it.

        With `channels_last` the image is handed to the network in the "NHWC" memory layout:
        the same numbers, stored pixel by pixel. The convolutions then skip a layout conversion
        at every layer (benchmarks/README.md measures the gain).
        """
        if self.channels_last and image.device.type in {"cpu", "cuda"}:
            image = image.contiguous(memory_format=torch.channels_last)
        return iter_features(self.model, image, self.layers, self.autocast_dtype)

    def __call__(self, image: torch.Tensor) -> dict[str, torch.Tensor]:
        # Each term is computed as soon as the forward pass reaches its layer (as the tutorial's
        # inserted loss modules do). The backward pass then makes the gradient of a shallow,
        # large layer only when it gets there, not all at once at its start: less peak memory
        # (benchmarks/README.md). The sums below keep the order, so the values are unchanged.
        content_terms, style_terms = {}, {}
        for name, feats in self._layer_outputs(image):
            if name in self.content_targets:
                content_terms[name] = content_loss(feats, self.content_targets[name])
            for i, target in enumerate(self.styles):
                if name in target.grams:
                    mask = _resize_mask(target.mask, feats) if target.mask is not None else None
                    style_terms[i, name] = style_loss(feats, target.grams[name], mask)
        zero = image.new_zeros((), dtype=torch.float32)
        content = sum((content_terms[name] for name in self.content_targets), zero)
        if self.content_targets:
            content = content / len(self.content_targets)
        style = zero
        for i, target in enumerate(self.styles):
            for layer in target.grams:
                style = style + (target.weight * self._layer_weight(layer, target)
                                 * style_terms[i, layer])
        tv = total_variation_loss(image) if self.tv_weight else zero
        total = self.content_weight * content + self.style_weight * style + self.tv_weight * tv
        return {"total": total, "content": content, "style": style, "tv": tv}


def _resize_mask(mask: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
    """A mask (1, 1, H, W) brought to a layer's spatial size by area averaging."""
    return nnf.adaptive_avg_pool2d(mask.to(features.device, torch.float32), features.shape[-2:])


@torch.no_grad()
def content_targets(model: VGGFeatures, content: torch.Tensor, layers) -> dict[str, torch.Tensor]:
    """P for each content layer, computed once, without autograd: {layer: (1, C, H, W)}."""
    return {name: f.float() for name, f in extract_features(model, content, layers).items()}


@torch.no_grad()
def style_grams(model: VGGFeatures, style: torch.Tensor, layers) -> dict[str, torch.Tensor]:
    """A for each style layer, computed once, without autograd: {layer: (1, C, C)}."""
    return {name: gram_matrix(f) for name, f in extract_features(model, style, layers).items()}
