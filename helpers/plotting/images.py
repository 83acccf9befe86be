"""Images side by side, and tables of images, each panel titled."""

from __future__ import annotations

import math
from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from ..images import to_pil


def finish(fig, show: bool):
    """Display a pyplot figure (and return None), or return it."""
    if fig.get_layout_engine() is None:   # a constrained figure has already made room
        fig.tight_layout()
    if show:
        plt.show()
        return None
    return fig


def as_array(image) -> np.ndarray:
    """A tensor (1, 3, H, W) / (3, H, W) in [0, 1] or a PIL image -> an (H, W, 3) uint8 array."""
    if isinstance(image, torch.Tensor):
        return np.asarray(to_pil(image))
    return np.asarray(image)


def aspect(image) -> float:
    """Width / height of an image (tensor (…, H, W) or PIL), so that panels can fit it."""
    if isinstance(image, torch.Tensor):
        return image.shape[-1] / image.shape[-2]
    width, height = image.size
    return width / height


def draw_images(fig, images: Sequence, titles: Sequence[str], ncols: int, note: str = "",
                fontsize: float = 10) -> None:
    """Draw `images` on `fig` in rows of `ncols`, each under its title.

    note: if given, one more panel that holds only this text (an explorer's "press Run").
    """
    count = len(images) + bool(note)
    nrows = math.ceil(count / ncols)
    for k, (image, title) in enumerate(zip(images, titles)):
        ax = fig.add_subplot(nrows, ncols, k + 1)
        ax.imshow(as_array(image))
        ax.set_title(title, fontsize=fontsize)
        ax.axis("off")
    if note:
        ax = fig.add_subplot(nrows, ncols, count)
        ax.text(0.5, 0.5, note, ha="center", va="center", fontsize=fontsize, color="#555555",
                wrap=True, transform=ax.transAxes)
        ax.set_title("result", fontsize=fontsize)
        ax.axis("off")


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
    # Panels as wide as the widest image needs, and a title line: no white space around photos.
    wide = max(1.0, max(aspect(image) for image in images))
    tall = max(1.0, max(1 / aspect(image) for image in images))
    # Constrained layout leaves room for two-line titles under a suptitle (tight_layout does not).
    fig = plt.figure(figsize=(size * ncols * wide / tall, size * nrows + 0.35 * nrows),
                     layout="constrained")
    draw_images(fig, images, titles, ncols)
    if suptitle:
        fig.suptitle(suptitle)
    return finish(fig, show)


def image_panels(images: Sequence, titles: Sequence[str], suptitle: str, note: str = "") -> Figure:
    """Images in one row under their titles, on a bare Figure (for the explorers).

    note: one more panel that holds only this text.
    """
    count = len(images) + bool(note)
    fig = Figure(layout="constrained", figsize=(3.0 * count, 3.3))
    draw_images(fig, images, titles, count, note, fontsize=9)
    fig.suptitle(suptitle, fontsize=10)
    return fig


def show_grid(images: Sequence[Sequence], row_labels: Sequence[str], col_labels: Sequence[str],
              title: str | None = None, size: float = 2.5, show: bool = True):
    """A table of images: images[r][c] under column label c, beside row label r.

    size: the height of one row in inches; each cell is as wide as its pictures need (a
    landscape photo gets a landscape cell, not a square one with white bands).
    """
    nrows, ncols = len(images), len(images[0])
    wide = max(aspect(image) for row in images for image in row)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * wide * ncols + 0.6, size * nrows + 0.5),
                             squeeze=False)
    for r in range(nrows):
        for c in range(ncols):
            ax = axes[r][c]
            ax.imshow(as_array(images[r][c]))
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(col_labels[c], fontsize=10)
            if c == 0:
                ax.set_ylabel(row_labels[r], fontsize=10)
    if title:
        fig.suptitle(title)
    return finish(fig, show)
