"""A transform network trained ahead of time, installed with the series (notebook 09).

Notebook 09 trains a network live, for a few minutes, so that a class sees the losses fall. A
few minutes are not enough for a good painter, so the notebook then loads this one: the same
network (`TransformNet`, the same starting weights), the same photos, painting, losses and
optimiser, only trained for more steps. `python -m tools.train_painter` made it; it writes the
weights (`swirl_strokes.pt`) and what it did (`swirl_strokes.json`: the settings, the losses of
its first and last steps, its time and machine, and the SHA-256 of the weights).

It was trained against the paper's VGG-19 (the "caffe" weights). With another network (for
example NST_WEIGHTS=random) its losses mean nothing, and notebook 09 keeps its own live network.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import torch

from ..train_transform import make_net
from ..transform_net import TransformNet

HERE = Path(__file__).resolve().parent

# The training settings of the network shipped here; notebook 09's live run uses the same ones,
# with fewer steps. tools/train_painter.py reads them from here.
SETTINGS = {"style": "swirl_strokes.png", "crop": 128, "batch": 4, "style_weight": 5.0,
            "lr": 2e-3, "seed": 0, "steps": 1800, "weights": "caffe"}
NAME = Path(SETTINGS["style"]).stem  # the files are named after the painting


class PainterUnavailableError(RuntimeError):
    """The shipped network is missing or damaged."""


@dataclass
class Painter:
    """A trained network and the record of its training.

    net: the TransformNet, in eval mode, float32, on the CPU. record: the contents of the JSON
    file (settings, steps, seconds, losses of the last steps, sha256, machine).
    """
    net: TransformNet
    record: dict


def weights_path(name: str = NAME, folder: Path | None = None) -> Path:
    return (folder or HERE) / f"{name}.pt"


def record_path(name: str = NAME, folder: Path | None = None) -> Path:
    return (folder or HERE) / f"{name}.json"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_painter(name: str = NAME) -> Painter:
    """The network trained ahead of time for the painting `name`, checked against its record.

    Raises:
        PainterUnavailableError: a file is missing, or the weights are not the ones the record
            names (changed or damaged). The message says how to make them again.
    """
    weights, record = weights_path(name), record_path(name)
    remake = "Make it again with `python -m tools.train_painter` (about 20 minutes on 2 cores)."
    if not weights.is_file() or not record.is_file():
        raise PainterUnavailableError(f"the trained network {weights.name} or its record "
                                      f"{record.name} is missing from {HERE}. {remake}")
    info = json.loads(record.read_text(encoding="utf-8"))
    if sha256(weights) != info.get("sha256"):
        raise PainterUnavailableError(f"{weights} is not the file its record {record.name} "
                                      f"describes (another SHA-256). {remake}")
    net = make_net(seed=info["settings"]["seed"])
    net.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
    return Painter(net=net.eval(), record=info)
