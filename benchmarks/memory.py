"""Section 3, memory: peak memory of each setting at each size, one fresh subprocess per setting
and size (the process's peak resident memory on the CPU, torch.cuda.max_memory_allocated on a
GPU), and the seconds per evaluation of that run (not interleaved: indicative only)."""

from __future__ import annotations

import torch

from helpers.vgg import load_vgg

from .speed import Runner, speed_settings
from .tools import (CONTENT_IMAGE, STYLE_IMAGE, image_at, maxrss_mb, reset_peak_rss,
                    rss_now_mb, spawn)


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
