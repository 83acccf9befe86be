"""Where VGG's weights come from: one function per source, and the checks on what they give.

`load_vgg` (vgg.py) asks `features_state(weights, arch)` for the convolution weights and gets a
state dict of torchvision's `vgg19().features` / `vgg16().features` layout back. The sources:

    "imagenet"  torchvision's IMAGENET1K_V1 weights: downloaded once (548 MB for VGG-19) into
                the torch hub cache, hash-checked by torchvision; offline, a clear message
    "random"    no file: torchvision's initialisation, seeded (always the same network)
    a path      a state dict of a whole torchvision VGG or of its `features` part

Every source returns weights that expect torchvision's input convention: RGB in [0, 1], then
(x - IMAGENET_MEAN) / IMAGENET_STD. The normalisation itself lives in `VGGFeatures.normalize`.
"""

from __future__ import annotations

import socket
from pathlib import Path

import torch
import torchvision
from torch import nn

#: torchvision's input convention: RGB in [0, 1], minus this mean, divided by this std.
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)

#: The two architectures: builder and number of 3x3 convolutions in `features`.
BUILDERS = {"vgg19": torchvision.models.vgg19, "vgg16": torchvision.models.vgg16}
CONV_COUNT = {"vgg19": 16, "vgg16": 13}

#: torchvision's weight enums for the "imagenet" choice (trained in torchvision, RGB, mean/std).
IMAGENET_WEIGHTS = {
    "vgg19": torchvision.models.VGG19_Weights.IMAGENET1K_V1,
    "vgg16": torchvision.models.VGG16_Weights.IMAGENET1K_V1,
}


class WeightsUnavailableError(RuntimeError):
    """Pretrained weights are not cached and cannot be downloaded. The message says what to do."""


def check_arch(arch: str) -> str:
    if arch not in BUILDERS:
        raise ValueError(f"arch={arch!r}: choose 'vgg19' or 'vgg16'")
    return arch


def features_state(weights: str, arch: str | None) -> tuple[str, dict | None, str]:
    """Resolve a weights choice into (arch, state dict of `features` or None, label).

    arch: None lets the source decide (a file: the architecture it holds; else "vgg19").
    The state is None for "random" (the caller initialises). label names the source in titles.
    Raises WeightsUnavailableError (offline) or ValueError (a bad choice or file).
    """
    if weights == "imagenet":
        arch = check_arch(arch or "vgg19")
        return arch, features_only(imagenet_state_dict(arch)), "imagenet"
    if weights == "random":
        return check_arch(arch or "vgg19"), None, "random"
    path = Path(weights)
    state = features_only(read_state_dict(path))
    return check_arch(arch or guess_arch(state, path)), state, path.name


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
        raise ValueError(f"NST_WEIGHTS / weights={str(path)!r} is not 'imagenet', 'random', "
                         "or an existing file. Check the path.")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # pickle, zip and torch errors differ by version
        raise ValueError(f"{path}: not a PyTorch state-dict file ({err}). "
                         "Save one with torch.save(model.state_dict(), path).") from None
    if not isinstance(state, dict):
        raise ValueError(f"{path}: holds a {type(state).__name__}, not a state dict. "
                         "Save one with torch.save(model.state_dict(), path).")
    return state


def weights_file(arch: str = "vgg19") -> Path:
    """Where torchvision caches the ImageNet weights for `arch` (the file a teacher copies)."""
    url = IMAGENET_WEIGHTS[check_arch(arch)].url
    return Path(torch.hub.get_dir()) / "checkpoints" / url.rsplit("/", 1)[-1]


def imagenet_categories(arch: str = "vgg19") -> list[str]:
    """The 1000 ImageNet class names, from torchvision's weight metadata."""
    return list(IMAGENET_WEIGHTS[check_arch(arch)].meta["categories"])


def imagenet_state_dict(arch: str) -> dict:
    """torchvision's whole IMAGENET1K_V1 state dict (features and classifier) for `arch`.

    torchvision's own download: cached in the torch hub folder, hash-checked, with a progress
    bar. Before a download starts we check within seconds that the server can be reached, so an
    offline machine gets a clear message instead of a long hang.
    """
    enum = IMAGENET_WEIGHTS[check_arch(arch)]
    cached = weights_file(arch)
    if not cached.is_file() and not _reachable(enum.url.split("/")[2]):
        raise WeightsUnavailableError(_offline_message(arch, cached, enum.url))
    return enum.get_state_dict(progress=True, check_hash=True)


def _reachable(host: str, timeout: float = 3.0) -> bool:
    try:
        socket.create_connection((host, 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def _offline_message(arch: str, cached: Path, url: str) -> str:
    filename = cached.name
    return (
        f"The pretrained {arch.upper()} weights are not on this computer and the download server "
        f"cannot be reached.\n"
        f"  * Online once: run this again with internet; the file {filename} (about 550 MB) "
        f"is saved to {cached}.\n"
        f"  * Offline classroom: copy {filename} (downloaded elsewhere from {url}) to {cached}, "
        f"or set NST_WEIGHTS=/path/to/{filename}.\n"
        f"  * No weights at all: set NST_WEIGHTS=random to run with an untrained network "
        f"(the code runs; the pictures will not look like style transfer).")
