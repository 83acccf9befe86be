"""One press of Stop: the notebooks run to their end when a run is stopped early.

Each notebook that optimises is executed (quick mode) with one change: the k-th call of
`optimize_image` meets a KeyboardInterrupt (what Jupyter's Stop sends) at its third loss
evaluation. Then, as for a reader who pressed Stop:
  - no cell fails: the checks that need complete runs say they are skipped (`finished()`);
  - the cell in which the stop happened starts no further run (its loop stopped there).
Every run prints a marker, so the outputs show which cell started which run.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
MARK = "[test run]"

# Replaces optimize_image everywhere a notebook can reach it; call number STOP_AT is stopped.
PATCH = '''
import sys
import helpers
_modules = [helpers, sys.modules["helpers.optimize"], sys.modules["helpers.stylize"]]
_original, _calls = sys.modules["helpers.optimize"].optimize_image, [0]

def _stopping(loss_fn, init, steps, **options):
    _calls[0] += 1
    print("{mark}", _calls[0])
    if _calls[0] != {stop_at}:
        return _original(loss_fn, init, steps, **options)
    evaluations = [0]
    def interrupted_loss(image):
        evaluations[0] += 1
        if evaluations[0] == 3:
            raise KeyboardInterrupt
        return loss_fn(image)
    return _original(interrupted_loss, init, steps, **options)

for _module in _modules:   # (helpers.stylize is also the name of a function: go through sys.modules)
    _module.optimize_image = _stopping
'''

# (notebook, which call to stop): the first run of each notebook, and a later loop.
CASES = [("03", 1), ("04", 1), ("05", 1), ("05", 13), ("06", 1), ("06", 4), ("07", 1), ("08", 1), ("08", 4)]


def output_text(cell) -> str:
    return "".join(out.get("text", "") for out in cell.get("outputs", []) if out["output_type"] == "stream")


@pytest.mark.parametrize("number, stop_at", CASES, ids=[f"{n}-call{k}" for n, k in CASES])
def test_a_stopped_run_ends_its_cell_and_the_notebook_still_runs(number, stop_at, monkeypatch):
    monkeypatch.setenv("NST_QUICK", "1")
    path = next((ROOT / "notebooks").glob(f"{number}_*.ipynb"))
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(PATCH.format(mark=MARK, stop_at=stop_at)))
    # Raises CellExecutionError, naming the cell, if any cell fails.
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()

    texts = [output_text(cell) for cell in notebook.cells if cell.cell_type == "code"]
    stopped = [text for text in texts if "result.interrupted is True" in text]
    assert len(stopped) == 1, f"expected one stopped run, found {len(stopped)}"
    runs_in_that_cell = [line for line in stopped[0].splitlines() if line.startswith(MARK)]
    last = int(runs_in_that_cell[-1].split()[-1])
    assert last == stop_at, (f"the cell went on after the stopped run {stop_at}: it started run "
                             f"{last}. Its loop must end with `if result.interrupted: break`.")
    skipped = sum("the rest of this cell is skipped" in text for text in texts)
    assert skipped >= 1, "no cell said that it skipped its checks after the stopped run"
