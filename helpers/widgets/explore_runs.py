"""Explorers that run a short style transfer on a button: the style / content weight ratio
(balance_explorer) and the layers used (layer_picker). Notebooks import them from
helpers.widgets, whose docstring says what every explorer promises.
"""

from __future__ import annotations

import re

import ipywidgets as widgets
import numpy as np
import torch

from .. import config
from ..budget import check_run, check_steps
from ..images import as_image
from ..messages import say
from ..objective import CONTENT_LAYERS, STYLE_LAYERS
from ..plotting import image_panels
from ..stylize import STYLE_WEIGHT, stylize
from ..vgg import default_model
from .base import LABEL, WIDE, Explorer



STOPPED = "Stopped early: showing the best image so far. Press Run to run it again."


class _RunExplorer(Explorer):
    """Shared by the explorers that run a short style transfer on a button."""

    def __init__(self, content, style, model, steps, controls, stylize_kwargs):
        self.content = as_image(content, name="content")
        self.style = as_image(style, name="style")
        self._model, self.stylize_kwargs = model, stylize_kwargs
        self.steps = check_steps(steps if steps is not None else config.steps(80, 5))
        self.run_button = widgets.Button(description=say("Run"), icon="play",
                                         button_style="primary")
        self.run_button.add_class("nst-run")
        self.progress = widgets.IntProgress(0, min=0, max=self.steps,
                                            description=say("evaluations"))
        self.results: dict = {}
        self.interrupted = False  # True when Stop ended the last run early
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
        self.interrupted = result.interrupted
        return result.image

    def _show_result(self, key, title: str) -> None:
        if key in self.results:
            image = self.results[key]
            self.show_figure(image_panels([self.content, self.style, image],
                                     ["content", "style", "result"], title),
                             image[0].permute(1, 2, 0).numpy())
        else:
            self.show_figure(image_panels([self.content, self.style], ["content", "style"], title,
                                     note="not computed yet:\npress Run"))


class BalanceExplorer(_RunExplorer):
    """See `balance_explorer`."""

    def __init__(self, content, style, ratios=(0.1, 1, 10, 100, 1000), model=None,
                 precomputed=None, steps=None, **stylize_kwargs):
        check_run(ratios=list(ratios), precomputed=list((precomputed or {}).keys()))
        precomputed = {float(r): as_image(v, name=f"precomputed[{r!r}]").detach().cpu()
                       for r, v in (precomputed or {}).items()}
        values = sorted({float(r) for r in ratios} | set(precomputed))
        start = min(values, key=lambda r: abs(np.log10(r / STYLE_WEIGHT)) if r > 0 else np.inf)
        self.ratio = widgets.SelectionSlider(options=[(f"{r:g}", r) for r in values], value=start,
                                             description=say("style / content"),
                                             continuous_update=False, layout=WIDE,
                                             style={"description_width": "initial"})
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
        if self.guarded(action) and self.interrupted:
            self.report(say(STOPPED))


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
                                              description=say("content layer"), style=LABEL)
        self.content_layer.add_class("nst-layer")
        boxes = widgets.HBox([widgets.Label(say("style layers:")), *self.style_boxes.values()])
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
                raise ValueError(say("Tick at least one style layer, then press Run."))
            self.results[self.chosen] = self._transfer(content_layers=(content_layer,),
                                                       style_layers=style_layers)
            self.last_run_layers = {"content": content_layer, "style": style_layers}
            self.render()
        if self.guarded(action) and self.interrupted:
            self.report(say(STOPPED))


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
