"""Build the Chinese edition: notebooks/zh/NN_name.ipynb from each English notebook and its catalogue.

    .venv/bin/python -m tools.zh_edition            # write notebooks/zh/*.ipynb
    .venv/bin/python -m tools.zh_edition --check    # exit 1 if a committed one differs, or a cell
                                                    # still needs its translation (and say which)

The English notebooks are the source; notebooks/zh/catalogue/NN_name.md holds the Chinese of
their markdown cells (tools/zh_catalogue.py: the format, `update`, `status`). A Chinese notebook
is the English one, cell for cell, with the same ids, tags and metadata, and:

- every markdown cell from its catalogue block; a cell without a current translation keeps its
  English text, so a half-translated catalogue still builds (tests/test_zh_edition.py fails
  until every cell is translated);
- `{minutes}` and `{minutes_bf16}` filled in with the English cell's "Takes about N minutes
  on a laptop CPU (M minutes with bfloat16)" (tools/gallery.py measures both), so a new time
  needs no translator, only a rebuild;
- links and images written for the deeper folder: a path is read from notebooks/ (as in the
  English cell, and as the translators copy it) and rewritten from notebooks/zh/
  (../docs/x.md -> ../../docs/x.md); a link to a notebook of the series, NN_name.ipynb, stays
  as it is and so opens its Chinese edition;
- every code cell exactly as in English except the declared setup cell, the first code cell,
  which begins with SETUP_LINE: it selects the language of the helpers' messages
  (helpers.config.set_language, helpers/messages/);
- no outputs, execution_count null; written as nbformat writes (indent 1, sorted keys), with
  the Chinese as UTF-8 text (ensure_ascii=False).

The notebooks run from notebooks/zh/ like the English ones from notebooks/: they find the
repository through helpers (config.REPO_ROOT, config.CONTENT_DIR, ...), never through the current
folder, and `helpers` comes from the editable install (pip install -e .). nbval collects them
(testpaths: notebooks). The student edition of the Chinese notebooks:
python -m tools.student_edition --source notebooks/zh --out student/zh.
"""

from __future__ import annotations

import argparse
import copy
import json
import posixpath
import re
import sys
from pathlib import Path

from tools.zh_catalogue import CATALOGUE, NOTEBOOKS, TIME_LINE, TODO, key, parse

OUT = NOTEBOOKS / "zh"
#: The first line of the first code cell in the Chinese edition: the one code that differs.
SETUP_LINE = ('from helpers import config; config.set_language("zh")  '
              '# 中文版：检查、报错、进度条和探索器说中文；图中的标签仍用英文')
#: Where a markdown cell points: [text](target), ![alt](target), src="target", href="target".
LINK = re.compile(r'(\]\(\s*<?|\b(?:src|href)=")([^)\s>"]+)')
SERIES_NOTEBOOK = re.compile(r"\d\d_[^/]*\.ipynb")


def english_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The series' notebooks in order (the same glob as tools/gallery.py: not notebooks/zh/)."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def rewrite_target(target: str) -> str:
    """A link target of an English cell (relative to notebooks/) as seen from notebooks/zh/."""
    path, hash_, fragment = target.partition("#")
    if (not path or path.startswith("/") or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", path)
            or SERIES_NOTEBOOK.fullmatch(path)):
        return target  # an anchor, an absolute path, a URL, or a sibling notebook
    moved = posixpath.relpath(posixpath.normpath(posixpath.join("notebooks", path)),
                              "notebooks/zh")
    return moved + hash_ + fragment


def rewrite_links(markdown: str) -> str:
    return LINK.sub(lambda m: m.group(1) + rewrite_target(m.group(2)), markdown)


def fill_minutes(chinese: str, english: str) -> str:
    """`{minutes}` and `{minutes_bf16}` in the Chinese text -> the numbers of the English
    "Takes about N minutes on a laptop CPU (M minutes with bfloat16)" (M: N when not stated)."""
    found = TIME_LINE.search(english)
    if not found:
        return chinese
    return (chinese.replace("{minutes_bf16}", found.group(2) or found.group(1))
            .replace("{minutes}", found.group(1)))


