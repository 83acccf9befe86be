"""Section "scale" (issue #15, part 4): seconds and peak memory per loss evaluation of `stylize`
at 256, 512, 1024 and 2048 px long side on the CPU, in float32 and the default precision, and
the largest size that fits in 8 GB, from this table and from helpers/memory.py's estimate.

    .venv/bin/python -m benchmarks --sections scale        # about 10 minutes on 2 cores

Each size and precision runs in a fresh process (tools.spawn): the default network, the photo
chelsea.jpg (3:2, as benchmarks/memory_fit.py) at the size, the painting at 256 px (`stylize`
keeps the painting's own size; the memory belongs to the image being made), 3 evaluations.
Seconds per evaluation: evaluations 2 and 3 (the first pays for first-touch memory). Peak:
the process's peak resident memory (VmHWM) after the network and images were loaded (reset
with clear_refs), so it still holds them and PyTorch itself, as a student's run does. Not
interleaved (one process per row): indicative, and the load average is printed with the table.
"""

from __future__ import annotations

import os

import torch

from helpers.config import CONTENT_DIR, STYLE_DIR
from helpers.images import load_image, long_side_shape, resize
from helpers.memory import (BASE, BYTES_PER_VALUE, activation_values, estimate_peak,
                            largest_fitting_side)
from helpers.objective import CONTENT_LAYERS, STYLE_LAYERS
from helpers.vgg import load_vgg

from .cpu import OthersGauge, cpu_info, cpu_line, load_average
from .tools import maxrss_mb, reset_peak_rss, rss_now_mb, spawn

PHOTO, PAINTING = CONTENT_DIR / "chelsea.jpg", STYLE_DIR / "swirl_strokes.png"
LAYERS = [*CONTENT_LAYERS, *STYLE_LAYERS]
BUDGET = 8e9  # "8 GB": bytes


def worker_scale(job: dict) -> dict:
    from helpers.stylize import stylize

    os.environ["NST_SKIP_MEMORY_CHECK"] = "1"  # measure, even where the estimate would refuse
    vgg = load_vgg("vgg19", "caffe", device="cpu")
    photo = resize(load_image(PHOTO, max_size=None), job["size"])
    painting = load_image(PAINTING, max_size=256)
    before = rss_now_mb()
    reset = reset_peak_rss()
    result = stylize(photo, painting, model=vgg, steps=3, progress=False,
                     autocast_dtype=None if job["precision"] == "fp32" else "auto")
    seconds = [entry["seconds"] for entry in result.history]
    return {"shape": list(photo.shape[-2:]), "peak_mb": maxrss_mb(), "before_mb": before,
            "peak_reset": reset, "s_per_eval": (seconds[-1] - seconds[0]) / (len(seconds) - 1),
            "first_s": seconds[0]}


def fit_line(xs, ys) -> tuple[float, float]:
    """Least-squares (intercept, slope) of y = a + b x."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - slope * mx, slope


def largest_side(values_at, base: float, per_value: float, budget: float,
                 low: int = 32, high: int = 16384) -> int:
    """The largest long side s (px) with base + per_value * values_at(s) <= budget
    (values_at grows with s); `low` if even that does not fit."""
    while low < high:
        mid = (low + high + 1) // 2
        if base + per_value * values_at(mid) <= budget:
            low = mid
        else:
            high = mid - 1
    return low


def section_scale(args) -> dict:
    info = cpu_info()
    loads = [load_average()]
    model = load_vgg("vgg19", "caffe", device="cpu")  # its shapes only: activation_values
    photo_shape = load_image(PHOTO, max_size=None).shape[-2:]
    precisions = list(dict.fromkeys(["fp32", info["default_precision"]]))
    rows = []
    for size in args.scale_sizes:
        for precision in precisions:
            job = {"size": size, "precision": precision, "threads": args.threads}
            gauge = OthersGauge()
            out = spawn("scale", job, timeout=1800)
            out["others_cores"] = gauge.cores()
            h, w = out["shape"]
            out.update(size=size, precision=precision,
                       values=activation_values(model, h, w, LAYERS),
                       estimate_mb=estimate_peak(model, h, w, LAYERS) / 2**20)
            rows.append(out)
            print(f"  scale {size}px {precision}: {out['s_per_eval']:.2f} s/eval, peak "
                  f"{out['peak_mb']:.0f} MB (estimate {out['estimate_mb']:.0f} MB)", flush=True)
        loads.append(load_average())

    def values_at(side):
        return activation_values(model, *long_side_shape(photo_shape, side), LAYERS)

    fits = {}
    for precision in precisions:
        mine = [r for r in rows if r["precision"] == precision]
        if len(mine) >= 2:
            base, slope = fit_line([r["values"] for r in mine],
                                   [r["peak_mb"] * 2**20 for r in mine])
            fits[precision] = {"base_mb": base / 2**20, "bytes_per_value": slope,
                               "largest_side_8gb": largest_side(values_at, base, slope, BUDGET)}
    h, w = photo_shape
    helpers_side = largest_fitting_side(model, int(h) * 8, int(w) * 8, LAYERS, BUDGET)
    return {"cpu": info, "loads": loads, "rows": rows, "fits": fits,
            "helpers_estimate": {"base_mb": BASE / 2**20, "bytes_per_value": BYTES_PER_VALUE,
                                 "largest_side_8gb": helpers_side}}


def scale_table(scale: dict) -> list[str]:
    lines = [cpu_line(scale["cpu"], scale.get("loads")),
             "`stylize` on the default network, the photo chelsea.jpg (3:2) at each long side, "
             "one fresh process per row, 3 evaluations; s/eval = evaluations 2-3; peak = peak "
             "resident memory after the network was loaded (VmHWM, reset); estimate = "
             "helpers/memory.py (BASE + BYTES_PER_VALUE x activation values).", "",
             "| long side | image | precision | s/eval | first eval s | peak MB | "
             "before the run MB | helpers' estimate MB | other processes, cores |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in scale["rows"]:
        h, w = r["shape"]
        before = "-" if r.get("before_mb") is None else f"{r['before_mb']:.0f}"
        lines.append(f"| {r['size']} px | {w}x{h} | {r['precision']} | {r['s_per_eval']:.2f} | "
                     f"{r['first_s']:.2f} | {r['peak_mb']:.0f} | {before} | "
                     f"{r['estimate_mb']:.0f} | {r.get('others_cores') or 0:.2f} |")
    lines.append("")
    for precision, fit in scale["fits"].items():
        lines.append(f"- fit of this table, {precision}: peak = {fit['base_mb']:.0f} MB + "
                     f"{fit['bytes_per_value']:.2f} bytes x activation values; the largest "
                     f"3:2 photo within 8 GB (8e9 bytes): long side {fit['largest_side_8gb']} px")
    est = scale["helpers_estimate"]
    lines.append(f"- helpers/memory.py: {est['base_mb']:.0f} MB + {est['bytes_per_value']} bytes "
                 f"x values: long side {est['largest_side_8gb']} px within 8 GB")
    return lines
