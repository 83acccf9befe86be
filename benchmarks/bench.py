#!/usr/bin/env python
"""Speed benchmark: our `stylize` against the official PyTorch tutorial's loop.

Run it from the repository root (one command; see benchmarks/README.md for the results):

    .venv/bin/python benchmarks/bench.py                 # CPU, 256 and 512 px
    .venv/bin/python benchmarks/bench.py --quick         # smoke run: tiny sizes, about a minute
    python benchmarks/bench.py --device cuda --sizes 512 1024     # a GPU machine

What it measures, all in one run:
  1. peak      the machine's conv peak: one big 3x3 convolution timed alone (GFLOP/s).
  2. speed     seconds per loss evaluation (one forward + backward to the pixels) at each size,
               random-weight VGG-19, the tutorial loop and our settings INTERLEAVED round by
               round in one process; medians and per-round ratios; achieved conv GFLOP/s.
  3. memory    peak memory, one fresh subprocess per setting and size (ru_maxrss on the CPU,
               torch.cuda.max_memory_allocated on a GPU).
  4. quality   time to equal quality with the real ImageNet VGG-16 features: the tutorial loop
               runs N evaluations (default 300); each of our settings runs until its image is as
               good, judged by ONE common loss (content 1, style 10, tv 1, float32) on the images.

The baseline is the loop of the official PyTorch tutorial, written afresh here: loss modules
inserted into an nn.Sequential copy of VGG, torch.optim.LBFGS with its default settings, and the
image clamped inside every closure. It uses the paper's layers (content relu4_2, style
relu1_1..relu5_1) and our relative losses and weights, so both sides minimise the same function
with the same network and weights: only the implementation differs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import torch  # noqa: E402
import torch.nn.functional as nnf  # noqa: E402
from torch import nn  # noqa: E402

from helpers.images import load_image, save_image  # noqa: E402
from helpers.losses import content_loss, total_variation_loss  # noqa: E402
from helpers.multiscale import default_sizes, stylize_coarse_to_fine  # noqa: E402
from helpers.objective import (CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget,  # noqa: E402
                               content_targets, style_grams)
from helpers.optimize import optimize_image  # noqa: E402
from helpers.stylize import default_autocast_dtype, stylize  # noqa: E402
from helpers.vgg import VGGFeatures, load_vgg  # noqa: E402

CONTENT_IMAGE = REPO / "images" / "content" / "astronaut.jpg"
STYLE_IMAGE = REPO / "images" / "style" / "swirl_strokes.png"
REAL_WEIGHTS = REPO / ".cache" / "vgg16-imagenet-keras-features.pth"
#: The common loss that judges every image: our objective with these weights, in float32.
WEIGHTS = {"content_weight": 1.0, "style_weight": 10.0, "tv_weight": 1.0}
DTYPES = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}


# --------------------------------------------------------------------------------------------
# The baseline: the official tutorial's loop, written afresh
# --------------------------------------------------------------------------------------------

class _Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.mean, self.std = mean, std

    def forward(self, x):
        return (x - self.mean) / self.std


class _ContentLoss(nn.Module):
    """Passes its input through and remembers the content loss of it."""

    def __init__(self, target):
        super().__init__()
        self.target = target.detach()
        self.loss = None

    def forward(self, x):
        self.loss = content_loss(x, self.target)
        return x


def _tutorial_gram(x):
    """The tutorial's Gram matrix: a plain matrix product, differentiated by autograd (two
    products in the backward pass). Divided by the positions only, as ours, so the values
    are the same as `gram_matrix`."""
    n, c, h, w = x.shape
    flat = x.reshape(n, c, h * w)
    return flat @ flat.transpose(1, 2) / (h * w)


class _StyleLoss(nn.Module):
    """Passes its input through and remembers the style loss of it (||G - A||^2 / ||A||^2)."""

    def __init__(self, target_features):
        super().__init__()
        self.target = _tutorial_gram(target_features).detach()
        self.loss = None

    def forward(self, x):
        self.loss = (_tutorial_gram(x) - self.target).pow(2).sum() / self.target.pow(2).sum()
        return x


def build_tutorial_model(vgg: VGGFeatures, content, style, content_layers=CONTENT_LAYERS,
                         style_layers=STYLE_LAYERS):
    """An nn.Sequential copy of VGG with loss modules inserted after the chosen layers, cut
    after the last of them (the tutorial's `get_style_model_and_losses`, our layer names)."""
    seq = nn.Sequential(_Normalize(vgg.mean, vgg.std))
    content_losses, style_losses = [], []
    for name, layer in zip(vgg.names, vgg.layers):
        seq.add_module(name, nn.ReLU(inplace=False) if isinstance(layer, nn.ReLU) else layer)
        if name in content_layers:
            with torch.no_grad():
                module = _ContentLoss(seq(content))
            seq.add_module(f"content_loss_{name}", module)
            content_losses.append(module)
        if name in style_layers:
            with torch.no_grad():
                module = _StyleLoss(seq(style))
            seq.add_module(f"style_loss_{name}", module)
            style_losses.append(module)
        if len(content_losses) == len(content_layers) and len(style_losses) == len(style_layers):
            break
    return seq, content_losses, style_losses


class _Stop(Exception):
    pass


def run_tutorial(seq, content_losses, style_losses, init, evaluations, callback=None):
    """The tutorial's optimisation loop: LBFGS with default settings, clamp in every closure.

    Stops after exactly `evaluations` loss evaluations. Returns the final (clamped) image.
    """
    image = init.detach().clone().requires_grad_(True)
    optimizer = torch.optim.LBFGS([image])
    count = 0

    def closure():
        nonlocal count
        if count >= evaluations:
            raise _Stop
        with torch.no_grad():
            image.clamp_(0, 1)
        optimizer.zero_grad()
        seq(image)
        content = sum(m.loss for m in content_losses) / len(content_losses)
        style = sum(m.loss for m in style_losses) / len(style_losses)
        loss = (WEIGHTS["content_weight"] * content + WEIGHTS["style_weight"] * style
                + WEIGHTS["tv_weight"] * total_variation_loss(image))
        loss.backward()
        count += 1
        if callback is not None:
            callback(count, float(loss.detach()))
        return loss

    try:
        while count < evaluations:
            before = count
            optimizer.step(closure)
            if count == before:
                break
    except _Stop:
        pass
    with torch.no_grad():
        image.clamp_(0, 1)
    return image.detach()


# --------------------------------------------------------------------------------------------
# Small tools
# --------------------------------------------------------------------------------------------

def image_at(path: Path, size: int, device) -> torch.Tensor:
    """The image with its long side at exactly `size` px (shrunk or enlarged)."""
    image = load_image(path, max_size=None)
    h, w = image.shape[-2:]
    scale = size / max(h, w)
    shape = (max(32, round(h * scale)), max(32, round(w * scale)))
    if shape != (h, w):
        image = nnf.interpolate(image, size=shape, mode="bicubic", align_corners=False,
                                antialias=scale < 1).clamp(0, 1)
    return image.to(device)


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
            "native_bf16": default_autocast_dtype("cpu") == torch.bfloat16}
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
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB else


