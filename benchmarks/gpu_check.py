#!/usr/bin/env python
"""The CUDA path, checked in one short run on a GPU machine (see benchmarks/README.md).

    PYTHONPATH=. python benchmarks/gpu_check.py [--out DIR]

1. device selection: config.get_device() picks CUDA by itself; NST_DEVICE=cpu overrides it;
2. mixed precision: `stylize` chooses bfloat16 autocast on the GPU by default; its result is
   compared with a float32 run by one common float32 loss;
3. class-mode runs: 512 px and 1024 px, 300 loss evaluations, with their times.
Uses the real ImageNet VGG-16 features from .cache/ when present, else random weights (said).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import torch  # noqa: E402

from helpers import config, load_image, load_vgg, save_image, stylize  # noqa: E402
from helpers.objective import Objective, StyleTarget, content_targets, style_grams  # noqa: E402
from helpers.config import default_autocast_dtype  # noqa: E402
from helpers.images import resize  # noqa: E402

REAL = REPO / ".cache" / "vgg16-imagenet-keras-features.pth"


def common_loss(model, content, style, image) -> float:
    """One float32 judge for every run: content 1, style 10, tv 1 (the stylize defaults)."""
    objective = Objective(model, content_targets(model, content, ["relu4_2"]),
                          [StyleTarget(style_grams(model, style, ["relu1_1", "relu2_1", "relu3_1",
                                                                  "relu4_1", "relu5_1"]))],
                          1.0, 10.0, 1.0)
    with torch.no_grad():
        return float(objective(image.to(content.device))["total"])


def timed(fn):
    torch.cuda.synchronize()
    start = time.perf_counter()
    out = fn()
    torch.cuda.synchronize()
    return out, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "outputs" / "gpu")
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__}

    os.environ.pop("NST_DEVICE", None)
    device = config.get_device()
    assert device.type == "cuda", f"expected CUDA to be picked, got {device}"
    os.environ["NST_DEVICE"] = "cpu"
    assert config.get_device().type == "cpu"
    os.environ.pop("NST_DEVICE")
    report["default_size"] = config.default_size(device)
    report["autocast"] = str(default_autocast_dtype(device))

    weights = str(REAL) if REAL.is_file() else "random"
    model = load_vgg("vgg16" if REAL.is_file() else "vgg19", weights, device=device)
    report["weights"] = model.weights
    print(json.dumps(report), flush=True)

    rows = []
    for size in (512, 1024):
        content = load_image(REPO / "images/content/astronaut.jpg", max_size=size).to(device)
        style = load_image(REPO / "images/style/swirl_strokes.png", max_size=size).to(device)
        if size == 1024:  # the bundled images are 512 px: upsample to measure the cost
            content = resize(content, (1024, 1024))
        stylize(content, style, model=model, steps=5, progress=False)  # warm-up (cuDNN autotune)
        for precision in ("auto", None):
            torch.cuda.reset_peak_memory_stats()
            result, seconds = timed(lambda: stylize(content, style, model=model, steps=args.steps,
                                                    autocast_dtype=precision, progress=False))
            row = {"size": size, "precision": "bf16 (auto)" if precision == "auto" else "fp32",
                   "steps": result.evaluations, "seconds": round(seconds, 2),
                   "s_per_eval": round(seconds / result.evaluations, 4),
                   "peak_gpu_mb": round(torch.cuda.max_memory_allocated() / 2**20),
                   "common_loss": round(common_loss(model, content, style, result.image), 4)}
            rows.append(row)
            print(json.dumps(row), flush=True)
            save_image(result.image, args.out / f"astronaut_{size}_{'bf16' if precision else 'fp32'}.png")
    (args.out / "gpu_check.json").write_text(json.dumps({"report": report, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
