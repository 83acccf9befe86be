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

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "docs" / "gallery"
#: Long side of a published picture, and the most the published folder may hold.
PUBLISHED_SIDE = 900
PUBLISHED_BUDGET = 1.5 * 2**20

TIME_LINE = re.compile(r"Takes about \d+ minutes? on a laptop CPU")


def stated_minutes(seconds: float) -> int:
    """The whole minutes a notebook states for a measured time: rounded up, at least 1."""
    return max(1, math.ceil(seconds / 60))


def minutes_text(seconds: float) -> str:
    """Rounded up to whole minutes, as the notebooks state them: 'Takes about 3 minutes ...'."""
    minutes = stated_minutes(seconds)
    return f"Takes about {minutes} minute{'s' if minutes > 1 else ''} on a laptop CPU"


def set_stated_time(path: Path, seconds: float) -> bool:
    """Write the measured time into the notebook's "Takes about N minutes" line (source only:
    the stored notebook stays without outputs). Returns True if the file changed."""
    text = path.read_text(encoding="utf-8")
    new = TIME_LINE.sub(minutes_text(seconds), text, count=1)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def set_readme_times(readme: Path, times: dict[str, float]) -> None:
    """Rewrite the last column of the README's notebook table with the measured minutes."""
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        match = re.match(r"\| (\d\d) \|", line)
        name = next((n for n in times if match and n.startswith(match.group(1))), None)
        if name:
            cells = line.rstrip("\n").split("|")
            cells[-2] = f" {stated_minutes(times[name])} "
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
                sections: dict[str, list] | None = None) -> None:
    """Merge the measured notebooks into docs/gallery/times.json (the others keep their
    earlier measurement), with the load average before and after each run and the time of
    each section."""
    path = PUBLISHED / "times.json"
    known = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    seconds = {**known.get("seconds", {}), **times}
    by_section = {**known.get("sections", {}), **(sections or {})}
    load = {**known.get("load_before_after", {}), **loads}
    when = {**known.get("measured", {}), **{name: time.strftime("%Y-%m-%d") for name in times}}
    path.write_text(json.dumps({"machine": machine(), "seconds": dict(sorted(seconds.items())),
                                "load_before_after": dict(sorted(load.items())),
                                "measured": dict(sorted(when.items())),
                                "sections": dict(sorted(by_section.items())),
                                "total_minutes": round(sum(seconds.values()) / 60, 1)},
                               indent=1) + "\n", encoding="utf-8")


def machine() -> str:
    import torch

    from helpers import config

    precision = config.default_autocast_dtype("cpu")
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch "
            f"{torch.__version__}, CPU precision {'bfloat16' if precision else 'float32'}")
