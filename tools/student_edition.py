"""Build the student edition of the notebooks: every solution replaced by a stub.

    python -m tools.student_edition               # notebooks/*.ipynb -> student/*.ipynb
    python -m tools.student_edition --out DIR     # somewhere else

Solutions are marked in code cells with nbgrader's convention, so a teacher can use nbgrader
instead of this script:

    def content_loss(features, target):
        # HINT: subtract, square, add up; divide by the same for the target
        ### BEGIN SOLUTION
        return (features - target).pow(2).sum() / target.pow(2).sum()
        ### END SOLUTION

In the student edition the lines from BEGIN to END (markers included) become one line, at the
indentation of the BEGIN marker:

        raise NotImplementedError("Your turn: subtract, square, add up; divide by ...")

The hint is the `# HINT: ...` comment line just above BEGIN (kept in the cell); without one the
message is generic. In a markdown cell the region becomes "*Your turn: write your answer here.*"
(in the Chinese edition, built from notebooks/zh: "*动手试试：在这里写下你的答案。*"; the code
stubs keep the English hint of their cell, as the code of that edition is the English code).

Run All goes to the end of a student notebook: a check from helpers.checks on a stub prints that
the exercise is not done yet and returns False, and the cells that need the student's function
take `yours_or_reference(my_function, reference)`, which gives the reference and says so
(helpers/checks/stubs.py). tests/test_student_edition.py runs a student notebook to the end.
Every output and execution count is cleared. The edition is built on demand and not committed:
student/ is git-ignored. The source notebooks are only read.

Errors: a BEGIN without its END, an END without a BEGIN, or a BEGIN inside another region raise
MarkerError naming the notebook and the cell.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HINT = re.compile(r"^\s*#\s*HINT:\s*(.*?)\s*$")
GENERIC_HINT = "write this part (see the text above), then run the check cell below"
#: A markdown solution's stub, by the language of the notebooks (notebooks/zh: "zh").
MARKDOWN_STUB = {"en": "*Your turn: write your answer here.*",
                 "zh": "*动手试试：在这里写下你的答案。*"}


class MarkerError(ValueError):
    """Solution markers that do not pair up. The message names the notebook and the cell."""


def stub_source(source: str, where: str = "cell", markdown: bool = False,
                language: str = "en") -> tuple[str, int]:
    """Replace each marked region of one cell's source. Returns (new source, regions replaced).
    `language` picks a markdown region's stub (MARKDOWN_STUB)."""
    out, region_start, replaced = [], None, 0
    lines = source.split("\n")
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == BEGIN:
            if region_start is not None:
                raise MarkerError(f"{where}, line {number}: {BEGIN!r} inside another region "
                                  f"(opened on line {region_start}); close it with {END!r} first.")
            region_start = number
            indent = line[: len(line) - len(line.lstrip())]
            hint_match = HINT.match(out[-1]) if out else None
            hint = hint_match.group(1) if hint_match else GENERIC_HINT
            if markdown:
                out.append(f"{indent}{MARKDOWN_STUB[language]}")
            else:
                message = json.dumps(f"Your turn: {hint}", ensure_ascii=False)
                out.append(f"{indent}raise NotImplementedError({message})")
        elif marker == END:
            if region_start is None:
                raise MarkerError(f"{where}, line {number}: {END!r} without a {BEGIN!r} above it.")
            region_start, replaced = None, replaced + 1
        elif region_start is None:
            out.append(line)
    if region_start is not None:
        raise MarkerError(f"{where}, line {region_start}: {BEGIN!r} is never closed; "
                          f"add {END!r} after the solution.")
    return "\n".join(out), replaced


def student_notebook(notebook, name: str = "notebook",
                     language: str = "en") -> tuple[nbformat.NotebookNode, int]:
    """A copy of `notebook` with solutions stubbed and outputs cleared; and how many regions."""
    notebook = copy.deepcopy(notebook)
    total = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type in {"code", "markdown"}:
            cell.source, count = stub_source(cell.source, f"{name}, cell {index}",
                                             markdown=cell.cell_type == "markdown",
                                             language=language)
            total += count
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return notebook, total


def language_of(source: Path) -> str:
    """"zh" for the Chinese edition's folder (notebooks/zh, or any folder named zh), else "en"."""
    return "zh" if Path(source).resolve().name == "zh" else "en"


def build(source: Path = ROOT / "notebooks", out: Path = ROOT / "student") -> dict[Path, int]:
    """Write the student edition of every source/*.ipynb into `out`. Returns {file: regions}.
    A markdown stub is in the language of the folder (language_of)."""
    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise ValueError(f"--out {out} is the source folder: that would overwrite the solutions")
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {source}")
    # Check every notebook before writing any, so a marker error leaves no half-built edition.
    language = language_of(source)
    editions = {path: student_notebook(nbformat.read(path, as_version=4), path.name, language)
                for path in notebooks}
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for path, (notebook, count) in editions.items():
        target = out / path.name
        nbformat.write(notebook, target)
        written[target] = count
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.student_edition",
                                     description="Build the student edition (solutions stubbed).")
    parser.add_argument("--out", type=Path, default=ROOT / "student",
                        help="output folder (default: student/, git-ignored)")
    parser.add_argument("--source", type=Path, default=ROOT / "notebooks",
                        help="folder of the full notebooks (default: notebooks/)")
    args = parser.parse_args(argv)
    try:
        written = build(args.source, args.out)
    except (MarkerError, ValueError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for path, count in written.items():
        print(f"{path}: {count} solution(s) replaced")
    print(f"{sum(written.values())} solutions in {len(written)} notebooks -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
