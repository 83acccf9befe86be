"""Notebooks are stored without outputs: figures come from running them, never from git."""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stored_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, cell in enumerate(notebook["cells"])
             if cell.get("outputs") or cell.get("execution_count") is not None]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts; clear them"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_numbered_and_linked(path):
    """Each notebook is numbered and its text links to the next one (the series reads in order)."""
    assert path.name[:2].isdigit()
    text = "".join("".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"])
    later = [p.name for p in NOTEBOOKS if p.name > path.name]
    if later:
        assert later[0] in text, f"{path.name} should link to the next notebook, {later[0]}"
