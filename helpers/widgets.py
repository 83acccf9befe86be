"""Explorers: small interactive tools (ipywidgets) that let a reader poke at the network.

A notebook calls ONE function and shows the widget it returns (last line of a cell):

    from helpers.widgets import feature_map_explorer
    feature_map_explorer()

The explorers (every argument is optional except the images a run needs):

    feature_map_explorer(model, images, layers)
        pick an image, a layer and channels; see the feature maps.
        Controls: .image .layer .first_channel .channel_count .shared_scale
    gram_explorer(model, images, layers)
        a Gram matrix as a heatmap, and its strongest channel pairs side by side.
        Controls: .image .layer .pairs
    reconstruction_explorer(results, kind="content", reference=None)
        a slider over reconstructions the notebook computed once. Controls: .layer
    balance_explorer(content, style, ratios, model, precomputed, steps)
        a slider over style weight / content weight; browse a grid or press Run.
        Controls: .ratio .run_button .progress
    layer_picker(content, style, model, steps)
        tick style layers, pick the content layer, press Run.
        Controls: .style_boxes .content_layer .run_button .progress
    image_upload(on_image=None, max_size="auto")
        upload a photo of your own; it is read with load_image. Controls: .upload

`model=None` means `helpers.stylize.default_model()` (NST_ARCH / NST_WEIGHTS); `images=None` means
every file in images/content and images/style; `layers=None` means every ReLU layer of the model.

What every explorer promises:
- It draws its first picture when it is made, so a notebook run without a person (nbval,
  nbconvert) shows it and does not fail. Callbacks only fire when someone moves a control.
- It is an ipywidgets.VBox. Its controls are attributes; setting `.value` from Python does what
  moving the control does (the tests drive every control this way). `.run()` is the Run button.
- The picture is one PNG in `.output` (an ipywidgets.Output). `.last_png` holds its bytes,
  `.last_figure_data` the numbers drawn (numpy), `.renders` counts redraws.
- A problem (a bad file, no layer ticked) is shown in `.error` (a red line in the widget), never
  as a traceback. `.error.value` is "" when all is well.
"""

from __future__ import annotations

import base64
import html
import io
import re
import tempfile
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.figure import Figure

from . import config
from .images import ImageError, list_images, load_image, to_pil
from .losses import gram_matrix
from .objective import CONTENT_LAYERS, STYLE_LAYERS
from .stylize import STYLE_WEIGHT, default_model, stylize
from .vgg import extract_features

DPI = 80  # small PNGs: a redraw stays well under a second on a laptop CPU
WIDE = widgets.Layout(width="420px")
LABEL = {"description_width": "110px"}  # room for "first channel" without "..."


class Explorer(widgets.VBox):
    """Base of every explorer: controls on top, then the error line, then the picture."""

    def __init__(self, controls):
        self.output = widgets.Output()
        self.error = widgets.HTML("")
        self.error.add_class("nst-error")
        self.last_png: bytes | None = None
        self.last_figure_data: np.ndarray | None = None
        self.renders = 0
        super().__init__([*controls, self.error, self.output])

    def show_figure(self, fig: Figure, data=None) -> None:
        """Put `fig` into `.output` as one PNG. We draw on a bare matplotlib Figure (not pyplot),
        so nothing stays open and nothing leaks between redraws."""
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI)
        self.last_png = buffer.getvalue()
        self.last_figure_data = None if data is None else np.asarray(data)
        text = fig._suptitle.get_text() if fig._suptitle else "figure"
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"image/png": base64.b64encode(self.last_png).decode(),
                                         "text/plain": f"<{text}>"}},)
        self.renders += 1

    def report(self, message: str) -> None:
        self.error.value = f'<span style="color:#b00020">{html.escape(message)}</span>'

    def guarded(self, action) -> bool:
        """Run `action()`; show any error in the widget instead of raising. True if it worked."""
        try:
            action()
        except (ImageError, ValueError) as err:  # our own messages: already plain words
            self.report(str(err))
            return False
        except Exception as err:  # a callback must never die silently in the browser's log
            self.report(f"{type(err).__name__}: {err}")
            return False
        self.error.value = ""
        return True


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


def _as_image(image) -> torch.Tensor:
    if isinstance(image, torch.Tensor):
        return image if image.dim() == 4 else image.unsqueeze(0)
    return load_image(image)


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


