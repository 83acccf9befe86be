"""The one entry point: `python -m benchmarks [options]` (see `python -m benchmarks --help`).

Parses the options, runs the chosen sections in turn, prints the report and writes it with the
raw results to --out. `--worker KIND JOB` (hidden) runs one memory or quality worker: that is how
`tools.spawn` starts each in a fresh process."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import torch

from . import __doc__ as PACKAGE_DOC
from .memory import section_memory, worker_memory
from .peers import section_peers
from .quality import lbfgs_settings, section_quality, worker_quality
from .report import report
from .scale import section_scale, worker_scale
from .searches import section_searches
from .speed import section_speed
from .time_to_best import CANDIDATES, section_time_to_best
from .tools import DTYPES, REPO, machine


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description=PACKAGE_DOC.split("\n\n")[0])
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
                        help="weights for the quality section (default: caffe, the paper's VGG-19; "
                             "a path to a VGG-16 file such as .cache/vgg16-...pth runs VGG-16)")
    parser.add_argument("--sections", nargs="+", default=["speed", "memory", "quality"],
                        choices=["speed", "memory", "quality", "lbfgs", "peers", "time-to-best",
                                 "scale", "searches"],
                        help="what to run (default: speed memory quality; lbfgs compares "
                             "L-BFGS settings by evaluations to the tutorial's quality; on the "
                             "default network (issue #15): peers = tutorial, pastiche and "
                             "stylize per evaluation; time-to-best = time to the tutorial's "
                             "best loss, with candidate optimiser settings; scale = time and "
                             "memory at 256-2048 px; searches = the three L-BFGS step rules on "
                             "transfers, textures and reconstructions)")
    parser.add_argument("--peer-evaluations", type=int, default=None,
                        help="peers: evaluations per block at 256 px, scaled by area (default 6)")
    parser.add_argument("--quiet-cores", type=float, default=0.3,
                        help="peers: a round during which other processes kept more cores "
                             "busy than this is run again (default 0.3)")
    parser.add_argument("--pairs", type=int, default=None,
                        help="time-to-best: content/style pairs (default 3; quick 1)")
    parser.add_argument("--target-size", type=int, default=None,
                        help="time-to-best: long side (default 256; quick 64)")
    parser.add_argument("--tutorial-evaluations", type=int, default=None,
                        help="time-to-best: the tutorial's evaluations, also the cap of pastiche "
                             "and the candidates (default 300; quick 12)")
    parser.add_argument("--stylize-cap", type=int, default=None,
                        help="time-to-best: most evaluations of a stylize run (default 400)")
    parser.add_argument("--pastiche-cap", type=int, default=None,
                        help="time-to-best: most evaluations of a pastiche run (default: the "
                             "tutorial's evaluations)")
    parser.add_argument("--candidates", nargs="*", default=None, choices=list(CANDIDATES),
                        help="time-to-best: candidate settings (default: nols h100 guard, "
                             "nols h50 guard, nols h20 guard)")
    parser.add_argument("--pastiche", nargs="*", default=["pastiche"],
                        choices=["pastiche", "pastiche matched"],
                        help="time-to-best: pastiche with its own weights, and/or with its "
                             "content and style terms set equal to ours (default: its own)")
    parser.add_argument("--searches-size", type=int, default=None,
                        help="searches: long side of every run (default 128; quick 64)")
    parser.add_argument("--searches-evaluations", type=int, default=None,
                        help="searches: evaluations per run (default 150; quick 3)")
    parser.add_argument("--searches-rules", nargs="+", default=["backtracking", "strong_wolfe", "none"],
                        choices=["backtracking", "strong_wolfe", "none"],
                        help="searches: which step rules to run (default: all three)")
    parser.add_argument("--searches-merge", type=Path, default=None,
                        help="searches: a results JSON whose rows supply the rules not run")
    parser.add_argument("--scale-sizes", type=int, nargs="+", default=None,
                        help="scale: long sides (default 256 512 1024 2048; quick 64)")
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
    args.peer_evaluations = args.peer_evaluations or (1 if q else 6)
    args.pairs = args.pairs or (1 if q else 3)
    args.target_size = args.target_size or (64 if q else 256)
    args.tutorial_evaluations = args.tutorial_evaluations or (12 if q else 300)
    args.stylize_cap = args.stylize_cap or (16 if q else 400)
    args.pastiche_cap = args.pastiche_cap or args.tutorial_evaluations
    if args.candidates is None:
        args.candidates = (["nols h100 guard"] if q else
                           ["nols h100 guard", "nols h50 guard", "nols h20 guard"])
    args.searches_size = args.searches_size or (64 if q else 128)
    args.searches_evaluations = args.searches_evaluations or (3 if q else 150)
    args.scale_sizes = args.scale_sizes or ([64] if q else [256, 512, 1024, 2048])
    if args.weights is None:  # the network readers get (issue #15: measure on the default)
        args.weights = os.environ.get("NST_WEIGHTS") or "caffe"
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.worker:
        kind, job = args.worker[0], json.loads(args.worker[1])
        if job.get("threads"):
            torch.set_num_threads(job["threads"])
        out = {"memory": worker_memory, "quality": worker_quality,
               "scale": worker_scale}[kind](job)
        print("RESULT " + json.dumps(out), flush=True)
        return
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    args.out.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(device), "args": {k: str(v) for k, v in vars(args).items()}}
    print(report({"machine": results["machine"]}), flush=True)
    if args.weights == "random" and "quality" in args.sections:
        print("  NOTE: the quality section uses random weights (NST_WEIGHTS=random)", flush=True)
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
    for name, section in (("peers", section_peers), ("time-to-best", section_time_to_best),
                          ("scale", section_scale), ("searches", section_searches)):
        if name in args.sections:
            results[name] = section(args)
            print("\n" + report({"machine": results["machine"], name: results[name]},
                                 header=False), flush=True)
    results["seconds"] = time.perf_counter() - start
    text = report(results)
    print("\n" + text + f"\n\nbenchmark took {results['seconds'] / 60:.1f} min; "
          f"results in {args.out}", flush=True)
    (args.out / f"results-{device.type}.json").write_text(json.dumps(results, indent=1))
    (args.out / f"results-{device.type}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
