"""How much memory a run needs, checked before the first loss evaluation.

One loss evaluation runs the image forward through VGG up to the deepest layer a loss needs,
keeping what the backward pass will use, then backward to the pixels. Its peak grows with the
number of activation values the forward pass makes: channels x height x width, summed over
the layers it runs. So the estimate is

    peak = BASE + BYTES_PER_VALUE x (activation values of one forward pass)

with BASE (PyTorch itself and the network) and BYTES_PER_VALUE taken from peaks measured in
fresh processes at 256 to 2048 px (benchmarks/scale.py; the table is in benchmarks/README.md).
On the CPU a run that would need more than the memory this machine has free is refused before
it starts, with the estimate and the `max_size` that fits. (On a GPU, running out of memory ends
the run with its best image kept: optimize.py.)
"""

from __future__ import annotations

import os

import torch

from .vgg import VGGFeatures

#: From the scale table of issue #15 (benchmarks/scale.py, benchmarks/README.md "Scale"):
#: `stylize` peaks measured in fresh processes at 256, 512, 1024 and 2048 px (long side) on
#: the CPU. Their float32 fit is 935 MB + 3.22 bytes per value, which falls up to 4.8 % below
#: the 512 px peak. We keep 3.25 bytes per value and raise BASE to 1000 MB, so the estimate
#: is above every measured peak: float32 by +10.6 / +0.3 / +4.8 / +1.9 % at the four sizes,
#: bf16 (which needs less) by +10.3 / +4.9 / +6.1 / +10.5 %. Bytes.
BASE = 1000e6
BYTES_PER_VALUE = 3.25
#: A run is refused only when its estimate is above this share of the free memory: the
#: machine needs some memory for everything else.
SAFETY = 0.85


class MemoryNeededError(MemoryError):
    """A run would need more memory than this computer has free. The message gives the
    estimate and the max_size that fits."""


def activation_values(model: VGGFeatures, height: int, width: int, layers) -> int:
    """Activation values one forward pass makes for an (H, W) image up to the deepest of `layers`."""
    deepest = max(model.index[name] for name in layers)
    total, h, w, channels = 0, height, width, 3
    for module in model.layers[: deepest + 1]:
        if isinstance(module, torch.nn.Conv2d):
            channels = module.out_channels
        elif isinstance(module, (torch.nn.MaxPool2d, torch.nn.AvgPool2d)):
            h, w = h // 2, w // 2
        total += channels * h * w
    return total


def estimate_peak(model: VGGFeatures, height: int, width: int, layers) -> float:
    """Estimated peak memory of a run in bytes (CPU, one image)."""
    return BASE + BYTES_PER_VALUE * activation_values(model, height, width, layers)


def available_bytes() -> float | None:
    """Memory this machine has free (Linux: MemAvailable), or None where we cannot tell."""
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import psutil  # optional: macOS, Windows
    except ImportError:
        return None
    return float(psutil.virtual_memory().available)


def largest_fitting_side(model: VGGFeatures, height: int, width: int, layers,
                         budget: float) -> int:
    """The largest long side (px, aspect kept) whose estimate stays within `budget` bytes."""
    long_side = max(height, width)
    low, high = 32, long_side
    while low < high:
        mid = (low + high + 1) // 2
        scale = mid / long_side
        if estimate_peak(model, max(1, round(height * scale)), max(1, round(width * scale)),
                         layers) <= budget:
            low = mid
        else:
            high = mid - 1
    return low


def check_fits(model: VGGFeatures, shape, layers) -> None:
    """Refuse, before it starts, a CPU run that would need more memory than is free.

    shape: the image's (N, 3, H, W); layers: every layer a loss reads.
    Raises MemoryNeededError with the estimate and the max_size that fits. Does nothing on a
    GPU (there an out-of-memory error keeps the best image) or where free memory is unknown.
    """
    if model.device.type != "cpu" or os.environ.get("NST_SKIP_MEMORY_CHECK"):
        return
    free = available_bytes()
    height, width = int(shape[-2]), int(shape[-1])
    need = estimate_peak(model, height, width, layers) * max(1, int(shape[0]))
    if free is None or need <= SAFETY * free:
        return
    fits = largest_fitting_side(model, height, width, layers, SAFETY * free)
    raise MemoryNeededError(
        f"This run needs about {need / 2**30:.1f} GB of memory for a {width}x{height} image, and "
        f"this computer has {free / 2**30:.1f} GB free. Use a smaller image: "
        f"load_image(path, max_size={fits}) (or close other programs).")