def _default_layer(names, wanted="relu3_1"):
    return wanted if wanted in names else names[len(names) // 2]


class FeatureMapExplorer(Explorer):
    """See `feature_map_explorer`."""

    def __init__(self, model=None, images=None, layers=None):
        self.source = _FeatureSource(model, images, layers)
        self.model = self.source.model
        self.image = widgets.Dropdown(options=list(self.source.sources), description="image")
        self.layer = widgets.Dropdown(options=self.source.layer_names, description="layer",
                                      value=_default_layer(self.source.layer_names))
        self.first_channel = widgets.IntSlider(0, min=0, max=0, description="first channel",
                                               continuous_update=False, layout=WIDE, style=LABEL)
        self.channel_count = widgets.IntSlider(16, min=1, max=32, description="how many",
                                               continuous_update=False, layout=WIDE, style=LABEL)
        self.shared_scale = widgets.Checkbox(False, description="one colour scale for all maps")
        for name, control in [("image", self.image), ("layer", self.layer),
                              ("first", self.first_channel), ("count", self.channel_count)]:
            control.add_class(f"nst-{name}")
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
        self.image = widgets.Dropdown(options=list(self.source.sources), description="image")
        self.layer = widgets.Dropdown(options=self.source.layer_names, description="layer",
                                      value=_default_layer(self.source.layer_names))
        self.pairs = widgets.IntSlider(3, min=1, max=4, description="pairs shown",
                                       continuous_update=False)
        self.image.add_class("nst-image")
        self.layer.add_class("nst-layer")
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


def _panels(images: list, titles: list[str], suptitle: str, note: str = "") -> Figure:
    """Images side by side; with `note`, one more panel that holds only that text."""
    count = len(images) + bool(note)
    fig = Figure(layout="constrained", figsize=(3.0 * count, 3.3))
    for k, (image, title) in enumerate(zip(images, titles)):
        ax = fig.add_subplot(1, count, k + 1)
        ax.imshow(np.asarray(to_pil(image)))
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    if note:
        ax = fig.add_subplot(1, count, count)
        ax.text(0.5, 0.5, note, ha="center", va="center", fontsize=10, color="#555555",
                wrap=True, transform=ax.transAxes)
        ax.set_title("result", fontsize=9)
        ax.axis("off")
    fig.suptitle(suptitle, fontsize=10)
    return fig


class ReconstructionExplorer(Explorer):
    """See `reconstruction_explorer`."""

    def __init__(self, results: dict, kind: str = "content", reference=None):
        self.images = {str(key): getattr(value, "image", value).detach().cpu()
                       for key, value in results.items()}
        if not self.images:
            raise ValueError("reconstruction_explorer needs at least one result")
        self.kind, self.reference = kind, reference
        self.layer = widgets.SelectionSlider(options=list(self.images), description="layer",
                                             continuous_update=False, layout=WIDE)
        self.layer.add_class("nst-layer")
        super().__init__([self.layer])
        self.current_layer = None
        self._cache: dict[str, tuple[bytes, np.ndarray]] = {}
        self.layer.observe(lambda _change: self.guarded(self.render), names="value")
        self.guarded(self.render)

    def render(self) -> None:
        key = self.layer.value
        image = self.images[key]
        if key in self._cache:  # cheap to keep, and the slider feels instant
            self.last_png, self.last_figure_data = self._cache[key]
            self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                    "data": {"image/png": base64.b64encode(self.last_png).decode(),
                                             "text/plain": f"<{self.kind} from {key}>"}},)
            self.renders += 1
        else:
            shown, titles = [image], [f"{self.kind} from {key}"]
            if self.reference is not None:
                shown, titles = [_as_image(self.reference), image], ["original", *titles]
            self.show_figure(_panels(shown, titles, f"{self.kind} reconstruction from {key}"),
                             image[0].permute(1, 2, 0).numpy())
            self._cache[key] = (self.last_png, self.last_figure_data)
        self.current_layer = key


def reconstruction_explorer(results: dict, kind: str = "content",
                            reference=None) -> ReconstructionExplorer:
    """A slider over reconstructions the notebook computed once.

    Args:
        results: {layer name or layer-set label: image (1, 3, H, W) or a Result}, in slider order.
        kind: "content" or "style": used in the titles.
        reference: optional original image, shown beside each reconstruction.

    Controls: .layer (SelectionSlider over the keys). .current_layer is the key shown;
    .last_figure_data the shown image (H, W, 3).
    """
    return ReconstructionExplorer(results, kind, reference)


