"""Explorers for notebook 09: a trained transform network painting any photo at any size
(painter_explorer), and what 2x upsampling layers make of a flat image (upsampling_explorer).
Notebooks import them from helpers.widgets, whose docstring says what every explorer promises.
"""

from __future__ import annotations

import time

import ipywidgets as widgets

from ..images import as_image, resize
from ..messages import say
from ..plotting import image_panels
from ..transform_net import paint, upsampling_pattern
from .base import LABEL, WIDE, Explorer


class PainterExplorer(Explorer):
    """See `painter_explorer`."""

    def __init__(self, net, images: dict, sizes=(128, 256, 384, 512)):
        if not images:
            raise ValueError("painter_explorer needs at least one image")
        self.net = net
        self.images = {str(name): as_image(image, name=f"images[{name!r}]").cpu()
                       for name, image in images.items()}
        self.image = widgets.Dropdown(options=list(self.images), description=say("photo"),
                                      style=LABEL, layout=WIDE)
        self.image.add_class("nst-image")
        sizes = sorted({int(s) for s in sizes})
        self.size = widgets.SelectionSlider(options=sizes, value=sizes[min(1, len(sizes) - 1)],
                                            description=say("long side (px)"), style=LABEL,
                                            continuous_update=False, layout=WIDE)
        super().__init__([self.image, self.size])
        self.milliseconds: float | None = None
        for control in (self.image, self.size):
            control.observe(lambda _change: self.guarded(self.render), names="value")
        self.guarded(self.render)

    def render(self) -> None:
        photo = self.images[self.image.value]
        photo = resize(photo, self.size.value) if max(photo.shape[-2:]) != self.size.value \
            else photo
        start = time.perf_counter()
        painting = paint(self.net, photo)
        self.milliseconds = 1000 * (time.perf_counter() - start)
        height, width = photo.shape[-2:]
        self.show_figure(image_panels(
            [photo, painting], ["photo", f"painted in {self.milliseconds:.0f} ms"],
            f"{self.image.value}, {width} x {height} px: one pass through the network"),
            painting[0].permute(1, 2, 0).numpy())


def painter_explorer(net, images: dict, sizes=(128, 256, 384, 512)) -> PainterExplorer:
    """Pick a photo and a size; the trained network paints it at once.

    Args:
        net: a trained TransformNet (helpers.transform_net).
        images: {name: image (1, 3, H, W) in [0, 1] or a file path}.
        sizes: the long sides the slider offers, in pixels.

    Controls: .image (Dropdown of the names), .size (SelectionSlider). .milliseconds is the time
    of the last pass; .last_figure_data the painting (H, W, 3).
    """
    return PainterExplorer(net, images, sizes)


class UpsamplingExplorer(Explorer):
    """See `upsampling_explorer`."""

    KINDS = {"transposed convolution, stride 2": "transposed",
             "nearest upsampling, then convolution": "nearest"}

    def __init__(self, kernel: int = 3):
        self.kind = widgets.Dropdown(options=list(self.KINDS), description=say("layer"),
                                     style=LABEL, layout=WIDE)
        self.kind.add_class("nst-kind")
        self.kernel = widgets.IntSlider(kernel, min=1, max=6, description=say("kernel size"),
                                        style=LABEL, continuous_update=False, layout=WIDE)
        super().__init__([self.kind, self.kernel])
        for control in (self.kind, self.kernel):
            control.observe(lambda _change: self.guarded(self.render), names="value")
        self.guarded(self.render)

    def render(self) -> None:
        pattern = upsampling_pattern(self.KINDS[self.kind.value], self.kernel.value)
        low, high = float(pattern.min()), float(pattern.max())
        shown = (pattern / 2).clamp(0, 1).expand(1, 3, -1, -1)  # even = mid grey
        ratio = f"brightest / darkest = {high / low:.2f}" if low > 0 else "some pixels get 0"
        self.show_figure(image_panels(
            [shown], [f"{self.kernel.value} x {self.kernel.value} kernel: {ratio}"],
            f"{self.kind.value}: a flat image, all weights 1"), pattern[0, 0].numpy())


def upsampling_explorer(kernel: int = 3) -> UpsamplingExplorer:
    """What a 2x upsampling layer, all of its weights 1, makes of a flat grey image.

    A transposed convolution with stride 2 paints a checkerboard unless its kernel size is a
    multiple of 2; nearest-neighbour upsampling followed by a convolution never does.
    Controls: .kind (Dropdown), .kernel (IntSlider, 1 to 6). .last_figure_data is the pattern
    (H, W), divided by its mean: 1 everywhere means even.
    """
    return UpsamplingExplorer(kernel)
