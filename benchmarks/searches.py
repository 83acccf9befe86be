"""Section "searches" (issue #15): the three ways `optimize_image` can choose an L-BFGS step
length, on every kind of run the notebooks make, with the same budget.

    .venv/bin/python -m benchmarks --sections searches --threads 2     # ~4 min at 128 px

The runs: style transfer from the photo (stylize's objective and weights), textures from
white noise (notebook 04: style only, all five layers, and relu1_1 alone) and content
reconstructions from white noise (notebook 03: relu2_2 and relu4_2), all on the default
network, in float32, at --searches-size px for --searches-evaluations evaluations. Each run's
lowest loss is its score (every method keeps its best image); "backtracking" is the default
(helpers/lbfgs.py), "strong_wolfe" torch's line search (the default before), "none" the
tutorial's fixed step.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import optimize_image
from helpers.config import CONTENT_DIR, STYLE_DIR
from helpers.images import load_image
from helpers.objective import (CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget,
                               content_targets, style_grams)
from helpers.stylize import CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT, initial_image
from helpers.vgg import load_vgg

from .cpu import cpu_info

SEARCHES = {"backtracking": "backtracking", "strong_wolfe": "strong_wolfe", "none": None}
TRANSFERS = [("chelsea", "stained_glass"), ("coffee", "pointillist_dots"),
             ("astronaut", "swirl_strokes")]
#: (painting, layers): all five style layers, and relu1_1 alone (notebook 04's first texture)
TEXTURES = [("swirl_strokes", STYLE_LAYERS), ("stained_glass", STYLE_LAYERS),
            ("pointillist_dots", STYLE_LAYERS), ("swirl_strokes", ("relu1_1",))]
RECONSTRUCTIONS = [("chelsea", "relu2_2"), ("chelsea", "relu4_2"), ("astronaut", "relu2_2"),
                   ("astronaut", "relu4_2")]


def runs(vgg, size: int):
    """(name, objective, start) for every run of the section."""
    for photo, painting in TRANSFERS:
        p = load_image(CONTENT_DIR / f"{photo}.jpg", max_size=size)
        a = load_image(STYLE_DIR / f"{painting}.png", max_size=size)
        yield (f"transfer {photo}/{painting}",
               Objective(vgg, content_targets(vgg, p, CONTENT_LAYERS),
                         [StyleTarget(style_grams(vgg, a, STYLE_LAYERS))],
                         CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT), p)
    for painting, layers in TEXTURES:
        a = load_image(STYLE_DIR / f"{painting}.png", max_size=size)
        yield (f"texture {painting}" + ("" if layers == STYLE_LAYERS else f" from {layers[0]}"),
               Objective(vgg, {}, [StyleTarget(style_grams(vgg, a, layers))],
                         content_weight=0.0, style_weight=1.0), initial_image("noise", a))
    for photo, layer in RECONSTRUCTIONS:
        p = load_image(CONTENT_DIR / f"{photo}.jpg", max_size=size)
        yield (f"content {photo} from {layer}",
               Objective(vgg, content_targets(vgg, p, [layer]), [], content_weight=1.0,
                         style_weight=0.0), initial_image("noise", p))


def section_searches(args) -> dict:
    """Every run with every rule in args.searches_rules. With args.searches_merge (a results
    JSON of an earlier run), the other rules' numbers come from there, and a run it lacks
    runs with every rule."""
    vgg = load_vgg("vgg19", "caffe", device="cpu")
    out = {"cpu": cpu_info(), "size": args.searches_size,
           "evaluations": args.searches_evaluations, "rows": []}
    earlier = {}
    if args.searches_merge:
        earlier = {row["run"]: row for row in
                   json.loads(Path(args.searches_merge).read_text())["searches"]["rows"]}
        out["merged_from"] = str(args.searches_merge)
    for name, objective, start in runs(vgg, args.searches_size):
        row = {"run": name}
        rules = args.searches_rules if name in earlier else list(SEARCHES)
        for label, search in SEARCHES.items():
            if label not in rules:
                row[label] = earlier[name][label]
                continue
            result = optimize_image(objective, start, args.searches_evaluations,
                                    line_search=search, progress=False)
            row[label] = {"best": result.best_loss, "refused": result.refused,
                          "seconds": result.seconds}
        out["rows"].append(row)
        print(f"  {name}: " + ", ".join(f"{k} {row[k]['best']:.5g}" for k in SEARCHES
                                        if k in row), flush=True)
    return out


def searches_table(section: dict) -> list[str]:
    lines = [f"lowest loss after {section['evaluations']} evaluations at {section['size']} px "
             f"(float32; ratio = the method's lowest loss / backtracking's, > 1: backtracking "
             f"ended lower)",
             "| run | backtracking (refused steps) | strong_wolfe | ratio | none | ratio |",
             "|---|---|---|---|---|---|"]
    for row in section["rows"]:
        b = row["backtracking"]["best"]
        lines.append(f"| {row['run']} | {b:.5g} ({row['backtracking']['refused']}) | "
                     f"{row['strong_wolfe']['best']:.5g} | {row['strong_wolfe']['best'] / b:.3f} | "
                     f"{row['none']['best']:.5g} | {row['none']['best'] / b:.3f} |")
    return lines
