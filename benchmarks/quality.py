"""Section 4, quality: time to equal quality, judged by ONE common loss (content 1, style 10,
tv 1, float32) on the images, on the default network (the paper's Caffe VGG-19; --weights
selects another, e.g. a VGG-16 file). The tutorial
loop runs N evaluations and its final loss is the target; each of our settings (full size, or
coarse-to-fine; or, for the lbfgs section, L-BFGS variants) runs in its own process until its
image is as good."""

from __future__ import annotations

import time
from pathlib import Path

import torch

from helpers.config import default_autocast_dtype
from helpers.images import save_image
from helpers.multiscale import default_sizes, stylize_coarse_to_fine
from helpers.objective import (CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget,
                               content_targets, style_grams)
from helpers.optimize import optimize_image
from helpers.stylize import stylize
from helpers.vgg import load_vgg

from .tools import (CONTENT_IMAGE, DTYPES, STYLE_IMAGE, image_at, maxrss_mb, reset_peak_rss,
                    spawn, sync)
from .tutorial import WEIGHTS, build_tutorial_model, run_tutorial

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
    weights = args.weights
    arch = "vgg16" if "vgg16" in Path(weights).name else "vgg19"  # the file says which
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
