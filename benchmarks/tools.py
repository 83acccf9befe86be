"""The small shared tools of the benchmark: paths and precisions, the test images at a size,
clocks, FLOP counts and the conv peak, the machine's description, memory readings, and the
fresh subprocess each memory or quality worker runs in."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as nnf
from torch import nn

from helpers.config import default_autocast_dtype, native_bf16
from helpers.images import MIN_SIDE, load_image, long_side_shape, resize
from helpers.vgg import VGGFeatures

REPO = Path(__file__).resolve().parents[1]
CONTENT_IMAGE = REPO / "images" / "content" / "astronaut.jpg"
STYLE_IMAGE = REPO / "images" / "style" / "swirl_strokes.png"
REAL_WEIGHTS = REPO / ".cache" / "vgg16-imagenet-keras-features.pth"
DTYPES = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}


def image_at(path: Path, size: int, device) -> torch.Tensor:
    """The image with its long side at exactly `size` px (shrunk or enlarged), no side below
    `MIN_SIDE`."""
    image = load_image(path, max_size=None)
    h, w = long_side_shape(image.shape[-2:], size)
    return resize(image, (max(MIN_SIDE, h), max(MIN_SIDE, w))).to(device)


def sync(device) -> None:
    if torch.device(device).type == "cuda":
        torch.cuda.synchronize()


def conv_flops(vgg: VGGFeatures, shape, last: str = "relu5_1") -> float:
    """Multiply-adds x 2 of the convolutions up to `last` for one forward pass."""
    h, w = shape
    flops = 0.0
    for name, layer in zip(vgg.names, vgg.layers):
        if isinstance(layer, nn.Conv2d):
            k = layer.kernel_size[0] * layer.kernel_size[1]
            flops += 2.0 * layer.in_channels * layer.out_channels * k * h * w
        elif isinstance(layer, (nn.MaxPool2d, nn.AvgPool2d)):
            h, w = h // 2, w // 2
        if name == last:
            break
    return flops


def conv_peak(device, dtype_name: str, repeats: int = 5) -> tuple[float, float]:
    """GFLOP/s of one big 3x3 convolution (256 -> 256 channels), best of `repeats`:
    (per second of wall time, per second of this process's CPU time)."""
    side = 64 if torch.device(device).type == "cpu" else 256
    dtype = DTYPES[dtype_name] or torch.float32
    x = torch.randn(1, 256, side, side, device=device).to(dtype)
    x = x.contiguous(memory_format=torch.channels_last)
    w = (torch.randn(256, 256, 3, 3, device=device) * 0.02).to(dtype)
    w = w.contiguous(memory_format=torch.channels_last)
    flops = 2.0 * 256 * 256 * 9 * side * side
    best, best_cpu = float("inf"), float("inf")
    with torch.no_grad():
        nnf.conv2d(x, w, padding=1)
        for _ in range(repeats):
            sync(device)
            start, start_cpu = time.perf_counter(), time.process_time()
            nnf.conv2d(x, w, padding=1)
            sync(device)
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, max(time.process_time() - start_cpu, 1e-9))
    return flops / best / 1e9, flops / best_cpu / 1e9


def native_dtypes(device) -> list[str]:
    """Reduced precisions worth measuring on this device."""
    if torch.device(device).type == "cuda":
        return ["bf16", "fp16"] if torch.cuda.is_bf16_supported() else ["fp16"]
    return ["bf16"] if default_autocast_dtype(device) == torch.bfloat16 else []


def machine(device) -> dict:
    info = {"torch": torch.__version__, "python": platform.python_version(),
            "device": str(device), "threads": torch.get_num_threads(),
            "cpu_capability": torch.backends.cpu.get_cpu_capability(),
            "cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
            "native_bf16": native_bf16("cpu")}
    try:
        info["cpu"] = torch._C._cpu._get_cpu_capability().get("cpu_name", info["cpu"])
    except (AttributeError, RuntimeError):
        pass
    if torch.device(device).type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(device)
    if hasattr(os, "getloadavg"):
        info["load_average"] = os.getloadavg()
    return info


def rss_now_mb() -> float | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return None


def reset_peak_rss() -> bool:
    """Forget the peak RSS so far (Linux: /proc/self/clear_refs), so that the next ru_maxrss
    is the peak of what follows, not of building the network. False where not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def maxrss_mb() -> float:
    """Peak resident memory of this process. Linux: VmHWM, which `reset_peak_rss` resets
    (ru_maxrss would also remember the parent's size at fork time). Else ru_maxrss."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 2**10
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource  # Unix only: imported here so that the package imports on Windows too
    except ImportError:  # Windows: the peak working set, if psutil is there; else unknown
        try:
            import psutil
        except ImportError:
            return float("nan")
        return getattr(psutil.Process().memory_info(), "peak_wset", float("nan")) / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB else


def spawn(kind: str, job: dict, timeout: float = 3600) -> dict:
    """Run a worker (`python -m benchmarks --worker KIND JOB`) in a fresh Python process, in
    this process's folder with the repository on its path; returns its result dict."""
    cmd = [sys.executable, "-m", "benchmarks", "--worker", kind, json.dumps(job)]
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *([path] if path else [])])}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"worker {kind} failed:\n{proc.stderr[-3000:]}")
