"""Explorers of one image's features at one layer: feature maps as a grid (feature_map_explorer)
and the Gram matrix with its strongest channel pairs (gram_explorer). Notebooks import them
from helpers.widgets, whose docstring says what every explorer promises.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.figure import Figure

from . import config
from .images import list_images
from .losses import gram_matrix
from .stylize import default_model
from .vgg import extract_features
from .widget_base import LABEL, WIDE, Explorer, _as_image


def _image_sources(images) -> dict:
    """{label: path or tensor} from None (the bundled images), a dict, or a list."""
    if images is None:
        sources = {f"content/{p.name}": p for p in list_images(config.CONTENT_DIR)}
        sources.update({f"style/{p.name}": p for p in list_images(config.STYLE_DIR)})
        return sources
    if isinstance(images, dict):
        return dict(images)
    return {(Path(item).name if not isinstance(item, torch.Tensor) else f"image {i + 1}"): item
            for i, item in enumerate(images)}


def _relu_layers(model, layers) -> list[str]:
    names = list(layers) if layers else [n for n in model.names if n.startswith("relu")]
    unknown = [n for n in names if n not in model.index]
    if unknown:
        raise ValueError(f"unknown layer(s) {unknown}; valid names: {', '.join(model.names)}")
    return names


def _normalise(maps: np.ndarray, shared: bool) -> np.ndarray:
    """Scale maps (K, H, W) to [0, 1]: each on its own, or all on one scale from 0."""
    if shared:
        return maps / max(float(maps.max()), 1e-12)
    low = maps.min(axis=(1, 2), keepdims=True)
    span = maps.max(axis=(1, 2), keepdims=True) - low
    return (maps - low) / np.maximum(span, 1e-12)


class _FeatureSource:
    """Loads images and extracts one layer's features, each (image, layer) once."""

    def __init__(self, model, images, layers):
        self.model = model if model is not None else default_model()
        self.sources = _image_sources(images)
        if not self.sources:
            raise ValueError("no images to explore: pass images=[path, ...]")
        self.layer_names = _relu_layers(self.model, layers)
        self._images, self._features = {}, {}

    def features(self, label: str, layer: str) -> torch.Tensor:
        """(C, H, W) on the CPU for image `label` at `layer`."""
        if (label, layer) not in self._features:
            if label not in self._images:
                self._images[label] = _as_image(self.sources[label]).to(self.model.mean.device)
            with torch.no_grad():
                out = extract_features(self.model, self._images[label], layer)[layer]
            self._features[(label, layer)] = out[0].float().cpu()
        return self._features[(label, layer)]


