"""Publishing the gallery (tools/gallery.py --publish): the stated times in the notebooks and
the README, the README's pictures, docs/gallery/times.json and its JPEGs."""

from __future__ import annotations

import io
import json
import math
import os
import platform
import re
import time
from pathlib import Path

#: "Takes about N minutes on a laptop CPU (M minutes with bfloat16)": defined with the Chinese
#: catalogue, whose keys leave the numbers out.
from tools.zh_catalogue import TIME_LINE

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "docs" / "gallery"
#: Long side of a published picture, and the most the published folder may hold.
PUBLISHED_SIDE = 900
PUBLISHED_BUDGET = 1.5 * 2**20

def stated_minutes(seconds: float) -> int:
    """The whole minutes a notebook states for a measured time: rounded up, at least 1."""
    return max(1, math.ceil(seconds / 60))


def _minutes(seconds: float) -> str:
    minutes = stated_minutes(seconds)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


def minutes_text(seconds: float, seconds_bf16: float | None = None) -> str:
    """Rounded up to whole minutes, as the notebooks state them. `seconds`: the run in float32
    (a CPU without bfloat16, as most laptops); `seconds_bf16`: the run with bfloat16, if
    measured: 'Takes about 3 minutes on a laptop CPU (2 minutes with bfloat16)'."""
    text = f"Takes about {_minutes(seconds)} on a laptop CPU"
    return text if seconds_bf16 is None else f"{text} ({_minutes(seconds_bf16)} with bfloat16)"


def set_stated_time(path: Path, seconds: float, seconds_bf16: float | None = None) -> bool:
    """Write the measured times into the notebook's "Takes about N minutes" line (source only:
    the stored notebook stays without outputs). Returns True if the file changed."""
    text = path.read_text(encoding="utf-8")
    new = TIME_LINE.sub(minutes_text(seconds, seconds_bf16), text, count=1)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def set_readme_times(readme: Path, times: dict[str, float],
                     times_bf16: dict[str, float] | None = None) -> None:
    """Rewrite the README's notebook table with the measured minutes: the last column with
    `times`, or, with `times_bf16`, the last two columns (float32, then bfloat16)."""
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        match = re.match(r"\| (\d\d) \|", line)
        name = next((n for n in times if match and n.startswith(match.group(1))), None)
        if name:
            cells = line.rstrip("\n").split("|")
            if times_bf16 is None:
                cells[-2] = f" {stated_minutes(times[name])} "
            elif name in times_bf16:
                cells[-3:-1] = [f" {stated_minutes(times[name])} ",
                                f" {stated_minutes(times_bf16[name])} "]
            lines[i] = "|".join(cells) + "\n"
    readme.write_text("".join(lines), encoding="utf-8")


PICTURES_START = "<!-- pictures: written by `python3 tasks.py gallery --publish` -->"
PICTURES_END = "<!-- /pictures -->"


def set_readme_pictures(readme: Path, names: list[str]) -> None:
    """Write the README's table of key figures (two per row, each linked to its notebook)
    between the PICTURES_START and PICTURES_END lines; the lines must be there."""
    text = readme.read_text(encoding="utf-8")
    if PICTURES_START not in text or PICTURES_END not in text:
        raise SystemExit(f"{readme}: add the lines {PICTURES_START} and {PICTURES_END} first")
    cells = [f'<a href="notebooks/{name}.ipynb"><img src="docs/gallery/{name}.jpg" width="420" '
             f'alt="the key figure of notebook {name[:2]}"></a><br>{name[:2]}' for name in names]
    rows = ["| | |", "|---|---|"] + [
        f"| {' | '.join(cells[i:i + 2] + [''] * (2 - len(cells[i:i + 2])))} |"
        for i in range(0, len(cells), 2)]
    before, rest = text.split(PICTURES_START, 1)
    after = rest.split(PICTURES_END, 1)[1]
    readme.write_text(before + PICTURES_START + "\n" + "\n".join(rows) + "\n" + PICTURES_END
                      + after, encoding="utf-8")


def publish_figure(png: bytes, target: Path) -> int:
    """Shrink a key figure to JPEG for the README; returns its size in bytes."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.thumbnail((PUBLISHED_SIDE, PUBLISHED_SIDE))
    image.save(target, quality=82, optimize=True)
    return target.stat().st_size


def write_times(times: dict[str, float], loads: dict[str, list],
                sections: dict[str, list] | None = None, float32: bool = False) -> dict:
    """Merge the measured notebooks into docs/gallery/times.json (the others keep their
    earlier measurement), with the load average before and after each run and the time of
    each section. float32: the runs were in float32 on a CPU with bfloat16 (NST_PRECISION=
    float32): they go to the keys ending in "_float32", and "seconds" etc. keep the runs in
    the machine's default precision. Returns the whole file's contents."""
    path = PUBLISHED / "times.json"
    known = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    tail = "_float32" if float32 else ""

    def merged(name: str, new: dict) -> dict:
        return dict(sorted({**known.get(name + tail, {}), **new}.items()))

    seconds = merged("seconds", times)
    known.update({"machine" + tail: machine(), "seconds" + tail: seconds,
                  "load_before_after" + tail: merged("load_before_after", loads),
                  "measured" + tail: merged("measured", {name: time.strftime("%Y-%m-%d")
                                                         for name in times}),
                  "sections" + tail: merged("sections", sections or {}),
                  "total_minutes" + tail: round(sum(seconds.values()) / 60, 1)})
    path.write_text(json.dumps(known, indent=1) + "\n", encoding="utf-8")
    return known


def stated_times(known: dict) -> tuple[dict[str, float], dict[str, float] | None]:
    """(float32 seconds, bfloat16 seconds or None) per notebook from times.json's contents.
    "seconds" is the machine's default precision: bfloat16 when "seconds_float32" is there
    too, else float32 (a machine without bfloat16)."""
    if "seconds_float32" not in known:
        return known["seconds"], None
    return known["seconds_float32"], known["seconds"]


def machine() -> str:
    import torch

    from helpers import config

    precision = config.default_autocast_dtype("cpu")
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch "
            f"{torch.__version__}, CPU precision {'bfloat16' if precision else 'float32'}")