# --------------------------------------------------------------------------------------------
# Settings under test
# --------------------------------------------------------------------------------------------

def speed_settings(device) -> list[dict]:
    """The tutorial, then ours: fp32 without and with channels_last, then reduced precision."""
    settings = [{"name": "tutorial fp32", "kind": "tutorial"},
                {"name": "ours fp32", "kind": "ours", "dtype": "fp32", "channels_last": False},
                {"name": "ours fp32 +CL", "kind": "ours", "dtype": "fp32", "channels_last": True}]
    for name in native_dtypes(device):
        settings.append({"name": f"ours {name}", "kind": "ours", "dtype": name,
                         "channels_last": False})
        settings.append({"name": f"ours {name} +CL", "kind": "ours", "dtype": name,
                         "channels_last": True})
    return settings


class Runner:
    """One setting at one size, ready to run blocks of loss evaluations."""

    def __init__(self, setting: dict, vgg: VGGFeatures, content, style):
        self.setting, self.content = setting, content
        if setting["kind"] == "tutorial":
            self.seq, self.c_losses, self.s_losses = build_tutorial_model(vgg, content, style)
        else:
            self.objective = Objective(
                vgg, content_targets(vgg, content, CONTENT_LAYERS),
                [StyleTarget(style_grams(vgg, style, STYLE_LAYERS))], **WEIGHTS,
                autocast_dtype=DTYPES[setting["dtype"]], channels_last=setting["channels_last"])

    def run(self, evaluations: int) -> list[float]:
        """Runs `evaluations` loss evaluations; returns the clock after each (seconds)."""
        if self.setting["kind"] == "tutorial":
            ticks = []
            run_tutorial(self.seq, self.c_losses, self.s_losses, self.content, evaluations,
                         lambda count, loss: ticks.append(time.perf_counter()))
            return ticks
        start = time.perf_counter()
        result = optimize_image(self.objective, self.content, evaluations, progress=False)
        return [start + entry["seconds"] for entry in result.history]


