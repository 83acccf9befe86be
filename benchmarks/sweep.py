"""Choosing the default loss weights: a sweep on the default network, with a contact sheet.

    .venv/bin/python -m benchmarks.sweep                     # class mode: 256 px (about 20 min)
    .venv/bin/python -m benchmarks.sweep --size 64 --steps 5 --settings 10:1   # smoke

Every content photo in images/content (4) x every painting in images/style (5), for each
setting style_weight:tv_weight (default: style 3, 10, 30 at tv 1, and tv 0 and 3 at style 10),
with content_weight 1 and `stylize`'s other defaults. For each
result it records three numbers, all scale-free:

    content   ||F - P||^2 / ||P||^2 at relu4_2 (F: result, P: photo): 0 = the photo's layout
    style     mean over relu1_1..relu5_1 of ||G - A||^2 / ||A||^2 (G: result, A: painting)
    speckle   TV(result) / TV(photo): how much more pixel-to-pixel change than the photo has

and the two references the criterion compares with: `content` of the painting itself (resized
to the photo) and `style` of the photo itself. The criterion and its outcome are in
docs/default_weights.md; the numbers go to benchmarks/results/sweep.json and the pictures to
docs/images/sweep_contact_sheet.jpg (one tile per result).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

from helpers import config
from helpers.images import list_images, load_image, resize, to_pil
from helpers.losses import content_loss, style_loss, total_variation_loss
from helpers.objective import CONTENT_LAYERS, STYLE_LAYERS, content_targets, style_grams
from helpers.stylize import stylize
from helpers.vgg import extract_features, load_vgg

REPO = Path(__file__).resolve().parents[1]
PAINTINGS = ("swirl_strokes", "stained_glass", "pointillist_dots", "geometric_abstract",
             "ink_waves")


def scores(model, image, photo, painting) -> dict[str, float]:
    """The three numbers of one image against its photo and painting (float32, no autograd)."""
    with torch.no_grad():
        target = content_targets(model, photo, CONTENT_LAYERS)[CONTENT_LAYERS[0]]
        grams = style_grams(model, painting, STYLE_LAYERS)
        feats = extract_features(model, image, [CONTENT_LAYERS[0], *STYLE_LAYERS])
        content = float(content_loss(feats[CONTENT_LAYERS[0]].float(), target))
        style = float(np.mean([float(style_loss(feats[n].float(), grams[n])) for n in STYLE_LAYERS]))
        speckle = float(total_variation_loss(image) / total_variation_loss(photo))
    return {"content": content, "style": style, "speckle": speckle}


def contact_sheet(tiles: dict, photos: list[str], settings: list[tuple], tile: int) -> Image.Image:
    """Rows: photo x setting; columns: the photo, then one result per painting."""
    label = 18
    rows = [(p, s) for p in photos for s in settings]
    sheet = Image.new("RGB", ((len(PAINTINGS) + 1) * tile, len(rows) * (tile + label)), "white")
    draw = ImageDraw.Draw(sheet)
    for r, (photo, setting) in enumerate(rows):
        top = r * (tile + label)
        draw.text((4, top + 2), f"{photo}  style {setting[0]:g}, tv {setting[1]:g}", fill="black")
        for c, key in enumerate(["photo", *PAINTINGS]):
            image = tiles[(photo, key)] if key == "photo" else tiles[(photo, key, setting)]
            thumb = image.copy()
            thumb.thumbnail((tile, tile))
            sheet.paste(thumb, (c * tile, top + label))
    return sheet


#: The criterion of docs/default_weights.md, fixed before the sweep ran (ratios to the references).
LIMITS = {"content": 0.5, "style": 0.05, "speckle": 2.0}


def failures(row: dict) -> list[str]:
    """Which parts of the criterion a result breaks: [] = it passes."""
    ratios = {"content": row["content"] / row["painting_content"],
              "style": row["style"] / row["photo_style"], "speckle": row["speckle"]}
    return [part for part, limit in LIMITS.items() if ratios[part] > limit]


def summary(rows: list[dict]) -> str:
    """A markdown table: per setting, the pairs that pass and why the others fail."""
    settings = sorted({(r["style_weight"], r["tv_weight"]) for r in rows},
                      key=lambda s: (s[1] != 1, s))
    lines = ["| setting style:tv | pairs that pass | fail: photo lost | fail: style weak "
             "| fail: speckle | median C/C_painting | median S/S_photo | median speckle |",
             "|---|---|---|---|---|---|---|---|"]
    for setting in settings:
        mine = [r for r in rows if (r["style_weight"], r["tv_weight"]) == setting]
        broken = [failures(r) for r in mine]
        count = {part: sum(part in b for b in broken) for part in LIMITS}
        median = {key: float(np.median([f(r) for r in mine])) for key, f in {
            "content": lambda r: r["content"] / r["painting_content"],
            "style": lambda r: r["style"] / r["photo_style"], "speckle": lambda r: r["speckle"]}.items()}
        lines.append(f"| {setting[0]:g}:{setting[1]:g} | {sum(not b for b in broken)} of {len(mine)} "
                     f"| {count['content']} | {count['style']} | {count['speckle']} "
                     f"| {median['content']:.2f} | {median['style']:.3f} | {median['speckle']:.2f} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=256, help="long side in px (class mode: 256)")
    parser.add_argument("--steps", type=int, default=100, help="loss evaluations per transfer")
    parser.add_argument("--settings", nargs="+", default=["3:1", "10:1", "30:1", "10:0", "10:3"],
                        help="style_weight:tv_weight pairs")
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "sweep.json"))
    parser.add_argument("--sheet", default=str(REPO / "docs" / "images" / "sweep_contact_sheet.jpg"))
    parser.add_argument("--tile", type=int, default=96, help="contact-sheet tile size in px")
    parser.add_argument("--cache", default=str(REPO / ".cache" / "sweep"),
                        help="each finished result is kept here, so a stopped sweep resumes")
    parser.add_argument("--summary", action="store_true",
                        help="only print the criterion's table from the --out file")
    args = parser.parse_args(argv)
    if args.summary:
        print(summary(json.loads(Path(args.out).read_text())["rows"]))
        return

    model = load_vgg(device="cpu")  # the network NST_WEIGHTS names: by default the paper's VGG-19
    photos = {p.stem: load_image(p, max_size=args.size) for p in list_images(config.CONTENT_DIR)}
    paintings = {name: load_image(config.STYLE_DIR / f"{name}.png", max_size=args.size)
                 for name in PAINTINGS}
    settings = [tuple(float(v) for v in pair.split(":")) for pair in args.settings]
    rows, tiles = [], {}
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for photo_name, photo in photos.items():
        tiles[(photo_name, "photo")] = to_pil(photo)
        for painting_name, painting in paintings.items():
            reference = {
                "painting_content": scores(model, resize(painting, photo.shape[-2:]), photo,
                                           painting)["content"],
                "photo_style": scores(model, photo, photo, painting)["style"]}
            for style_weight, tv_weight in settings:
                key = f"{photo_name}_{painting_name}_{style_weight:g}_{tv_weight:g}_{args.size}_{args.steps}"
                done = cache / f"{key}.json"
                if done.is_file():  # finished in an earlier, stopped run
                    rows.append(json.loads(done.read_text()))
                    tiles[(photo_name, painting_name, (style_weight, tv_weight))] = Image.open(
                        cache / f"{key}.png").convert("RGB")
                    continue
                result = stylize(photo, painting, model=model, steps=args.steps,
                                 style_weight=style_weight, tv_weight=tv_weight, progress=False)
                row = {"photo": photo_name, "painting": painting_name,
                       "style_weight": style_weight, "tv_weight": tv_weight,
                       "seconds": round(result.seconds, 1), **reference,
                       **scores(model, result.image, photo, painting)}
                rows.append(row)
                tiles[(photo_name, painting_name, (style_weight, tv_weight))] = to_pil(result.image)
                to_pil(result.image).save(cache / f"{key}.png")
                done.write_text(json.dumps(row))
                print(f"{photo_name:10} {painting_name:18} style {style_weight:<4g} tv {tv_weight:<4g}"
                      f" content {row['content']:.3f} (painting {row['painting_content']:.3f})"
                      f"  style {row['style']:.4f} (photo {row['photo_style']:.3f})"
                      f"  speckle {row['speckle']:.2f}  {row['seconds']:.0f} s", flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"network": config.describe().splitlines()[-1], "size": args.size,
                               "steps": args.steps, "minutes": (time.perf_counter() - start) / 60,
                               "rows": rows}, indent=1))
    sheet = Path(args.sheet)
    sheet.parent.mkdir(parents=True, exist_ok=True)
    contact_sheet(tiles, list(photos), settings, args.tile).save(sheet, quality=85, optimize=True)
    print(summary(rows))
    print(f"wrote {out} and {sheet} in {(time.perf_counter() - start) / 60:.1f} min")


if __name__ == "__main__":
    main()
