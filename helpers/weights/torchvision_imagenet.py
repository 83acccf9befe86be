"""torchvision's ImageNet VGG weights (IMAGENET1K_V1): downloaded once, never shipped.

torchvision retrained VGG in PyTorch. Its files hold the whole network (the classifier too:
548 MB for VGG-19), are cached in the torch hub folder and hash-checked by torchvision. Only
this source has an ImageNet classifier, so only it can name what a photo shows (classify.py).
Input convention: RGB in [0, 1], minus IMAGENET_MEAN, divided by IMAGENET_STD.
"""

from __future__ import annotations

import socket
from pathlib import Path

import torch
import torchvision

from ..messages import say
from .base import WeightsUnavailableError

#: torchvision's weight enums (trained in torchvision, RGB, mean/std).
IMAGENET_WEIGHTS = {
    "vgg19": torchvision.models.VGG19_Weights.IMAGENET1K_V1,
    "vgg16": torchvision.models.VGG16_Weights.IMAGENET1K_V1,
}



def weights_file(arch: str = "vgg19") -> Path:
    """Where torchvision caches the ImageNet weights for `arch` (the file a teacher copies)."""
    url = IMAGENET_WEIGHTS[arch].url
    return Path(torch.hub.get_dir()) / "checkpoints" / url.rsplit("/", 1)[-1]


def imagenet_categories(arch: str = "vgg19") -> list[str]:
    """The 1000 ImageNet class names, from torchvision's weight metadata (no download)."""
    return list(IMAGENET_WEIGHTS[arch].meta["categories"])


def imagenet_state_dict(arch: str) -> dict:
    """torchvision's whole IMAGENET1K_V1 state dict (features and classifier) for `arch`.

    torchvision's own download: cached in the torch hub folder, hash-checked, with a progress
    bar. Before a download starts we check within seconds that the server can be reached, so an
    offline machine gets a clear message instead of a long hang.
    """
    enum = IMAGENET_WEIGHTS[arch]
    cached = weights_file(arch)
    if not cached.is_file() and not reachable(enum.url.split("/")[2]):
        raise WeightsUnavailableError(_offline_message(arch, cached, enum.url))
    return enum.get_state_dict(progress=True, check_hash=True)


def reachable(host: str, timeout: float = 3.0) -> bool:
    """True if a TCP connection to `host`:443 opens within `timeout` seconds."""
    try:
        socket.create_connection((host, 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def _offline_message(arch: str, cached: Path, url: str) -> str:
    return say(
        "torchvision's {arch} weights are not on this computer and the download server "
        "cannot be reached.\n"
        "  * The default network needs no download: unset NST_WEIGHTS (or set it to 'caffe').\n"
        "  * Online once: run this again with internet; the file {filename} (about 550 MB) "
        "is saved to {cached}.\n"
        "  * Offline classroom: copy {filename} (downloaded elsewhere from {url}) to {cached}, "
        "or set NST_WEIGHTS=/path/to/{filename}.\n"
        "  * No weights at all: set NST_WEIGHTS=random to run with an untrained network "
        "(the code runs; the pictures will not look like style transfer).",
        arch=arch.upper(), filename=cached.name, cached=cached, url=url)
