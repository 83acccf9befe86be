"""What every explorer shares: the Explorer base class (controls, error line, picture).

The explorers themselves live in explore_features, explore_images and explore_runs; their
figures are drawn by helpers.plotting. Notebooks import them from helpers.widgets.
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..images import ImageError

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
        text = fig._suptitle.get_text() if fig._suptitle else "figure"
        self.show_png(buffer.getvalue(), data, text)

    def show_png(self, png: bytes, data, text: str) -> None:
        """Put PNG bytes into `.output`; `text` is what a front end without images prints."""
        self.last_png = png
        self.last_figure_data = None if data is None else np.asarray(data)
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"image/png": base64.b64encode(png).decode(),
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
