"""Explorers of whole images: a slider over reconstructions a notebook computed once
(reconstruction_explorer), and an upload for the reader's own photo (image_upload). Notebooks
import them from helpers.widgets, whose docstring says what every explorer promises.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import torch

from ..images import ImageError, as_image, load_image
from ..messages import say
from ..plotting import image_panels
from .base import WIDE, Explorer


class ReconstructionExplorer(Explorer):
    """See `reconstruction_explorer`."""

    def __init__(self, results: dict, kind: str = "content", reference=None):
        self.images = {str(key): as_image(value, name=f"results[{key!r}]").detach().cpu()
                       for key, value in results.items()}
        if not self.images:
            raise ValueError("reconstruction_explorer needs at least one result")
        self.kind = kind
        self.reference = None if reference is None else as_image(reference, name="reference")
        self.layer = widgets.SelectionSlider(options=list(self.images), description=say("layer"),
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
            self.show_png(*self._cache[key], f"{self.kind} from {key}")
        else:
            shown, titles = [image], [f"{self.kind} from {key}"]
            if self.reference is not None:
                shown, titles = [self.reference, image], ["original", *titles]
            self.show_figure(image_panels(shown, titles, f"{self.kind} reconstruction from {key}"),
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


class ImageUpload(Explorer):
    """See `image_upload`."""

    def __init__(self, on_image=None, max_size="auto"):
        self.on_image, self.max_size = on_image, max_size
        self.upload = widgets.FileUpload(accept="image/*", multiple=False,
                                         description=say("Upload an image"))
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
            self.show_figure(image_panels([image], [f"{name}: {image.shape[3]}x{image.shape[2]} px"],
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
