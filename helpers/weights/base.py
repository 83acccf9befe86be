"""What every weight source shares: the input convention, the two architectures, reading and
checking a state dict, and where converted weights are cached."""

from __future__ import annotations

import os
from pathlib import Path

import torch
import torchvision
from torch import nn

from ..messages import say

#: torchvision's input convention: RGB in [0, 1], minus this mean, divided by this std.
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)

#: The two architectures: builder and number of 3x3 convolutions in `features`.
BUILDERS = {"vgg19": torchvision.models.vgg19, "vgg16": torchvision.models.vgg16}
CONV_COUNT = {"vgg19": 16, "vgg16": 13}


class WeightsUnavailableError(RuntimeError):
    """Pretrained weights are not on this computer and cannot be had. The message says what
    to do."""


def check_arch(arch: str) -> str:
    if arch not in BUILDERS:
        raise ValueError(f"arch={arch!r}: choose 'vgg19' or 'vgg16'")
    return arch


def features_only(state: dict) -> dict:
    """Keep the conv part of a VGG state dict, keyed "0.weight", "0.bias", "2.weight", ...
    (float32, whatever the file stored)."""
    if "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]
    out = {}
    for key, value in state.items():
        if key.startswith("classifier."):
            continue
        key = key.removeprefix("module.").removeprefix("features.")
        out[key] = value.float() if value.is_floating_point() else value  # fp16 files too
    return out


def guess_arch(state: dict, path: Path) -> str:
    """"vgg19" or "vgg16", from the number of 3x3 convolution weights in `state`."""
    convs = sum(1 for k, v in state.items() if k.endswith("weight") and v.dim() == 4)
    for arch, count in CONV_COUNT.items():
        if convs == count:
            return arch
    raise ValueError(f"{path}: found {convs} convolution weights; VGG-19 has 16 and VGG-16 has 13. "
                     "Is this a VGG state dict?")


def load_into(features: nn.Sequential, state: dict, arch: str, source: str) -> None:
    """Put `state` into `features` (built on the meta device), or say why it does not fit."""
    try:
        features.load_state_dict(state, strict=True, assign=True)
    except RuntimeError as err:
        other = "vgg16" if arch == "vgg19" else "vgg19"
        raise ValueError(f"{source}: these weights do not fit {arch}'s feature layers. If the file "
                         f"holds {other}, pass arch='{other}' or set NST_ARCH={other}.\n{err}") from None


def read_state_dict(path: Path) -> dict:
    """A state dict from a file, read safely (weights_only), or a ValueError that says why not."""
    if not path.is_file():
        raise ValueError(say("NST_WEIGHTS / weights={path!r} is not 'caffe', 'torchvision', "
                             "'random', or an existing file. Check the path.", path=str(path)))
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # pickle, zip and torch errors differ by version
        raise ValueError(f"{path}: not a PyTorch state-dict file ({err}). "
                         "Save one with torch.save(model.state_dict(), path).") from None
    if not isinstance(state, dict):
        raise ValueError(f"{path}: holds a {type(state).__name__}, not a state dict. "
                         "Save one with torch.save(model.state_dict(), path).")
    return state


def cache_dir() -> Path:
    """Where converted weights are kept: $NST_CACHE_DIR if set, else <repo>/.cache (git-ignored)."""
    override = os.environ.get("NST_CACHE_DIR", "").strip()
    return Path(override) if override else Path(__file__).resolve().parents[2] / ".cache"
