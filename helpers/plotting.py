"""Figures for the notebooks: images, grids, feature maps, Gram matrices, loss curves.

Every function draws one titled figure. With show=True (the default) it is displayed and None
is returned (so a notebook cell shows it once); with show=False the Figure is returned, for
tests or for saving.
"""

from __future__ import annotations

import math
from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch

from .images import to_pil


def _finish(fig, show: bool):
    fig.tight_layout()
    if show:
        plt.show()
        return None
    return fig


def _as_array(image) -> np.ndarray:
    if isinstance(image, torch.Tensor):
        return np.asarray(to_pil(image))
    return np.asarray(image)


def show_images(images, titles: Sequence[str] | None = None, ncols: int | None = None,
                size: float = 3.5, suptitle: str | None = None, show: bool = True):
    """Show one image or several side by side, each with a title.

    images: a tensor (1, 3, H, W) in [0, 1], a PIL image, or a list of them.
    titles: one per image. ncols: images per row (default: all in one row, at most 5).
    """
    if not isinstance(images, (list, tuple)):
        images = [images]
        titles = [titles] if isinstance(titles, str) else titles
    titles = list(titles) if titles is not None else [""] * len(images)
    if len(titles) != len(images):
        raise ValueError(f"{len(images)} images but {len(titles)} titles")
    ncols = ncols or min(len(images), 5)
    nrows = math.ceil(len(images) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, title in zip(axes.flat, images, titles):
        ax.imshow(_as_array(image))
        ax.set_title(title, fontsize=10)
    if suptitle:
        fig.suptitle(suptitle)
    return _finish(fig, show)


def show_grid(images: Sequence[Sequence], row_labels: Sequence[str], col_labels: Sequence[str],
              title: str | None = None, size: float = 2.5, show: bool = True):
    """A table of images: images[r][c] under column label c, beside row label r."""
    nrows, ncols = len(images), len(images[0])
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    for r in range(nrows):
        for c in range(ncols):
            ax = axes[r][c]
            ax.imshow(_as_array(images[r][c]))
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(col_labels[c], fontsize=10)
            if c == 0:
                ax.set_ylabel(row_labels[r], fontsize=10)
    if title:
        fig.suptitle(title)
    return _finish(fig, show)


def feature_grid(features: torch.Tensor, channels: int | Sequence[int] = 16, ncols: int = 8,
                 shared_scale: bool = False, title: str = "", size: float = 1.6,
                 show: bool = True):
    """Feature maps of one layer as a grid of small greyscale pictures.

    features: (1, C, H, W) or (C, H, W). channels: how many to show (the first N), or which.
    shared_scale: one colour scale for all maps (compare strengths) instead of one per map
        (see the pattern in each).
    """
    maps = features.detach().float().cpu()
    maps = maps[0] if maps.dim() == 4 else maps
    picked = list(range(min(channels, maps.shape[0]))) if isinstance(channels, int) else list(channels)
    nrows = math.ceil(len(picked) / ncols)
    vmax = float(maps[picked].max()) if shared_scale else None
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.4), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, channel in zip(axes.flat, picked):
        ax.imshow(maps[channel].numpy(), cmap="viridis", vmin=0 if shared_scale else None, vmax=vmax)
        ax.set_title(f"ch {channel}", fontsize=8)
    scale = "shared colour scale" if shared_scale else "each map its own colour scale"
    fig.suptitle(f"{title}  ({maps.shape[0]} channels, {maps.shape[1]}x{maps.shape[2]}; {scale})")
    return _finish(fig, show)


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
    return _finish(fig, show) if own else ax


def loss_curves(histories, parts: Sequence[str] = ("total", "content", "style"),
                title: str = "loss", log: bool = True, ax=None, show: bool = True):
    """Loss per evaluation, one line per run and part.

    histories: a Result, a history (list of dicts), or {label: Result or history}.
    """
    if not isinstance(histories, dict):
        histories = {"": histories}
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(6, 3.5))
    else:
        fig = ax.figure
    for label, history in histories.items():
        history = getattr(history, "history", history)
        for part in parts:
            values = [entry[part] for entry in history if part in entry]
            if values and any(values):
                name = f"{label} {part}".strip()
                ax.plot(range(1, len(values) + 1), values, label=name)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("loss evaluation")
    ax.set_ylabel("loss" + (" (log scale)" if log else ""))
    ax.set_title(title)
    ax.legend(fontsize=8)
    return _finish(fig, show) if own else ax


class LiveView:
    """One figure that updates in place during an optimisation: the image and its loss curves.

    Pass it as `callback=` to `stylize` or `optimize_image`. It redraws every `every`
    evaluations (not every one: a redraw costs more than a loss evaluation at small sizes).
    """

    def __init__(self, every: int = 10, parts: Sequence[str] = ("total", "content", "style"),
                 title: str = "style transfer"):
        self.every, self.parts, self.title = every, parts, title
        self.history: list[dict] = []
        self.handle = None
        self.redraws = 0
        self.fig, (self.ax_image, self.ax_loss) = plt.subplots(1, 2, figsize=(9, 3.8))
        plt.close(self.fig)  # we display it ourselves, through a display handle

    def __call__(self, step: int, image: torch.Tensor, losses: dict) -> None:
        self.history.append(losses)
        if step % self.every == 0 or step == 1:
            self.draw(step, image)

    def draw(self, step: int, image: torch.Tensor) -> None:
        from IPython.display import display

        self.ax_image.clear()
        self.ax_image.imshow(_as_array(image))
        self.ax_image.set_title(f"{self.title}: evaluation {step}")
        self.ax_image.axis("off")
        self.ax_loss.clear()
        loss_curves(self.history, self.parts, title="loss so far", ax=self.ax_loss, show=False)
        self.fig.tight_layout()
        if self.handle is None:
            self.handle = display(self.fig, display_id=True)
        else:
            self.handle.update(self.fig)
        self.redraws += 1
