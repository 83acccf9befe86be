"""Section 2, speed: seconds per loss evaluation (one forward + backward to the pixels) at each
size, random-weight VGG-19, the tutorial loop and our settings INTERLEAVED round by round in one
process; medians and per-round ratios; achieved conv GFLOP/s against the conv peak.

Also the settings under test and `Runner` (one setting at one size), which the memory section
shares."""

from __future__ import annotations

import statistics
import time

from helpers.objective import (CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget,
                               content_targets, style_grams)
from helpers.optimize import optimize_image
from helpers.vgg import VGGFeatures, load_vgg

from .tools import (CONTENT_IMAGE, DTYPES, STYLE_IMAGE, conv_flops, conv_peak, image_at,
                    native_dtypes, sync)
from .tutorial import WEIGHTS, build_tutorial_model, run_tutorial


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
