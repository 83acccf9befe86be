"""What is style, statistically? Three statistics of a layer's features, and a transfer that
swaps one for another while keeping everything else (notebook 09).

For features F of one image at one layer, C channels at M positions (as a C x M matrix):

    "gram"      G = F F^T / M                  which channels fire together (Gatys et al.)
    "mean_std"  each channel's mean and standard deviation over the positions: 2C numbers,
                the statistic AdaIN aligns (Huang and Belongie 2017, arXiv:1703.06868)
    "sliced"    the whole distribution of the M feature vectors, seen along C fixed random
                directions: each projection's M values, sorted (a sliced Wasserstein distance;
                Heitz et al. 2021, arXiv:2006.07229)

Each loss is a relative squared error, as in losses.py: ||stat(F) - stat(S)||^2 / ||stat(S)||^2,
with S the style image's features, so 0 means the same statistic and the weights of the series
keep their meaning. The style image may have another number of positions than the image being
made: its sorted projections are resampled to M values (its quantiles).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import torch
from torch.nn import functional as nnf

from . import config
from .budget import check_run
from .images import as_image
from .losses import EPS, content_loss, gram_matrix, style_loss, total_variation_loss
from .objective import CONTENT_LAYERS, STYLE_LAYERS, content_targets
from .optimize import Result, optimize_image
from .stylize import CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT, initial_image
from .vgg import VGGFeatures, default_model, extract_features, iter_features

STATISTICS = ("gram", "mean_std", "sliced")


def channel_mean_std(features: torch.Tensor) -> torch.Tensor:
    """(N, C, H, W) -> (N, 2C): each channel's mean over the positions, then its (biased)
    standard deviation."""
    flat = features.float().flatten(2)
    return torch.cat([flat.mean(2), flat.var(2, unbiased=False).add(EPS).sqrt()], dim=1)


def directions(channels: int, seed: int = config.DEFAULT_SEED) -> torch.Tensor:
    """C random unit directions in the C-dimensional feature space, at right angles to each
    other (the columns of a random orthogonal matrix): (C, C). The same seed, the same ones."""
    generator = torch.Generator().manual_seed(seed + channels)
    q, r = torch.linalg.qr(torch.randn(channels, channels, generator=generator))
    return q * torch.sign(torch.diagonal(r))  # a unique, uniformly random orthogonal matrix


def sorted_projections(features: torch.Tensor, basis: torch.Tensor) -> torch.Tensor:
    """(N, C, H, W) and (C, D) -> (N, D, M): the M feature vectors projected on each of the D
    directions, each row sorted from small to large (the projection's quantiles)."""
    flat = features.float().flatten(2)                      # (N, C, M)
    return torch.sort(basis.to(flat.device).T @ flat, dim=2).values


def _quantiles(values: torch.Tensor, count: int) -> torch.Tensor:
    """Sorted rows (N, D, M_S) resampled to `count` values each (linear interpolation)."""
    if values.shape[-1] == count:
        return values
    return nnf.interpolate(values, size=count, mode="linear", align_corners=True)


def make_target(statistic: str, features: torch.Tensor):
    """The style target of one layer: what `statistic_loss` compares with."""
    if statistic == "gram":
        return gram_matrix(features)
    if statistic == "mean_std":
        return channel_mean_std(features)
    if statistic == "sliced":
        basis = directions(features.shape[1])
        return basis, sorted_projections(features, basis)
    raise ValueError(f"statistic={statistic!r}: choose one of {', '.join(STATISTICS)}")


def statistic_loss(statistic: str, features: torch.Tensor, target) -> torch.Tensor:
    """Relative squared error between the statistic of `features` (N, C, H, W) and `target`."""
    if statistic == "gram":
        return style_loss(features, target)
    if statistic == "mean_std":
        return (channel_mean_std(features) - target).pow(2).sum() / (target.pow(2).sum() + EPS)
    if statistic == "sliced":
        basis, style_sorted = target
        mine = sorted_projections(features, basis)
        wanted = _quantiles(style_sorted, mine.shape[-1])
        return (mine - wanted).pow(2).sum() / (wanted.pow(2).sum() * mine.shape[0] + EPS)
    raise ValueError(f"statistic={statistic!r}: choose one of {', '.join(STATISTICS)}")


@dataclass
class StatisticObjective:
    """Like `Objective` (one painting, no masks), with the style statistic as a choice.

    Callable: image (1, 3, H, W) -> {"total", "content", "style", "tv"}; the style term is the
    mean over the style layers of `statistic_loss`. With statistic="gram" it is `Objective`.
    """
    model: VGGFeatures
    statistic: str
    content_targets: dict[str, torch.Tensor]
    style_targets: dict[str, object]
    content_weight: float = CONTENT_WEIGHT
    style_weight: float = STYLE_WEIGHT
    tv_weight: float = TV_WEIGHT
    layers: list[str] = field(init=False)

    def __post_init__(self):
        self.layers = list(dict.fromkeys([*self.content_targets, *self.style_targets]))

    def __call__(self, image: torch.Tensor) -> dict[str, torch.Tensor]:
        zero = image.new_zeros((), dtype=torch.float32)
        content, style = zero, zero
        if image.device.type in {"cpu", "cuda"}:  # as Objective does: the same numbers
            image = image.contiguous(memory_format=torch.channels_last)
        for name, feats in iter_features(self.model, image, self.layers):
            if name in self.content_targets:
                content = content + content_loss(feats, self.content_targets[name])
            if name in self.style_targets:  # each layer weighs 1 / (number of layers)
                style = style + (1.0 / len(self.style_targets)) * statistic_loss(
                    self.statistic, feats, self.style_targets[name])
        content = content / max(1, len(self.content_targets))
        tv = total_variation_loss(image) if self.tv_weight else zero
        total = self.content_weight * content + self.style_weight * style + self.tv_weight * tv
        return {"total": total, "content": content, "style": style, "tv": tv}


@torch.no_grad()
def style_targets(model: VGGFeatures, style: torch.Tensor, statistic: str,
                  layers: Sequence[str] = STYLE_LAYERS) -> dict[str, object]:
    """{layer: target} of `statistic` for the style image, computed once without autograd."""
    return {name: make_target(statistic, f)
            for name, f in extract_features(model, style, layers).items()}


def stylize_with(content, style, statistic: str = "gram", *, model: VGGFeatures | None = None,
                 steps: int | None = None, content_weight: float = CONTENT_WEIGHT,
                 style_weight: float = STYLE_WEIGHT, tv_weight: float = TV_WEIGHT,
                 content_layers: Sequence[str] = CONTENT_LAYERS,
                 style_layers: Sequence[str] = STYLE_LAYERS, init: str = "content",
                 seed: int = config.DEFAULT_SEED, progress: bool = True,
                 callback=None) -> Result:
    """`stylize` (L-BFGS, float32) with another style statistic.

    Args as in `stylize`; statistic: "gram", "mean_std" or "sliced"; init: "content" (start
    from the photo) or "noise" (seeded white noise: with content_weight=0 this is texture
    synthesis, notebook 04). Returns a Result.
    """
    if statistic not in STATISTICS:
        raise ValueError(f"statistic={statistic!r}: choose one of {', '.join(STATISTICS)}")
    steps = check_run(steps if steps is not None else config.steps(300, 10),
                      content_weight=content_weight, style_weight=style_weight,
                      tv_weight=tv_weight)
    content = as_image(content, name="content", layers=[*content_layers, *style_layers])
    style = as_image(style, name="style", layers=style_layers)
    model = model if model is not None else default_model()
    content, style = content.to(model.device), style.to(model.device)
    objective = StatisticObjective(model, statistic,
                                   content_targets(model, content, content_layers),
                                   style_targets(model, style, statistic, style_layers),
                                   content_weight, style_weight, tv_weight)
    return optimize_image(objective, initial_image(init, content, seed=seed), steps,
                          callback=callback, progress=progress,
                          desc=f"style transfer ({statistic})")


@torch.no_grad()
def style_distances(image: torch.Tensor, style: torch.Tensor, model: VGGFeatures,
                    layers: Sequence[str] = STYLE_LAYERS) -> dict[str, float]:
    """{statistic: its style loss of `image` against `style`} for all three statistics."""
    mine = extract_features(model, image.to(model.device), layers)
    theirs = extract_features(model, style.to(model.device), layers)
    return {statistic: sum(float(statistic_loss(statistic, mine[name],
                                                make_target(statistic, theirs[name])))
                           for name in layers) / len(layers)
            for statistic in STATISTICS}