def chinese_markdown(english: str, blocks: dict[str, str]) -> str:
    """The Chinese of one English markdown cell (the English when not translated yet)."""
    block = blocks.get(key(english))
    text = english if block is None or TODO in block else fill_minutes(block, english)
    return rewrite_links(text)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def build_notebook(english: Path, catalogue: Path = CATALOGUE) -> dict:
    """The Chinese notebook for `english`, as a JSON dict (nothing is written)."""
    notebook = json.loads(english.read_text(encoding="utf-8"))
    path = catalogue / f"{english.stem}.md"
    blocks = parse(path.read_text(encoding="utf-8")) if path.is_file() else {}
    out = copy.deepcopy(notebook)
    setup_done = False
    for cell in out["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            cell["source"] = _lines(chinese_markdown(source, blocks))
        elif cell["cell_type"] == "code":
            if not setup_done:
                source, setup_done = f"{SETUP_LINE}\n{source}", True
            cell["source"] = _lines(source)
            cell["outputs"], cell["execution_count"] = [], None
    out["metadata"]["zh_edition"] = {
        "source": f"notebooks/{english.name}", "catalogue": f"notebooks/zh/catalogue/{path.name}",
        "built_by": "python -m tools.zh_edition (do not edit: edit the catalogue and rebuild)"}
    return out


def notebook_text(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build(source: Path = NOTEBOOKS, catalogue: Path = CATALOGUE, out: Path = OUT) -> list[Path]:
    """Write out/NN_name.ipynb for every English notebook in `source`. Returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for english in english_notebooks(source):
        target = out / english.name
        target.write_text(notebook_text(build_notebook(english, catalogue)), encoding="utf-8")
        written.append(target)
    return written


def differences(source: Path = NOTEBOOKS, catalogue: Path = CATALOGUE,
                out: Path = OUT) -> list[str]:
    """What differs between the committed Chinese notebooks and a fresh build (empty: none)."""
    wanted = {e.name: notebook_text(build_notebook(e, catalogue)) for e in english_notebooks(source)}
    found = {p.name for p in out.glob("*.ipynb")}
    problems = [f"{name}: missing in {out}" for name in sorted(set(wanted) - found)]
    problems += [f"{name}: in {out} but there is no English notebooks/{name}"
                 for name in sorted(found - set(wanted))]
    problems += [f"{name}: differs from what the build makes" for name in sorted(set(wanted) & found)
                 if (out / name).read_text(encoding="utf-8") != wanted[name]]
    return problems


def to_translate(english: Path, catalogue: Path = CATALOGUE) -> dict[str, list[str]]:
    """The cells of `english` without a current translation, and the blocks nothing uses.

    {"missing": ["cell 12 (key 3f2a9c1e0b7d): ## 3. The Gram matrix", ...],
     "stale": ["block 0c1d2e3f4a5b (no English cell has this key)", ...],
     "minutes": [cells whose Chinese lacks {minutes} or {minutes_bf16} though the English
                 states that time]}
    """
    path = catalogue / f"{english.stem}.md"
    blocks = parse(path.read_text(encoding="utf-8")) if path.is_file() else {}
    cells = json.loads(english.read_text(encoding="utf-8"))["cells"]
    report, keys = {"missing": [], "stale": [], "minutes": []}, set()
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        cell_key = key(source)
        keys.add(cell_key)
        first = next((line for line in source.splitlines() if line.strip()), "")[:70]
        where = f"cell {index} (key {cell_key}): {first}"
        block = blocks.get(cell_key)
        if block is None or TODO in block:
            report["missing"].append(where)
        elif (stated := TIME_LINE.search(source)) and (
                "{minutes}" not in block or (stated.group(2) and "{minutes_bf16}" not in block)):
            report["minutes"].append(where)
    report["stale"] = [f"block {k} (no English cell has this key)" for k in blocks if k not in keys]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.zh_edition", description=__doc__.split(
        "\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if notebooks/zh/ is not what the build makes")
    args = parser.parse_args(argv)
    if args.check:
        problems = differences()
        for notebook in english_notebooks():
            todo = to_translate(notebook)
            problems += [f"{notebook.name}: to translate: {line}" for line in todo["missing"]]
        print("\n".join(problems) or "notebooks/zh/ is up to date")
        return 1 if problems else 0
    for path in build():
        print(f"wrote {path.relative_to(NOTEBOOKS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
