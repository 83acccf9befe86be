"""The gallery: every notebook run in class mode, saved as HTML with its key figure as PNG.

    python3 tasks.py gallery                 # all notebooks, class mode, the default network
    python3 tasks.py gallery 03 07           # only these
    .venv/bin/python -m tools.gallery --help

For each notebook it writes, into gallery/ (git-ignored):
    NN_name.html   the executed notebook, outputs and all (open it in a browser)
    NN_name.png    its key figure: the first image output of the cell tagged "gallery"
    NN_name.ipynb  the executed notebook (each cell's start and end times in its metadata)
and prints each notebook's wall time. The times go to docs/gallery/times.json together with
what they were measured on, and the time of each section (each "## " heading) of each notebook:
the teacher's kit (docs/teachers.md) plans its lessons with them. With --publish it also
    * writes each key figure, shrunk to JPEG, into docs/gallery/ (committed; the README's
      pictures table shows them; the whole folder stays under 1.5 MB), and
    * writes the measured minutes into each notebook's "Takes about N minutes" line, the
      notebook tables of README.md and README.zh.md, and the teacher's kit's lesson plans
      (docs/teachers/plans.py), so that the stated times are the measured ones.
With notebook numbers, --publish measures and publishes only those (times.json keeps the others).

Each notebook states two times: float32 (most laptops: no bfloat16 hardware) and bfloat16. On a
CPU with bfloat16, publish both: once as it is, once with bfloat16 turned off (the float32 run
writes times only, under the "_float32" keys of times.json; the pictures stay):
    python3 tasks.py gallery --publish
    NST_PRECISION=float32 python3 tasks.py gallery --publish

The notebooks run with the settings of this shell, except that NST_QUICK is removed (class
mode) unless --quick is given (for a fast check of the tool itself).
"""

from __future__ import annotations

import argparse
import base64
import os
import runpy
import sys
import time
from pathlib import Path

import nbformat

from tools.gallery_publish import (PICTURES_END, PICTURES_START, PUBLISHED,  # noqa: F401
                                   PUBLISHED_BUDGET, minutes_text, publish_figure,
                                   set_readme_pictures, set_readme_times, set_stated_time,
                                   stated_times, write_times)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "gallery"
TAG = "gallery"


def notebooks(only: list[str] | None = None) -> list[Path]:
    """The series' notebooks in order; `only`: number prefixes such as "03"."""
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if only:
        found = [path for path in found if path.name[:2] in only]
    return found


def key_figure(notebook) -> bytes | None:
    """PNG bytes of the first image output of the cell tagged "gallery", or None."""
    for cell in notebook.cells:
        if TAG in cell.get("metadata", {}).get("tags", []):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data:
                    return base64.b64decode(data["image/png"])
    return None


def run_one(path: Path, env: dict, timeout: int) -> tuple[object, float]:
    """Execute one notebook in a fresh kernel in its own folder; returns (notebook, seconds)."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        start = time.perf_counter()
        client.execute()
        return notebook, time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(old)


def section_times(notebook) -> list[list]:
    """[[heading, seconds], ...]: the time of the code cells under each "## " heading (the
    cells before the first heading count as "start"), from the cell timings nbclient records."""
    from datetime import datetime

    sections = [["start", 0.0]]
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            headings = [line[3:].strip() for line in cell.source.splitlines() if line.startswith("## ")]
            sections += [[heading, 0.0] for heading in headings]
        elif cell.cell_type == "code":
            timing = cell.get("metadata", {}).get("execution", {})
            if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
                begin, end = (datetime.fromisoformat(timing[key].replace("Z", "+00:00"))
                              for key in ("iopub.execute_input", "shell.execute_reply"))
                sections[-1][1] += (end - begin).total_seconds()
    return [[heading, round(seconds, 1)] for heading, seconds in sections]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("only", nargs="*", help="notebook numbers, e.g. 03 07 (default: all)")
    parser.add_argument("--quick", action="store_true", help="NST_QUICK=1 (checks the tool only)")
    parser.add_argument("--publish", action="store_true",
                        help="write docs/gallery/ and the stated times (after a full class-mode run)")
    parser.add_argument("--out", default=str(OUT), help="folder for HTML and PNG (default gallery/)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    args = parser.parse_args(argv)
    if args.publish and args.quick:
        parser.error("--publish needs class-mode runs: no --quick")

    from nbconvert import HTMLExporter

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env.pop("NST_QUICK", None)
    if args.quick:
        env["NST_QUICK"] = "1"
    times, loads, sections, failed = {}, {}, {}, []
    for path in notebooks(args.only):
        print(f"{path.name} ...", end=" ", flush=True)
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        try:
            notebook, seconds = run_one(path, env, args.timeout)
        except Exception as err:  # a failing cell: say which notebook, go on with the others
            print(f"FAILED: {type(err).__name__}: {str(err)[:300]}", flush=True)
            failed.append(path.name)
            continue
        times[path.stem] = round(seconds, 1)
        # The machine's load before and after: a busy machine makes the times longer.
        loads[path.stem] = [round(load_before, 2), round(os.getloadavg()[0], 2)
                            if hasattr(os, "getloadavg") else float("nan")]
        sections[path.stem] = section_times(notebook)
        nbformat.write(notebook, out / f"{path.stem}.ipynb")
        (out / f"{path.stem}.html").write_text(HTMLExporter().from_notebook_node(notebook)[0],
                                               encoding="utf-8")
        png = key_figure(notebook)
        if png:
            (out / f"{path.stem}.png").write_bytes(png)
        print(f"{seconds:6.0f} s" + ("" if png else "  (no cell tagged 'gallery')"), flush=True)
    total = sum(times.values())
    print(f"all: {total / 60:.1f} min; files in {out}")
    if args.publish and not failed:
        from helpers import config

        # NST_PRECISION=float32: the float32 times of most laptops. Those runs publish times
        # only; the pictures come from the runs in the default precision.
        forced_float32 = config.forced_float32()
        PUBLISHED.mkdir(parents=True, exist_ok=True)
        if not forced_float32:
            for name in times:
                if (out / f"{name}.png").is_file():
                    publish_figure((out / f"{name}.png").read_bytes(), PUBLISHED / f"{name}.jpg")
        size = sum(path.stat().st_size for path in PUBLISHED.glob("*.jpg"))  # the whole folder
        if size > PUBLISHED_BUDGET:
            print(f"warning: docs/gallery holds {size / 2**20:.2f} MB, over the 1.5 MB budget")
        float32_times, bf16_times = stated_times(write_times(times, loads, sections,
                                                             float32=forced_float32))
        for name in float32_times:
            set_stated_time(NOTEBOOKS / f"{name}.ipynb", float32_times[name],
                            None if bf16_times is None else bf16_times.get(name))
        for readme in ("README.md", "README.zh.md"):
            set_readme_times(ROOT / readme, float32_times, bf16_times)
        set_readme_pictures(ROOT / "README.md", sorted(path.stem for path in PUBLISHED.glob("*.jpg")))
        saved_argv, sys.argv = sys.argv, [str(ROOT / "docs" / "teachers" / "plans.py")]
        try:  # the lesson plans read the new times.json (plans.py takes no arguments here)
            runpy.run_path(sys.argv[0], run_name="__main__")
        finally:
            sys.argv = saved_argv
        print(f"published {size / 2**10:.0f} KB of pictures and the times; now rebuild the "
              "Chinese edition: python -m tools.zh_edition")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
