"""The Chinese catalogue of a notebook: one block of 简体中文 per English markdown cell.

    .venv/bin/python -m tools.zh_catalogue update 03       # add blocks for new cells, list stale ones
    .venv/bin/python -m tools.zh_catalogue status          # per notebook: translated, missing, stale
    .venv/bin/python -m tools.zh_edition                   # then build notebooks/zh/ (zh_edition.py)

The English notebooks are the source. notebooks/zh/catalogue/NN_name.md holds the Chinese text,
one block per English markdown cell, keyed by a hash of that cell's source:

    <!-- en 3f2a9c1e0b7d -->
    中文的 markdown ...

A changed English cell gets a new key, so its old translation no longer matches (it is "stale")
and the cell is "missing" until it is translated again. `update` appends a block for every
missing cell with the English text in it, marked TODO, for a translator to replace.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CATALOGUE = NOTEBOOKS / "zh" / "catalogue"
TODO = "TODO: translate"
BLOCK = re.compile(r"^<!-- en ([0-9a-f]{12}) -->\n", re.MULTILINE)


#: The stated times change with every gallery run (tools/gallery.py); they are not part of the
#: key. "Takes about N minutes on a laptop CPU (M minutes with bfloat16)": N is measured in
#: float32 (most laptops), M with bfloat16 (CPUs that compute it natively). In the Chinese text
#: write {minutes} for N and {minutes_bf16} for M: the build fills them in.
TIME_LINE = re.compile(r"Takes about (\d+) minutes? on a laptop CPU"
                       r"(?: \((\d+) minutes? with bfloat16\))?")


def key(source: str) -> str:
    """The key of an English markdown cell: the first 12 hex digits of SHA-256 of its source,
    with the measured minutes left out."""
    source = TIME_LINE.sub("Takes about N minutes on a laptop CPU", source)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def english_cells(notebook: Path) -> list[tuple[str, str]]:
    """[(key, source)] of the notebook's markdown cells, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    return [(key(s), s) for s in sources]


def parse(text: str) -> dict[str, str]:
    """{key: Chinese markdown} of a catalogue file (text before the first block is a header)."""
    parts = BLOCK.split(text)
    return {k: body.strip("\n") for k, body in zip(parts[1::2], parts[2::2])}


def catalogue_path(notebook: Path) -> Path:
    return CATALOGUE / f"{notebook.stem}.md"


def status(notebook: Path) -> dict[str, list[str]]:
    """Which keys are translated, missing (no block, or still TODO) and stale (no such cell)."""
    path = catalogue_path(notebook)
    blocks = parse(path.read_text(encoding="utf-8")) if path.is_file() else {}
    wanted = [k for k, _ in english_cells(notebook)]
    done = [k for k in wanted if k in blocks and TODO not in blocks[k]]
    return {"translated": done, "missing": [k for k in wanted if k not in done],
            "stale": [k for k in blocks if k not in wanted]}


def update(notebook: Path) -> Path:
    """Append a TODO block (with the English text) for every cell without one."""
    path = catalogue_path(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.is_file() else (
        f"# {notebook.stem}: 简体中文\n\nOne block per English markdown cell of "
        f"notebooks/{notebook.name}; see tools/zh_catalogue.py.\n\n")
    blocks = parse(text)
    for k, source in english_cells(notebook):
        if k not in blocks:
            text = text.rstrip("\n") + f"\n\n<!-- en {k} -->\n{TODO}\n\n{source}\n"
            blocks[k] = source
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    command, *numbers = argv or ["status"]
    notebooks = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if numbers:
        notebooks = [n for n in notebooks if n.name[:2] in numbers]
    for notebook in notebooks:
        if command == "update":
            update(notebook)
        found = status(notebook)
        print(f"{notebook.stem:<36} translated {len(found['translated']):>3}  "
              f"missing {len(found['missing']):>3}  stale {len(found['stale']):>3}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