# --------------------------------------------------------------------------------------------
# Workers (each in its own process when memory is measured)
# --------------------------------------------------------------------------------------------

def worker_memory(job: dict) -> dict:
    """Peak memory and seconds per evaluation of one setting, in a fresh process."""
    device = torch.device(job["device"])
    vgg = load_vgg("vgg19", "random", device=device)
    content = image_at(CONTENT_IMAGE, job["size"], device)
    style = image_at(STYLE_IMAGE, job["size"], device)
    runner = Runner(job["setting"], vgg, content, style)
    before = rss_now_mb()
    reset = reset_peak_rss()
    if device.type == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats(device)
    ticks = runner.run(job["evaluations"])
    out = {"peak_rss_mb": maxrss_mb(), "loop_rss_mb": None, "peak_reset": reset,
           # the first evaluation pays for first-touch memory and kernel choice: not counted
           "s_per_eval": (ticks[-1] - ticks[0]) / max(1, len(ticks) - 1)}
    if before is not None:
        out["loop_rss_mb"] = out["peak_rss_mb"] - before
    if device.type == "cuda":
        out["peak_gpu_mb"] = torch.cuda.max_memory_allocated(device) / 2**20
    return out


#: Quality milestones: the common loss within 5 %, within 2 % of, and equal to the target.
MARGINS = (1.05, 1.02, 1.0)