def _image_and_layer(source: _FeatureSource) -> tuple[widgets.Dropdown, widgets.Dropdown]:
    """The two Dropdowns both explorers start with; the layer starts at relu3_1 if offered,
    else at the middle of the list."""
    names = source.layer_names
    image = widgets.Dropdown(options=list(source.sources), description="image")
    layer = widgets.Dropdown(options=names, description="layer",
                             value="relu3_1" if "relu3_1" in names else names[len(names) // 2])
    image.add_class("nst-image")
    layer.add_class("nst-layer")
    return image, layer


class FeatureMapExplorer(Explorer):
    """See `feature_map_explorer`."""

    def __init__(self, model=None, images=None, layers=None):
        self.source = _FeatureSource(model, images, layers)
        self.model = self.source.model
        self.image, self.layer = _image_and_layer(self.source)
        self.first_channel = widgets.IntSlider(0, min=0, max=0, description="first channel",
                                               continuous_update=False, layout=WIDE, style=LABEL)
        self.channel_count = widgets.IntSlider(16, min=1, max=32, description="how many",
                                               continuous_update=False, layout=WIDE, style=LABEL)
        self.shared_scale = widgets.Checkbox(False, description="one colour scale for all maps")
        self.first_channel.add_class("nst-first")
        self.channel_count.add_class("nst-count")
        controls = [self.image, self.layer, self.first_channel, self.channel_count,
                    self.shared_scale]
        super().__init__([widgets.HBox([self.image, self.layer]), *controls[2:]])
        self.current_layer, self.current_image, self.current_channels = None, None, []
        self._busy = False
        for control in controls:
            control.observe(self._changed, names="value")
        self.guarded(self.render)

    def _changed(self, _change=None):
        if not self._busy:
            self.guarded(self.render)

    def render(self) -> None:
        feats = self.source.features(self.image.value, self.layer.value)
        channels = feats.shape[0]
        self._busy = True  # moving the slider limits below must not trigger a second redraw
        try:
            self.channel_count.max = min(32, channels)
            # The last grid ends at the last channel: every grid is full.
            self.first_channel.max = channels - self.channel_count.value
        finally:
            self._busy = False
        first = self.first_channel.value
        picked = list(range(first, min(first + self.channel_count.value, channels)))
        maps = feats[picked].numpy()
        ncols = min(8, len(picked))
        nrows = -(-len(picked) // ncols)
        height, width = maps.shape[1:]
        mosaic = np.full((nrows * (height + 1) - 1, ncols * (width + 1) - 1), np.nan)
        scaled = _normalise(maps, self.shared_scale.value)
        for k, channel in enumerate(picked):
            r, c = divmod(k, ncols)
            mosaic[r * (height + 1):r * (height + 1) + height,
                   c * (width + 1):c * (width + 1) + width] = scaled[k]
        tile = 1.3 / max(height, width)  # inches per position: the longest side gets 1.3"
        fig = Figure(layout="constrained", figsize=(tile * width * ncols + 1.2,
                                                    tile * height * nrows + 0.9))
        ax = fig.add_subplot()
        shown = ax.imshow(mosaic, cmap="viridis", vmin=0, vmax=1, interpolation="nearest")
        for k, channel in enumerate(picked):
            r, c = divmod(k, ncols)
            ax.text(c * (width + 1) + 0.5, r * (height + 1) + 0.5, f"ch {channel}", color="white",
                    fontsize=7, va="top", ha="left",
                    bbox=dict(facecolor="black", alpha=0.5, pad=1, linewidth=0))
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel(f"each tile: one channel of {self.layer.value} ({height}x{width} positions)")
        scale = "one colour scale" if self.shared_scale.value else "each map its own scale"
        if self.shared_scale.value:
            fig.colorbar(shown, ax=ax, fraction=0.04, label="activation / max")
        fig.suptitle(f"{self.image.value}, {self.layer.value}: channels {picked[0]}-{picked[-1]} "
                     f"of {channels} ({scale})", fontsize=10)
        self.current_layer, self.current_image, self.current_channels = (
            self.layer.value, self.image.value, picked)
        self.show_figure(fig, maps)


def feature_map_explorer(model=None, images=None, layers=None) -> FeatureMapExplorer:
    """Choose an image, a layer and a range of channels; see those feature maps as a grid.

    Args:
        model: from `load_vgg`; None: `default_model()`.
        images: None (every bundled content and style image), a list of paths or tensors
            (1, 3, H, W), or {label: path or tensor}.
        layers: paper names to offer; None: every ReLU layer (relu1_1 ... relu5_x).

    Returns a FeatureMapExplorer: controls .image, .layer (Dropdowns), .first_channel,
    .channel_count (IntSliders), .shared_scale (Checkbox); after each redraw .current_layer,
    .current_image, .current_channels say what is shown and .last_figure_data holds the maps
    (K, H, W). Features are computed once per (image, layer) and kept.
    """
    return FeatureMapExplorer(model, images, layers)


class GramExplorer(Explorer):
    """See `gram_explorer`."""

    def __init__(self, model=None, images=None, layers=None):
        self.source = _FeatureSource(model, images, layers)
        self.model = self.source.model
        self.image, self.layer = _image_and_layer(self.source)
        self.pairs = widgets.IntSlider(3, min=1, max=4, description="pairs shown",
                                       continuous_update=False)
        super().__init__([widgets.HBox([self.image, self.layer]), self.pairs])
        self.current_layer, self.current_image, self.top_pairs = None, None, []
        for control in (self.image, self.layer, self.pairs):
            control.observe(lambda _change: self.guarded(self.render), names="value")
        self.guarded(self.render)

    def render(self) -> None:
        feats = self.source.features(self.image.value, self.layer.value)
        gram = gram_matrix(feats[None])[0].numpy()
        channels = gram.shape[0]
        rows_i, cols_j = np.triu_indices(channels, k=1)  # each pair once, diagonal left out
        values = gram[rows_i, cols_j]
        order = np.argsort(values)[::-1][: self.pairs.value]
        self.top_pairs = [(int(rows_i[k]), int(cols_j[k]), float(values[k])) for k in order]
        rows = max(len(self.top_pairs), 1)
        fig = Figure(layout="constrained", figsize=(9.5, max(4.4, 1.9 * rows + 0.6)))
        grid = fig.add_gridspec(rows, 3, width_ratios=[2.2, 1, 1])
        heat = fig.add_subplot(grid[:, 0])
        # A few huge entries would make the rest black: clip the colours (not the data).
        top = float(np.percentile(gram, 99.5)) or None
        shown = heat.imshow(gram, cmap="magma", interpolation="nearest", vmax=top)
        for i, j, _ in self.top_pairs:
            heat.scatter([j, i], [i, j], s=60, facecolors="none", edgecolors="cyan", linewidths=1.5)
        heat.set_title(f"Gram matrix at {self.layer.value} ({channels}x{channels})", fontsize=9)
        heat.set_xlabel("channel j")
        heat.set_ylabel("channel i")
        bar = fig.colorbar(shown, ax=heat, location="bottom", shrink=0.8, format="%.2g",
                           label="G[i, j]  (colours clipped at the 99.5th percentile)")
        bar.ax.locator_params(nbins=4)  # Grams of 1e6: few short labels, no overlap
        for row, (i, j, value) in enumerate(self.top_pairs):
            for col, channel in enumerate((i, j)):
                ax = fig.add_subplot(grid[row, col + 1])
                ax.imshow(feats[channel].numpy(), cmap="viridis", interpolation="nearest")
                ax.set_xticks([])
                ax.set_yticks([])
                ax.set_title(f"{self.layer.value} ch {channel}", fontsize=8)
                if col == 0:
                    ax.set_ylabel(f"G[{i}, {j}]\n= {value:.3g}", fontsize=8)
        fig.suptitle(f"{self.image.value}: the {len(self.top_pairs)} strongest channel pairs "
                     "(circled) fire at the same places", fontsize=10)
        self.current_layer, self.current_image = self.layer.value, self.image.value
        self.show_figure(fig, gram)


def gram_explorer(model=None, images=None, layers=None) -> GramExplorer:
    """Choose an image and a layer; see its Gram matrix G = F F^T / M as a heatmap, and the
    strongest off-diagonal pairs (largest G[i, j], i < j) as their two feature maps side by side.

    Arguments as for `feature_map_explorer`. Controls: .image, .layer (Dropdowns), .pairs
    (IntSlider, 1-4). After each redraw: .last_figure_data is the Gram matrix (C, C),
    .top_pairs a list of (i, j, G[i, j]), .current_layer and .current_image.
    """
    return GramExplorer(model, images, layers)
