"""Train the transform network that notebook 09 loads, and write it with its record.

    python -m tools.train_painter              # SETTINGS["steps"] steps: about 20 min on 2 cores
    python -m tools.train_painter --steps 20 --out /tmp/painter    # a short try elsewhere

It runs exactly what notebook 09's live training runs (helpers/painters SETTINGS: the same
photos, painting, crop, batch, style weight, step size, seed and starting weights), only for
more steps, with the paper's VGG-19, in float32 on the CPU. It refuses to overwrite the files
it would write unless --force is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import torch

from helpers import config, list_images, load_image, load_vgg
from helpers.painters import HERE, SETTINGS, record_path, sha256, weights_path
from helpers.train_transform import make_net, train_transform_net


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=SETTINGS["steps"])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the .pt and .json")
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    args = parser.parse_args(argv)

    weights, record = weights_path(folder=args.out), record_path(folder=args.out)
    if not args.force and (weights.exists() or record.exists()):
        parser.error(f"{weights} or {record} exists; give --force to replace them")
    args.out.mkdir(parents=True, exist_ok=True)

    config.seed_everything(SETTINGS["seed"])
    crop = SETTINGS["crop"]
    model = load_vgg(weights=SETTINGS["weights"], device="cpu")
    photos = [load_image(path, max_size=2 * crop) for path in list_images(config.IMAGES_DIR / "train")]
    style = load_image(config.STYLE_DIR / SETTINGS["style"], max_size=2 * crop)
    net = make_net(seed=SETTINGS["seed"])
    start = time.strftime("%Y-%m-%d %H:%M")
    result = train_transform_net(net, style, photos, args.steps, model=model, crop=crop,
                                 batch=SETTINGS["batch"], lr=SETTINGS["lr"],
                                 style_weight=SETTINGS["style_weight"], seed=SETTINGS["seed"])
    if result.interrupted:
        print("interrupted: nothing written")
        return 1
    torch.save(net.state_dict(), weights)
    last = result.history[-50:]
    info = {
        "settings": {**SETTINGS, "steps": args.steps},
        "steps": result.steps,
        "seconds": round(result.seconds, 1),
        "started": start,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {torch.get_num_threads()} "
                   f"torch threads, torch {torch.__version__}, float32",
        "losses_first_step": {k: round(result.history[0][k], 4) for k in ("total", "content", "style", "tv")},
        "losses_last_50_steps": {k: round(sum(h[k] for h in last) / len(last), 4)
                                 for k in ("total", "content", "style", "tv")},
        "sha256": sha256(weights),
    }
    record.write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(info, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