class _RunExplorer(Explorer):
    """Shared by the explorers that run a short style transfer on a button."""

    def __init__(self, content, style, model, steps, controls, stylize_kwargs):
        self.content, self.style = _as_image(content), _as_image(style)
        self._model, self.stylize_kwargs = model, stylize_kwargs
        self.steps = steps if steps is not None else config.steps(80, 5)
        self.run_button = widgets.Button(description="Run", icon="play", button_style="primary")
        self.run_button.add_class("nst-run")
        self.progress = widgets.IntProgress(0, min=0, max=self.steps, description="evaluations")
        self.results: dict = {}
        super().__init__([*controls, widgets.HBox([self.run_button, self.progress])])
        self.run_button.on_click(lambda _button: self.run())

    @property
    def model(self):
        if self._model is None:  # loaded on first use: browsing precomputed results needs none
            self._model = default_model()
        return self._model

    def _transfer(self, **weights) -> torch.Tensor:
        self.progress.value = 0
        self.run_button.disabled = True
        try:
            result = stylize(self.content, self.style, model=self.model, steps=self.steps,
                             progress=False, **{**self.stylize_kwargs, **weights},
                             callback=lambda step, _image, _losses: setattr(self.progress,
                                                                            "value", step))
        finally:
            self.run_button.disabled = False
        return result.image

    def _show_result(self, key, title: str) -> None:
        if key in self.results:
            image = self.results[key]
            self.show_figure(_panels([self.content, self.style, image],
                                     ["content", "style", "result"], title),
                             image[0].permute(1, 2, 0).numpy())
        else:
            self.show_figure(_panels([self.content, self.style], ["content", "style"], title,
                                     note="not computed yet:\npress Run"))


class BalanceExplorer(_RunExplorer):
    """See `balance_explorer`."""

    def __init__(self, content, style, ratios=(0.1, 1, 10, 100, 1000), model=None,
                 precomputed=None, steps=None, **stylize_kwargs):
        precomputed = {float(r): getattr(v, "image", v).detach().cpu()
                       for r, v in (precomputed or {}).items()}
        values = sorted({float(r) for r in ratios} | set(precomputed))
        start = min(values, key=lambda r: abs(np.log10(r / STYLE_WEIGHT)) if r > 0 else np.inf)
        self.ratio = widgets.SelectionSlider(options=[(f"{r:g}", r) for r in values], value=start,
                                             description="style / content", continuous_update=False,
                                             layout=WIDE, style={"description_width": "initial"})
        self.ratio.add_class("nst-ratio")
        super().__init__(content, style, model, steps, [self.ratio], stylize_kwargs)
        self.results.update(precomputed)
        if precomputed and set(values) <= set(precomputed):
            self.run_button.layout.display = self.progress.layout.display = "none"
        self.last_run_ratio = None
        self.ratio.observe(lambda _change: self.guarded(self.render), names="value")
        self.guarded(self.render)

    def render(self) -> None:
        r = self.ratio.value
        self._show_result(r, f"style weight / content weight = {r:g}")

    def run(self) -> None:
        """What the Run button does: a short transfer at the chosen ratio, kept for browsing."""
        def action():
            ratio = self.ratio.value
            self.results[ratio] = self._transfer(content_weight=1.0, style_weight=ratio)
            self.last_run_ratio = ratio
            self.render()
        self.guarded(action)


def balance_explorer(content, style, ratios=(0.1, 1, 10, 100, 1000), model=None,
                     precomputed: dict | None = None, steps: int | None = None,
                     **stylize_kwargs) -> BalanceExplorer:
    """A slider over the ratio style_weight / content_weight (content_weight = 1).

    Args:
        content, style: images (1, 3, H, W) in [0, 1] or file paths.
        ratios: the slider's stops. Our losses are relative errors, so 10 (the default style
            weight) is a balanced start; 0.1 is nearly the photo, 1000 nearly all texture.
        model: for runs; None: `default_model()` (loaded only when Run is pressed).
        precomputed: {ratio: image or Result} the notebook computed; the slider browses them at
            once. When it covers every ratio, the Run button is hidden.
        steps: loss evaluations per run; None: 80 in class mode, 5 in quick mode.
        **stylize_kwargs: passed on to `stylize` (e.g. tv_weight, style_layers).

    Controls: .ratio (SelectionSlider), .run_button, .progress (IntProgress). `.run()` does what
    the button does. .results is {ratio: image}; .last_run_ratio the ratio of the last run.
    """
    return BalanceExplorer(content, style, ratios, model, precomputed, steps, **stylize_kwargs)


