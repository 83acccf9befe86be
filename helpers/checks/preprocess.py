"""Self-check for notebook 01's exercise: prepare an image for the paper's network (the VGG
group's Caffe-trained VGG-19). `to_caffe_input` is the reference; `check_to_caffe_input` tests
the student's version. Notebooks import both from helpers.checks (contract in its docstring).

How it finds the mistake: a wrong form (a NumPy array, the batch axis dropped, channels last,
whole numbers, float64) is named here; wrong numbers are explained in preprocess_probes.py
(what the function does to one pixel); an image on PyTorch's "meta" device shows a mean made
on the CPU.
"""

from __future__ import annotations

import re

import torch

from ..messages import say
from ..weights import CAFFE_MEAN_BGR
from .base import CheckFailed, _Check, _close
from .preprocess_probes import _diagnose


def to_caffe_input(image: torch.Tensor) -> torch.Tensor:
    """(N, 3, H, W) R, G, B in [0, 1] -> (N, 3, H, W) B, G, R on 0-255, minus Caffe's mean pixel."""
    mean = image.new_tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1)  # B, G, R, next to the image
    return image.flip(1) * 255 - mean


def _call(check: _Check, image: torch.Tensor):
    """check.call, with the two crashes this exercise makes most often said in its own words."""
    try:
        return check.call(image)
    except CheckFailed as failure:
        text = str(failure.__cause__ or "")
        found = re.search(r"tensor b \(3\) at non-singleton dimension (\d)", text)
        if found and found.group(1) != "1":
            check.fail(say("the 3 numbers of the mean were lined up with dim {dim} of the image, "
                           "not with the channels (dim 1): PyTorch matches shapes from the right. "
                           "Give the mean the shape (1, 3, 1, 1): mean.view(1, 3, 1, 1).\n(It "
                           "raised: {text})", dim=found.group(1), text=text), diagnose=False)
        if "step must be greater than zero" in text:
            check.fail(say("PyTorch tensors do not take a negative step (image[:, ::-1]). Reverse "
                           "the channels with image.flip(1) or image[:, [2, 1, 0]]."),
                       diagnose=False)
        raise


def _form(out, image: torch.Tensor) -> str | None:
    """What keeps `out` from being a float32 tensor of the input's shape; None if nothing."""
    n, _, h, w = image.shape
    if not isinstance(out, torch.Tensor):
        if type(out).__module__ == "numpy":
            return say("returned a NumPy array. Stay in PyTorch (image.flip(1) * 255 - mean), "
                       "so the result can go straight into the network.")
        return say("returned a {kind}. Return a torch tensor of the input's shape.",
                   kind=type(out).__name__)
    shape, given = tuple(out.shape), tuple(image.shape)
    if shape == (3, h, w):
        return say("dropped the batch axis N: yours has shape {shape} for an input of shape "
                   "{given}. Keep all four axes (no [0] and no .squeeze()).", shape=shape,
                   given=given)
    if shape == (1, 3, h, w) and n > 1:
        return say("kept only the first image of a batch of {n}: yours has shape {shape}. "
                   "Prepare every image of the batch.", n=n, shape=shape)
    if shape == (n, h, w, 3):
        return say("returned channels last, (N, H, W, C) = {shape}, as OpenCV stores images. "
                   "Caffe's network, like every PyTorch network, takes (N, C, H, W): do not "
                   "permute the axes.", shape=shape)
    if shape != given:
        return say("expected the input's shape {given}, got {shape}.", given=given, shape=shape)
    if not out.dtype.is_floating_point:
        return say("returned whole numbers ({dtype}). Caffe's input is float, and it is negative "
                   "where a pixel is darker than the mean: keep float32 (.byte() or "
                   ".to(torch.uint8) gives this).", dtype=out.dtype)
    if out.dtype != torch.float32:
        return say("returned {dtype} values; the network's weights are float32, so it would "
                   "refuse this input. Make the mean a float32 tensor next to the image: "
                   "image.new_tensor(CAFFE_MEAN_BGR) (a NumPy array gives float64).",
                   dtype=out.dtype)
    return None


def check_to_caffe_input(fn) -> bool:
    """Check `fn(image) -> Caffe's input` (contract: helpers.checks). Seven checks: a tensor
    of the input's shape; float32; the input unchanged; the right numbers for three images
    (other sizes, batches of 1, 2 and 3); and the result on the image's device."""
    check = _Check("to_caffe_input", fn)
    generator = torch.Generator().manual_seed(11)
    image = torch.rand(2, 3, 5, 7, generator=generator)
    before = image.clone()
    out = _call(check, image)
    if _form(out, image):
        check.fail(_form(out, image), diagnose=False)
    check.ok()  # a tensor of the input's shape
    check.ok()  # float32
    check.unchanged([before], [image], ["image"])
    for case in [before, torch.rand(1, 3, 4, 6, generator=generator),
                 torch.rand(3, 3, 6, 2, generator=generator)]:
        got = out if case is before else _call(check, case.clone())
        expected = to_caffe_input(case.double())
        if not _close(got, expected):
            check.fail(_form(got, case) or _diagnose(fn, case, got, expected), diagnose=False)
        check.ok()
    try:
        on_meta = fn(image.to("meta"))
    except RuntimeError as err:
        if "device" in str(err):
            check.fail(say("works on the CPU but not for an image on another device (a GPU): a "
                           "tensor made on the CPU meets the image. Make the mean where the image "
                           "is: image.new_tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1).\n(On "
                           "PyTorch's 'meta' device it raised: {err})", err=err), diagnose=False)
        on_meta = None
    except Exception:  # an operation the meta device lacks: nothing to learn
        on_meta = None
    if isinstance(on_meta, torch.Tensor) and on_meta.device.type != "meta":
        check.fail(say("returns a tensor on {device} for an image on another device: keep the "
                       "result where the image is (no .cpu() or .to(...)).",
                       device=on_meta.device), diagnose=False)
    check.ok()
    return check.done()
