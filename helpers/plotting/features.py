"""What a layer computes: feature maps as one mosaic, Gram matrices as heatmaps."""

from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from .images import finish


def scale_maps(maps: np.ndarray, shared: bool) -> np.ndarray:
    """Maps (K, H, W) to [0, 1]: each on its own scale, or all on one scale from 0 (the
    strongest value of all = 1), so that strengths can be compared."""
    if shared:
        return maps / max(float(maps.max()), 1e-12)
    low = maps.min(axis=(1, 2), keepdims=True)
    span = maps.max(axis=(1, 2), keepdims=True) - low
    return (maps - low) / np.maximum(span, 1e-12)


def draw_mosaic(fig, maps: np.ndarray, channels: Sequence[int], ncols: int, shared: bool,
                xlabel: str) -> None:
    """Draw maps (K, H, W) as one picture: tiles in rows of `ncols`, one pixel of gap, each
    labelled with its channel number. One imshow for all tiles keeps redraws fast."""
    ncols = min(ncols, len(channels))
    nrows = -(-len(channels) // ncols)
    height, width = maps.shape[1:]
    mosaic = np.full((nrows * (height + 1) - 1, ncols * (width + 1) - 1), np.nan)
    scaled = scale_maps(maps, shared)
    for k in range(len(channels)):
        r, c = divmod(k, ncols)
        mosaic[r * (height + 1):r * (height + 1) + height,
               c * (width + 1):c * (width + 1) + width] = scaled[k]
    ax = fig.add_subplot()
    shown = ax.imshow(mosaic, cmap="viridis", vmin=0, vmax=1, interpolation="nearest")
    for k, channel in enumerate(channels):
        r, c = divmod(k, ncols)
        ax.text(c * (width + 1) + 0.5, r * (height + 1) + 0.5, f"ch {channel}", color="white",
                fontsize=7, va="top", ha="left",
                bbox=dict(facecolor="black", alpha=0.5, pad=1, linewidth=0))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(xlabel)
    if shared:
        fig.colorbar(shown, ax=ax, fraction=0.04, label="activation / max")


def _mosaic_size(maps: np.ndarray, ncols: int, count: int, tile: float) -> tuple[float, float]:
    ncols = min(ncols, count)
    nrows = -(-count // ncols)
    height, width = maps.shape[1:]
    inch = tile / max(height, width)  # the longest side of a tile gets `tile` inches
    return inch * width * ncols + 1.2, inch * height * nrows + 0.9


def _selected(features: torch.Tensor, channels) -> tuple[np.ndarray, list[int], int]:
    maps = features.detach().float().cpu()
    maps = maps[0] if maps.dim() == 4 else maps
    picked = (list(range(min(channels, maps.shape[0]))) if isinstance(channels, int)
              else list(channels))
    return maps[picked].numpy(), picked, maps.shape[0]


def feature_mosaic(features: torch.Tensor, channels: int | Sequence[int], title: str,
                   xlabel: str = "", shared_scale: bool = False, ncols: int = 8,
                   tile: float = 1.3) -> Figure:
    """Feature maps of one layer as a mosaic on a bare Figure (for the explorers).

    features: (1, C, H, W) or (C, H, W). channels: how many (the first N), or which.
    shared_scale: one colour scale for all maps instead of one per map.
    """
    maps, picked, _ = _selected(features, channels)
    fig = Figure(layout="constrained", figsize=_mosaic_size(maps, ncols, len(picked), tile))
    draw_mosaic(fig, maps, picked, ncols, shared_scale, xlabel)
    fig.suptitle(title, fontsize=10)
    return fig


def feature_grid(features: torch.Tensor, channels: int | Sequence[int] = 16, ncols: int = 8,
                 shared_scale: bool = False, title: str = "", size: float = 1.6,
                 show: bool = True):
    """Feature maps of one layer as a grid of small pictures (pyplot; see `feature_mosaic`).

    features: (1, C, H, W) or (C, H, W). channels: how many to show (the first N), or which.
    shared_scale: one colour scale for all maps (compare strengths) instead of one per map
        (see the pattern in each).
    """
    maps, picked, total = _selected(features, channels)
    fig = plt.figure(figsize=_mosaic_size(maps, ncols, len(picked), size))
    height, width = maps.shape[1:]
    draw_mosaic(fig, maps, picked, ncols, shared_scale, f"each tile: one channel ({height}x{width})")
    scale = "shared colour scale" if shared_scale else "each map its own colour scale"
    fig.suptitle(f"{title}  ({total} channels, {height}x{width}; {scale})")
    return finish(fig, show)


def gram_heatmap(gram: torch.Tensor, title: str = "", max_channels: int = 64, ax=None,
                 show: bool = True):
    """A Gram matrix (C, C) or (1, C, C) as a heatmap of its first `max_channels` channels."""
    g = gram.detach().float().cpu()
    g = g[0] if g.dim() == 3 else g
    g = g[:max_channels, :max_channels].numpy()
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(4.5, 4))
    else:
        fig = ax.figure
    im = ax.imshow(g, cmap="magma")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("channel j")
    ax.set_ylabel("channel i")
    fig.colorbar(im, ax=ax, fraction=0.046)
    return finish(fig, show) if own else ax


def gram_pairs(gram: np.ndarray, features: torch.Tensor, pairs: Sequence[tuple[int, int, float]],
               layer: str, title: str) -> Figure:
    """A Gram matrix (C, C) as a heatmap with `pairs` (i, j, G[i, j]) circled, and the two
    feature maps (C, H, W) of each pair beside it; on a bare Figure (for the explorers)."""
    channels = gram.shape[0]
    rows = max(len(pairs), 1)
    fig = Figure(layout="constrained", figsize=(9.5, max(4.4, 1.9 * rows + 0.6)))
    grid = fig.add_gridspec(rows, 3, width_ratios=[2.2, 1, 1])
    heat = fig.add_subplot(grid[:, 0])
    # A few huge entries would make the rest black: clip the colours (not the data).
    top = float(np.percentile(gram, 99.5)) or None
    shown = heat.imshow(gram, cmap="magma", interpolation="nearest", vmax=top)
    for i, j, _ in pairs:
        heat.scatter([j, i], [i, j], s=60, facecolors="none", edgecolors="cyan", linewidths=1.5)
    heat.set_title(f"Gram matrix at {layer} ({channels}x{channels})", fontsize=9)
    heat.set_xlabel("channel j")
    heat.set_ylabel("channel i")
    bar = fig.colorbar(shown, ax=heat, location="bottom", shrink=0.8, format="%.2g",
                       label="G[i, j]  (colours clipped at the 99.5th percentile)")
    bar.ax.locator_params(nbins=4)  # Grams of 1e6: few short labels, no overlap
    for row, (i, j, value) in enumerate(pairs):
        for col, channel in enumerate((i, j)):
            ax = fig.add_subplot(grid[row, col + 1])
            ax.imshow(features[channel].numpy(), cmap="viridis", interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"{layer} ch {channel}", fontsize=8)
            if col == 0:
                ax.set_ylabel(f"G[{i}, {j}]\n= {value:.3g}", fontsize=8)
    fig.suptitle(title, fontsize=10)
    return fig