class LayerPicker(_RunExplorer):
    """See `layer_picker`."""

    def __init__(self, content, style, model=None, steps=None, **stylize_kwargs):
        model = model if model is not None else default_model()
        choices = [n for n in model.names if re.fullmatch(r"relu\d_1", n)]
        narrow = widgets.Layout(width="90px")
        self.style_boxes = {name: widgets.Checkbox(name in STYLE_LAYERS, description=name,
                                                   indent=False, layout=narrow)
                            for name in choices}
        relus = [n for n in model.names if n.startswith("relu")]
        start = CONTENT_LAYERS[0] if CONTENT_LAYERS[0] in relus else relus[-1]
        self.content_layer = widgets.Dropdown(options=relus, value=start,
                                              description="content layer", style=LABEL)
        self.content_layer.add_class("nst-layer")
        boxes = widgets.HBox([widgets.Label("style layers:"), *self.style_boxes.values()])
        super().__init__(content, style, model, steps, [boxes, self.content_layer], stylize_kwargs)
        self.last_run_layers: dict | None = None
        for control in (self.content_layer, *self.style_boxes.values()):
            control.observe(lambda _change: self.guarded(self.render), names="value")
        self.guarded(self.render)

    @property
    def chosen(self) -> tuple[str, tuple[str, ...]]:
        ticked = tuple(name for name, box in self.style_boxes.items() if box.value)
        return self.content_layer.value, ticked

    def render(self) -> None:
        content_layer, style_layers = self.chosen
        self._show_result(self.chosen, f"content: {content_layer}; style: "
                          f"{', '.join(style_layers) or '(none ticked)'}")

    def run(self) -> None:
        """What the Run button does: a short transfer with the ticked layers."""
        def action():
            content_layer, style_layers = self.chosen
            if not style_layers:
                raise ValueError("Tick at least one style layer, then press Run.")
            self.results[self.chosen] = self._transfer(content_layers=(content_layer,),
                                                       style_layers=style_layers)
            self.last_run_layers = {"content": content_layer, "style": style_layers}
            self.render()
        self.guarded(action)


def layer_picker(content, style, model=None, steps: int | None = None,
                 **stylize_kwargs) -> LayerPicker:
    """Tick style layers (relu1_1 ... relu5_1), pick the content layer, press Run.

    Args as for `balance_explorer`. Controls: .style_boxes ({layer: Checkbox}; the paper's five
    are ticked), .content_layer (Dropdown of ReLU layers, relu4_2 chosen), .run_button,
    .progress. `.run()` does what the button does; with no style layer ticked it shows an error
    in the widget. .last_run_layers is {"content": layer, "style": (layers...)} of the last run;
    .results keeps every run by (content layer, style layers), so going back shows it again.
    """
    return LayerPicker(content, style, model, steps, **stylize_kwargs)


class ImageUpload(Explorer):
    """See `image_upload`."""

    def __init__(self, on_image=None, max_size="auto"):
        self.on_image, self.max_size = on_image, max_size
        self.upload = widgets.FileUpload(accept="image/*", multiple=False,
                                         description="Upload an image")
        self.upload.add_class("nst-upload")
        super().__init__([self.upload])
        self.image: torch.Tensor | None = None
        self.name: str | None = None
        self.upload.observe(self._uploaded, names="value")

    def _uploaded(self, change) -> None:
        for item in change["new"]:
            self.load_bytes(item["name"], bytes(item["content"]))

    def load_bytes(self, name: str, data: bytes) -> torch.Tensor | None:
        """Load an uploaded file's bytes with `load_image`; returns the image, or None (error
        shown in the widget). The bytes go to a temporary file with the original suffix (Pillow
        reads by content; the suffix only helps) that is deleted at once."""
        suffix = Path(name).suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", Path(name).suffix) else ""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(data)
            try:
                image = load_image(path, self.max_size)
            except ImageError as err:  # the same message, with the user's file name in it
                self.report(str(err).replace(str(path), name))
                return None

        def accept():
            self.image, self.name = image, name
            self.show_figure(_panels([image], [f"{name}: {image.shape[3]}x{image.shape[2]} px"],
                                     "your image"), image[0].permute(1, 2, 0).numpy())
            if self.on_image is not None:
                self.on_image(image)
        return image if self.guarded(accept) else None


def image_upload(on_image=None, max_size="auto") -> ImageUpload:
    """A FileUpload for the reader's own picture, read with `load_image`.

    Args:
        on_image: optional function called with each good image (1, 3, H, W) in [0, 1].
        max_size: as for `load_image` ("auto": 256 px on a CPU, 64 px in quick mode).

    The user's file is never changed. A bad file (not an image, empty, damaged, too small) gives
    load_image's message, with the file's name, in .error (no traceback). .image holds the last
    good image (None before), .name its file name. `.load_bytes(name, data)` does what an upload
    does (for tests, or to feed bytes from elsewhere).
    """
    return ImageUpload(on_image, max_size)
