"""Loss curves, and one figure that updates in place during an optimisation."""

from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import torch

from .images import as_array, finish


def loss_curves(histories, parts: Sequence[str] = ("total", "content", "style"),
                title: str = "loss", log: bool = True, ax=None, show: bool = True,
                xlabel: str = "loss evaluation"):
    """Loss per evaluation (or per training step: `xlabel`), one line per run and part.

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
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss" + (" (log scale)" if log else ""))
    ax.set_title(title)
    ax.legend(fontsize=8)
    return finish(fig, show) if own else ax


class LiveView:
    """One figure that updates in place during an optimisation: the image and its loss curves.

    Pass it as `callback=` to `stylize` or `optimize_image`. It redraws every `every`
    evaluations (not every one: a redraw costs more than a loss evaluation at small sizes).
    xlabel names the unit of the curves' axis ("training step" for notebook 09).
    """

    def __init__(self, every: int = 10, parts: Sequence[str] = ("total", "content", "style"),
                 title: str = "style transfer", xlabel: str = "loss evaluation"):
        self.every, self.parts, self.title, self.xlabel = every, parts, title, xlabel
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
        self.ax_image.imshow(as_array(image))
        self.ax_image.set_title(f"{self.title}: {self.xlabel.split()[-1]} {step}")
        self.ax_image.axis("off")
        self.ax_loss.clear()
        loss_curves(self.history, self.parts, title="loss so far", ax=self.ax_loss, show=False,
                    xlabel=self.xlabel)
        self.fig.tight_layout()
        if self.handle is None:
            self.handle = display(self.fig, display_id=True)
        else:
            self.handle.update(self.fig)
        self.redraws += 1