def worker_quality(job: dict) -> dict:
    """One run at the quality size with the real features; judged by the common loss.

    The tutorial's run sets the target (its final loss) and its own milestones are read from its
    loss curve. Our runs stop when they reach the target (or their evaluation cap); each
    milestone is confirmed by the float32 judge (our runs may compute in bf16)."""
    device = torch.device(job["device"])
    vgg = load_vgg(job["arch"], job["weights"], device=device)
    size = job["size"]
    content = image_at(CONTENT_IMAGE, size, device)
    style = image_at(STYLE_IMAGE, size, device)
    judge = Objective(vgg, content_targets(vgg, content, CONTENT_LAYERS),
                      [StyleTarget(style_grams(vgg, style, STYLE_LAYERS))], **WEIGHTS,
                      channels_last=False)

    def common_loss(image) -> float:
        with torch.no_grad():
            return float(judge(image.to(device))["total"])

    setting, out_dir = job["setting"], Path(job["out_dir"])
    target = job.get("target")
    checking = [0.0, 0.0]  # wall and CPU seconds spent judging images: not counted
    stages: dict[int, int] = {}
    trace: list[tuple[float, float, float]] = []  # (seconds, CPU seconds, loss) at full size
    milestones: dict[str, dict] = {}
    reset = reset_peak_rss()
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    sync(device)
    start, start_cpu = time.perf_counter(), time.process_time()

    def clocks():
        return (time.perf_counter() - start - checking[0],
                time.process_time() - start_cpu - checking[1])

    class Reached(Exception):
        pass

    if setting["kind"] == "tutorial":
        def on_eval(count, loss):
            trace.append((*clocks(), loss))
        seq, c_losses, s_losses = build_tutorial_model(vgg, content, style)
        image = run_tutorial(seq, c_losses, s_losses, content, setting["evaluations"], on_eval)
        sync(device)
        stages[max(content.shape[-2:])] = setting["evaluations"]
        final = trace[-1][2]
        for margin in MARGINS:
            n, (wall, cpu, _) = next((i, t) for i, t in enumerate(trace)
                                     if t[2] <= margin * final)
            milestones[str(margin)] = {"seconds": wall, "cpu_seconds": cpu,
                                       "evaluations": {str(size): n + 1}}
    else:
        pending = list(MARGINS) if target is not None else []

        def on_eval(evaluation, image, losses):
            side = max(image.shape[-2:])
            stages[side] = stages.get(side, 0) + 1
            if image.shape[-2:] != content.shape[-2:]:
                return
            trace.append((*clocks(), losses["total"]))
            while pending and losses["total"] <= pending[0] * target * 1.02:
                tick, tick_cpu = time.perf_counter(), time.process_time()
                loss = common_loss(image)
                checking[0] += time.perf_counter() - tick
                checking[1] += time.process_time() - tick_cpu
                if loss > pending[0] * target:
                    break
                wall, cpu = clocks()
                milestones[str(pending.pop(0))] = {
                    "seconds": wall, "cpu_seconds": cpu,
                    "evaluations": {str(k): v for k, v in stages.items()}}
                if not pending:
                    on_eval.image = image.detach().cpu().clone()
                    raise Reached

        kwargs = dict(model=vgg, autocast_dtype=DTYPES[setting["dtype"]], callback=on_eval,
                      progress=False, **WEIGHTS)
        try:
            if setting.get("lbfgs"):  # an L-BFGS variant: the same objective as `stylize` builds
                objective = Objective(vgg, content_targets(vgg, content, CONTENT_LAYERS),
                                      [StyleTarget(style_grams(vgg, style, STYLE_LAYERS))],
                                      **WEIGHTS, autocast_dtype=DTYPES[setting["dtype"]])
                image = optimize_image(objective, content, setting["max_evaluations"],
                                       callback=on_eval, progress=False, **setting["lbfgs"]).image
            elif setting.get("sizes"):
                steps = [*setting["coarse_steps"], setting["max_evaluations"]]
                image = stylize_coarse_to_fine(content, style, sizes=setting["sizes"],
                                               steps=steps, **kwargs).image
            else:
                image = stylize(content, style, steps=setting["max_evaluations"], **kwargs).image
        except Reached:
            image = on_eval.image
        sync(device)
    seconds, cpu_seconds = clocks()
    save_image(image.cpu(), out_dir / f"quality_{size}px_{setting['name'].replace(' ', '_')}.png")
    out = {"seconds": seconds, "cpu_seconds": cpu_seconds, "loss": common_loss(image),
           "reached": str(1.0) in milestones, "milestones": milestones,
           "evaluations": {str(k): v for k, v in stages.items()},
           "peak_rss_mb": maxrss_mb(), "peak_reset": reset,
           "trace": trace[:: max(1, len(trace) // 60)]}
    if device.type == "cuda":
        out["peak_gpu_mb"] = torch.cuda.max_memory_allocated(device) / 2**20
    return out


def spawn(kind: str, job: dict, timeout: float = 3600) -> dict:
    """Run a worker in a fresh Python process; returns its result dict."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, json.dumps(job)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"worker {kind} failed:\n{proc.stderr[-3000:]}")


# --------------------------------------------------------------------------------------------
# The sections
# --------------------------------------------------------------------------------------------

def section_speed(args, device) -> dict:
    """Interleaved rounds: every setting runs one block per round, in turn, at each size."""
    vgg = load_vgg("vgg19", "random", device=device)
    settings = speed_settings(device)
    results = {}
    for size in args.sizes:
        content = image_at(CONTENT_IMAGE, size, device)
        style = image_at(STYLE_IMAGE, size, device)
        runners = [Runner(s, vgg, content, style) for s in settings]
        evaluations = max(2, round(args.evaluations_base * (256 / size) ** 2))
        for runner in runners:  # warm-up: allocator, oneDNN/cuDNN kernel choice
            runner.run(1)
        times = {s["name"]: [] for s in settings}
        cpu_times = {s["name"]: [] for s in settings}
        peaks = {name: [] for name in ["fp32", *native_dtypes(device)]}
        for round_ in range(args.repeats):
            for name in peaks:
                peaks[name].append(conv_peak(device, name))
            order = runners if round_ % 2 == 0 else runners[::-1]  # no setting always first
            for runner in order:
                sync(device)
                start, start_cpu = time.perf_counter(), time.process_time()
                runner.run(evaluations)
                sync(device)
                times[runner.setting["name"]].append((time.perf_counter() - start) / evaluations)
                cpu_times[runner.setting["name"]].append(
                    (time.process_time() - start_cpu) / evaluations)
            print(f"  speed {size}px round {round_ + 1}/{args.repeats}: "
                  + ", ".join(f"{k} {v[-1]:.3f}s" for k, v in times.items()), flush=True)
        flops = 2 * conv_flops(vgg, content.shape[-2:])  # forward + backward to the pixels
        base, base_cpu = times[settings[0]["name"]], cpu_times[settings[0]["name"]]
        rows = []
        for s in settings:
            t, c = times[s["name"]], cpu_times[s["name"]]
            peak = max(p[0] for p in peaks[s.get("dtype", "fp32")])
            peak_cpu = max(p[1] for p in peaks[s.get("dtype", "fp32")])
            rows.append({"name": s["name"], "median_s": statistics.median(t), "min_s": min(t),
                         "cpu_s": statistics.median(c),
                         "speedup": statistics.median(b / x for b, x in zip(base, t)),
                         "cpu_speedup": statistics.median(b / x for b, x in zip(base_cpu, c)),
                         "gflops": flops / statistics.median(t) / 1e9, "peak_gflops": peak,
                         "share_of_peak": flops / statistics.median(t) / 1e9 / peak,
                         "cpu_gflops": flops / statistics.median(c) / 1e9,
                         "peak_cpu_gflops": peak_cpu,
                         "cpu_share_of_peak": flops / statistics.median(c) / 1e9 / peak_cpu})
        results[size] = {"evaluations_per_block": evaluations, "rows": rows,
                         "conv_gflop_per_eval": flops / 1e9,
                         "peak_gflops": {k: max(p[0] for p in v) for k, v in peaks.items()},
                         "peak_cpu_gflops": {k: max(p[1] for p in v) for k, v in peaks.items()}}
    return results


def section_memory(args, device) -> dict:
    results = {}
    for size in args.sizes:
        rows = []
        settings = speed_settings(device)
        if args.quick:  # the smoke run: the tutorial and our fastest setting only
            settings = [settings[0], settings[-1]]
        for s in settings:
            job = {"device": str(device), "size": size, "setting": s,
                   "evaluations": args.memory_evaluations, "threads": args.threads}
            rows.append({"name": s["name"], **spawn("memory", job)})
            print(f"  memory {size}px {s['name']}: {rows[-1]}", flush=True)
        results[size] = rows
    return results


def quality_settings(args, device) -> list[dict]:
    """Ours at full size in float32 and in the native reduced precision; coarse-to-fine
    (the default stages of `stylize_coarse_to_fine`) in the fastest precision."""
    fast = default_autocast_dtype(device)
    fast = {torch.bfloat16: "bf16", torch.float16: "fp16"}.get(fast, "fp32")
    size, cap = args.quality_size, args.quality_cap
    coarse = default_sizes(size)[:-1]
    singles = args.quality_dtypes or ([fast] if args.quick else list(dict.fromkeys(["fp32", fast])))
    settings = [{"name": f"ours {dtype}", "kind": "ours", "dtype": dtype, "max_evaluations": cap}
                for dtype in singles]
    for steps in args.coarse_steps if coarse else []:
        for dtype in args.quality_dtypes or [fast]:
            settings.append({"name": f"ours c2f{steps} {dtype}", "kind": "ours", "dtype": dtype,
                             "sizes": [*coarse, size], "coarse_steps": [steps] * len(coarse),
                             "max_evaluations": cap})
    return settings


def lbfgs_settings(args) -> list[dict]:
    """L-BFGS variants in float32 (only the number of evaluations differs between them):
    history sizes with our strong Wolfe line search, and no line search (the tutorial's choice)."""
    variants = [(50, "strong_wolfe"), (100, "strong_wolfe"), (10, "strong_wolfe"), (100, None),
                (50, None)]
    if args.quick:
        variants = variants[:1] + variants[-1:]
    return [{"name": f"ours h{h} {'wolfe' if ls else 'no search'}", "kind": "ours",
             "dtype": "fp32", "max_evaluations": args.quality_cap,
             "lbfgs": {"history_size": h, "line_search": ls}} for h, ls in variants]


def section_quality(args, device, size=None, settings=None, target=None) -> dict:
    """Time to equal quality: the tutorial's run sets the target, then each of `settings`
    (default `quality_settings`) runs until it reaches it. `target`: reuse a known one."""
    size = size or args.quality_size
    target = target or args.quality_target
    weights, arch = args.weights, "vgg16"
    if weights == "random":
        arch = "vgg19"
    base = {"device": str(device), "size": size, "weights": weights, "arch": arch,
            "out_dir": str(args.out), "threads": args.threads}
    tutorial = {"name": f"tutorial {args.quality_evaluations}", "kind": "tutorial",
                "evaluations": args.quality_evaluations}
    if target:  # known from an earlier run with the same settings: not rerun
        rows = [{"name": tutorial["name"] + " (earlier run)", "loss": target,
                 "evaluations": {}, "peak_rss_mb": float("nan"), "seconds": float("nan")}]
    else:
        print(f"  quality {size}px: {tutorial['name']} ...", flush=True)
        rows = [{"name": tutorial["name"], **spawn("quality", {**base, "setting": tutorial})}]
    target = rows[0]["loss"]
    print(f"    {rows[-1]['seconds']:.1f} s, common loss {target:.4f}", flush=True)
    for s in settings if settings is not None else quality_settings(args, device):
        rows.append({"name": s["name"], **spawn("quality", {**base, "setting": s,
                                                             "target": target})})
        print(f"  quality {s['name']}: {rows[-1]['seconds']:.1f} s, loss {rows[-1]['loss']:.4f}, "
              f"milestones {rows[-1]['milestones']}, evaluations {rows[-1]['evaluations']}",
              flush=True)
    return {"size": size, "weights": weights, "target": target, "rows": rows}


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def report(results: dict) -> str:
    lines = []
    info = results["machine"]
    lines.append(f"machine: {info.get('gpu') or info['cpu']}, {info['cores']} logical cores, "
                 f"{info['threads']} torch threads, torch {info['torch']}, "
                 f"capability {info['cpu_capability']}, native bf16 on CPU: {info['native_bf16']}, "
                 f"load average at start {info.get('load_average')}")
    for size, speed in results.get("speed", {}).items():
        lines.append("")
        lines.append(f"speed at {size} px (random VGG-19, paper layers, "
                     f"{speed['conv_gflop_per_eval']:.0f} conv GFLOP per evaluation; "
                     f"{speed['evaluations_per_block']} evaluations per block; medians of "
                     f"interleaved rounds in one process; "
                     f"speed-up = median of per-round ratios)")
        lines.append("| setting | s/eval (median) | s/eval (min) | speed-up | CPU s/eval | "
                     "CPU-time speed-up | conv GFLOP/s (share of peak) | conv GFLOP per CPU-s "
                     "(share of peak) |")
        lines.append("|---|---|---|---|---|---|---|---|")
        for row in speed["rows"]:
            lines.append(f"| {row['name']} | {row['median_s']:.3f} | {row['min_s']:.3f} | "
                         f"{row['speedup']:.2f}x | {row['cpu_s']:.3f} | {row['cpu_speedup']:.2f}x | "
                         f"{row['gflops']:.0f} ({100 * row['share_of_peak']:.0f}% of "
                         f"{row['peak_gflops']:.0f}) | {row['cpu_gflops']:.0f} "
                         f"({100 * row['cpu_share_of_peak']:.0f}% of {row['peak_cpu_gflops']:.0f}) |")
    for size, rows in results.get("memory", {}).items():
        lines.append("")
        lines.append(f"memory at {size} px (random VGG-19; one fresh process per row; peak = "
                     f"the process's peak after the network was built; loop = peak minus the "
                     f"memory in use before the loop; s/eval = evaluations 2.., one process at "
                     f"a time, NOT interleaved: indicative only)")
        lines.append("| setting | peak memory MB | loop memory MB | s/eval |")
        lines.append("|---|---|---|---|")
        for m in rows:
            peak = m.get("peak_gpu_mb", m.get("peak_rss_mb"))
            loop = m.get("loop_rss_mb")
            lines.append(f"| {m['name']} | "
                         f"{'-' if peak is None else f'{peak:.0f}'} | "
                         f"{'-' if loop is None else f'{loop:.0f}'} | "
                         f"{m.get('s_per_eval', float('nan')):.3f} |")
    for key, title in (("quality", "time to quality"),
                       ("lbfgs", "L-BFGS settings, float32: evaluations to quality")):
        if results.get(key):
            lines += ["", *quality_table(results[key], title)]
    return "\n".join(lines)


def quality_table(quality: dict, title: str) -> list[str]:
    """The markdown table of one time-to-quality section."""
    lines = []
    lines.append(f"{title} at {quality['size']} px (weights {quality['weights']}; "
                 f"target = the tutorial's final common loss {quality['target']:.4f}; "
                 f"'within 5 %': common loss <= 1.05 x target; ratio = tutorial's time "
                 f"to the same milestone on its own curve / this run's; 'vs whole run' = the "
                 f"tutorial's time for all its evaluations / this run's time to equal (the "
                 f"issue's definition); wall seconds, CPU seconds in brackets)")
    lines.append("| run | evaluations per size (to equal, or all) | within 5 % | within 2 % | "
                 "equal | ratio at 5 % | ratio at 2 % | ratio at equal | vs whole run | "
                 "final loss | peak memory MB |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    whole = quality["rows"][0].get("seconds", float("nan"))
    base = quality["rows"][0].get("milestones", {})

    def cell(row, margin):
        m = row.get("milestones", {}).get(str(margin))
        if m is None:
            return "not reached"
        wall, cpu = m["seconds"], m["cpu_seconds"]
        return f"{wall:.3g} s ({cpu:.3g})" if wall < 100 else f"{wall:.0f} s ({cpu:.0f})"

    def ratio(row, margin):
        m, b = row.get("milestones", {}).get(str(margin)), base.get(str(margin))
        if m is None or b is None:
            return "-"
        return f"{b['seconds'] / m['seconds']:.2f}x ({b['cpu_seconds'] / m['cpu_seconds']:.2f}x)"

    for row in quality["rows"]:
        m = row.get("milestones", {}).get("1.0")
        evals = (m or row)["evaluations"]
        evals = " + ".join(f"{v}@{k}" for k, v in evals.items())
        peak = row.get("peak_gpu_mb", row["peak_rss_mb"])
        equal = (row.get("milestones") or {}).get("1.0")
        versus = f"{whole / equal['seconds']:.2f}x" if equal and whole == whole else "-"
        if row is quality["rows"][0]:
            versus = "1.00x"  # the reference (its own curve may have dipped below it earlier)
        lines.append(f"| {row['name']} | {evals} | {cell(row, 1.05)} | {cell(row, 1.02)} | "
                     f"{cell(row, 1.0)} | {ratio(row, 1.05)} | {ratio(row, 1.02)} | "
                     f"{ratio(row, 1.0)} | {versus} | {row['loss']:.4f} | {peak:.0f} |")
    return lines


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small sizes, few evaluations")
    parser.add_argument("--device", default="cpu", help="cpu (default), cuda, cuda:1")
    parser.add_argument("--sizes", type=int, nargs="+", default=None,
                        help="long sides for speed and memory (default 256 512; quick 64 128)")
    parser.add_argument("--repeats", type=int, default=None, help="interleaved rounds (default 3)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's)")
    parser.add_argument("--quality-size", type=int, default=None,
                        help="size for time-to-quality (default: the largest of --sizes; 0 skips)")
    parser.add_argument("--quality-evaluations", type=int, default=None,
                        help="the tutorial's evaluations (default 300)")
    parser.add_argument("--quality-cap", type=int, default=None,
                        help="most full-size evaluations one of our runs may use (default 400)")
    parser.add_argument("--coarse-steps", type=int, nargs="+", default=None,
                        help="evaluations per coarse stage to try (default 100)")
    parser.add_argument("--quality-dtypes", nargs="+", default=None, choices=list(DTYPES),
                        help="precisions of our quality runs (default fp32 and the native one)")
    parser.add_argument("--quality-target", type=float, default=None,
                        help="skip the tutorial's quality run and use this common loss as target")
    parser.add_argument("--weights", default=None,
                        help="weights for the quality section (default: the real VGG-16 file)")
    parser.add_argument("--sections", nargs="+", default=["speed", "memory", "quality"],
                        choices=["speed", "memory", "quality", "lbfgs"],
                        help="what to run (default: speed memory quality; lbfgs compares "
                             "L-BFGS settings by evaluations to the tutorial's quality)")
    parser.add_argument("--lbfgs-size", type=int, default=None,
                        help="size of the lbfgs section (default 256; quick 64)")
    parser.add_argument("--lbfgs-target", type=float, default=None,
                        help="skip the tutorial's run in the lbfgs section: use this target")
    parser.add_argument("--out", type=Path, default=REPO / "outputs" / "bench",
                        help="where images and results.json go (default outputs/bench)")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    q = args.quick
    args.sizes = args.sizes or ([64, 128] if q else [256, 512])
    args.repeats = args.repeats or (2 if q else 3)
    args.evaluations_base = 0 if q else 6  # per block at 256 px; scaled by area, at least 2
    args.memory_evaluations = 2 if q else 5
    if args.quality_size is None:
        args.quality_size = 0 if "quality" not in args.sections else (64 if q else max(args.sizes))
    args.quality_evaluations = args.quality_evaluations or (10 if q else 300)
    args.quality_cap = args.quality_cap or (20 if q else 400)
    args.coarse_steps = args.coarse_steps or ([5] if q else [100])
    args.lbfgs_size = args.lbfgs_size or (64 if q else 256)
    if args.weights is None:
        args.weights = os.environ.get("NST_WEIGHTS") or (str(REAL_WEIGHTS) if REAL_WEIGHTS.is_file()
                                                         else "random")
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.worker:
        kind, job = args.worker[0], json.loads(args.worker[1])
        if job.get("threads"):
            torch.set_num_threads(job["threads"])
        out = {"memory": worker_memory, "quality": worker_quality}[kind](job)
        print("RESULT " + json.dumps(out), flush=True)
        return
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    args.out.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(device), "args": {k: str(v) for k, v in vars(args).items()}}
    print(report({"machine": results["machine"]}), flush=True)
    if args.weights == "random" and "quality" in args.sections:
        print("  NOTE: real VGG-16 weights not found: the quality section uses random weights",
              flush=True)
    start = time.perf_counter()
    if "speed" in args.sections:
        results["speed"] = section_speed(args, device)
    if "memory" in args.sections:
        results["memory"] = section_memory(args, device)
    if "quality" in args.sections and args.quality_size:
        results["quality"] = section_quality(args, device)
    if "lbfgs" in args.sections:
        results["lbfgs"] = section_quality(args, device, size=args.lbfgs_size,
                                           settings=lbfgs_settings(args), target=args.lbfgs_target)
    results["seconds"] = time.perf_counter() - start
    text = report(results)
    print("\n" + text + f"\n\nbenchmark took {results['seconds'] / 60:.1f} min; "
          f"results in {args.out}", flush=True)
    (args.out / f"results-{device.type}.json").write_text(json.dumps(results, indent=1))
    (args.out / f"results-{device.type}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
