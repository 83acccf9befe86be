"""Explorers of one image's features at one layer: feature maps as a grid (feature_map_explorer)
and the Gram matrix with its strongest channel pairs (gram_explorer). Notebooks import them
from helpers.widgets, whose docstring says what every explorer promises.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import numpy as np
import torch

from .. import config
from ..images import as_image, list_images
from ..losses import gram_matrix
from ..messages import say
from ..plotting import feature_mosaic, gram_pairs
from ..vgg import default_model, extract_features
from .base import LABEL, WIDE, Explorer


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


class _FeatureSource:
    """Loads images and extracts one layer's features, each (image, layer) once."""

    def __init__(self, model, images, layers):
        self.model = model if model is not None else default_model()
        self.sources = _image_sources(images)
        if not self.sources:
            raise ValueError("no images to explore: pass images=[path, ...]")
        for label, item in self.sources.items():  # tensors now; files when first shown
            if not isinstance(item, (str, Path)):
                self.sources[label] = as_image(item, name=f"images[{label!r}]")
        self.layer_names = _relu_layers(self.model, layers)
        self._images, self._features = {}, {}

    def features(self, label: str, layer: str) -> torch.Tensor:
        """(C, H, W) on the CPU for image `label` at `layer`."""
        if (label, layer) not in self._features:
            if label not in self._images:
                self._images[label] = as_image(self.sources[label], self.model.device)
            with torch.no_grad():
                out = extract_features(self.model, self._images[label], layer)[layer]
            self._features[(label, layer)] = out[0].float().cpu()
        return self._features[(label, layer)]


def _image_and_layer(source: _FeatureSource) -> tuple[widgets.Dropdown, widgets.Dropdown]:
    """The two Dropdowns both explorers start with; the layer starts at relu3_1 if offered,
    else at the middle of the list."""
    names = source.layer_names
    image = widgets.Dropdown(options=list(source.sources), description=say("image"))
    layer = widgets.Dropdown(options=names, description=say("layer"),
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
        self.first_channel = widgets.IntSlider(0, min=0, max=0, description=say("first channel"),
                                               continuous_update=False, layout=WIDE, style=LABEL)
        self.channel_count = widgets.IntSlider(16, min=1, max=32, description=say("how many"),
                                               continuous_update=False, layout=WIDE, style=LABEL)
        self.shared_scale = widgets.Checkbox(False,
                                             description=say("one colour scale for all maps"))
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
        height, width = maps.shape[1:]
        scale = "one colour scale" if self.shared_scale.value else "each map its own scale"
        fig = feature_mosaic(
            feats, picked, shared_scale=self.shared_scale.value,
            title=f"{self.image.value}, {self.layer.value}: channels {picked[0]}-{picked[-1]} "
                  f"of {channels} ({scale})",
            xlabel=f"each tile: one channel of {self.layer.value} ({height}x{width} positions)")
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
        self.pairs = widgets.IntSlider(3, min=1, max=4, description=say("pairs shown"),
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
        fig = gram_pairs(gram, feats, self.top_pairs, self.layer.value,
                         f"{self.image.value}: the {len(self.top_pairs)} strongest channel pairs "
                         "(circled) fire at the same places")
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
