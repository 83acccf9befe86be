"""tools.student_edition: solutions become stubs, everything else stays, and the stubs fail the checks."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools import student_edition
from tools.student_edition import MarkerError

ROOT = Path(__file__).resolve().parent.parent

CONTENT_LOSS_CELL = '''import torch

def content_loss(features, target):
    """Relative squared error."""
    # HINT: subtract, square and add up; then divide by the same for the target
    ### BEGIN SOLUTION
    difference = features - target
    return difference.pow(2).sum() / target.pow(2).sum()
    ### END SOLUTION'''

GRAM_CELL = '''def gram_matrix(features):
    n, c, h, w = features.shape
    ### BEGIN SOLUTION
    flat = features.reshape(n, c, h * w)
    return flat @ flat.transpose(1, 2) / (h * w)
    ### END SOLUTION'''

CLOSURE_CELL = '''def make_closure(image, optimizer, loss_fn):
    def closure():
        # HINT: zero the gradients, compute loss_fn(image)["total"], backward, return it
        ### BEGIN SOLUTION
        optimizer.zero_grad()
        total = loss_fn(image)["total"]
        total.backward()
        return total
        ### END SOLUTION
    return closure'''

TOP_LEVEL_CELL = '''# HINT: the "mean" of the pixels
### BEGIN SOLUTION
answer = 42
### END SOLUTION
print(answer)'''

PLAIN_CELL = "x = 1  # no solution here\nprint(x)"
MARKDOWN = "# Exercise\nWrite `content_loss`. Its check is below."
MARKDOWN_SOLUTION = "Answer:\n### BEGIN SOLUTION\nThe Gram matrix forgets positions.\n### END SOLUTION"
CHECK_CELLS = ["from helpers.checks import check_content_loss\ncheck_content_loss(content_loss)",
               "from helpers.checks import check_gram_matrix\ncheck_gram_matrix(gram_matrix)",
               "from helpers.checks import check_closure\ncheck_closure(make_closure)"]


def _notebook():
    cells = [new_markdown_cell(MARKDOWN), new_code_cell(CONTENT_LOSS_CELL), new_code_cell(GRAM_CELL),
             new_code_cell(CLOSURE_CELL), new_code_cell(TOP_LEVEL_CELL), new_code_cell(PLAIN_CELL),
             new_markdown_cell(MARKDOWN_SOLUTION), *[new_code_cell(c) for c in CHECK_CELLS]]
    notebook = new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    notebook.cells[5].outputs = [new_output("stream", name="stdout", text="1\n")]
    notebook.cells[5].execution_count = 3
    return notebook


@pytest.fixture
def folders(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    nbformat.write(_notebook(), source / "03_demo.ipynb")
    return source, tmp_path / "student"


def _built(folders):
    source, out = folders
    written = student_edition.build(source, out)
    assert written == {out / "03_demo.ipynb": 5}
    return nbformat.read(out / "03_demo.ipynb", as_version=4)


def test_regions_replaced_with_indented_stubs_and_hints(folders):
    cells = _built(folders).cells
    assert cells[1].source == CONTENT_LOSS_CELL.split("    ### BEGIN")[0] + (
        '    raise NotImplementedError("Your turn: subtract, square and add up; '
        'then divide by the same for the target")')
    assert "    # HINT: subtract" in cells[1].source  # the hint stays for the student to read
    gram = cells[2].source.split("\n")
    assert gram[-1] == '    raise NotImplementedError("Your turn: ' + student_edition.GENERIC_HINT + '")'
    closure = cells[3].source.split("\n")
    assert closure[-2].startswith('        raise NotImplementedError("Your turn: zero the gradients')
    assert closure[-1] == "    return closure"
    assert cells[4].source.split("\n")[1] == 'raise NotImplementedError("Your turn: the \\"mean\\" of the pixels")'
    for cell in cells:
        assert "BEGIN SOLUTION" not in cell.source and "END SOLUTION" not in cell.source
        assert "flat @ flat" not in cell.source and "total.backward" not in cell.source
        if cell.cell_type == "code":
            ast.parse(cell.source)  # still valid Python
    assert cells[6].source == "Answer:\n*Your turn: write your answer here.*"


def test_other_cells_untouched_and_outputs_cleared(folders):
    full, student = _notebook(), _built(folders)
    assert len(student.cells) == len(full.cells)
    for index in (0, 5, 7, 8, 9):
        assert student.cells[index].source == full.cells[index].source
    assert student.cells[5].outputs == [] and student.cells[5].execution_count is None
    assert student.metadata.kernelspec.name == "python3"
    source, _ = folders
    assert nbformat.read(source / "03_demo.ipynb", as_version=4).cells[5].outputs  # source kept


def _run_cells(cells):
    namespace = {}
    for cell in cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "<cell>", "exec"), namespace)
    return namespace


def test_full_edition_passes_its_checks(folders, capsys):
    source, _ = folders
    _run_cells(nbformat.read(source / "03_demo.ipynb", as_version=4).cells)
    printed = capsys.readouterr().out
    assert "content_loss: all 6 checks passed" in printed and "closure: all 7 checks passed" in printed


@pytest.mark.parametrize("check_index, name", [(7, "content_loss"), (8, "gram_matrix"),
                                               (9, "closure")], ids=lambda v: str(v))
def test_student_check_cells_say_not_done_yet(folders, check_index, name, capsys):
    """On a stub a check cell does not raise: it says so, with the hint, and gives False."""
    student = _built(folders)
    namespace = _run_cells(student.cells[1:4])  # defining the stubbed functions works
    source = student.cells[check_index].source.replace("\ncheck_", "\ndone = check_")
    exec(compile(source, "<check>", "exec"), namespace)
    assert namespace["done"] is False
    printed = capsys.readouterr().out
    assert f"{name}: not done yet" in printed and "NotImplementedError" in printed
    if name == "content_loss":
        assert "Your turn: subtract, square and add up" in printed  # the hint is repeated


@pytest.mark.parametrize("source, words", [
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "never closed"),
    ("def f():\n    return 1\n    ### END SOLUTION\n", "without a"),
    ("### BEGIN SOLUTION\na = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\n", "inside another region"),
])
def test_unbalanced_markers_are_clear_errors(tmp_path, source, words):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell(source)])
    nbformat.write(notebook, folder / "04_bad.ipynb")
    with pytest.raises(MarkerError, match=words) as failure:
        student_edition.build(folder, tmp_path / "student")
    assert "04_bad.ipynb, cell 1, line" in str(failure.value)
    assert not (tmp_path / "student").exists()  # nothing half-built


def test_refuses_to_overwrite_the_source(folders):
    source, _ = folders
    with pytest.raises(ValueError, match="overwrite the solutions"):
        student_edition.build(source, source)


def test_command_line(folders):
    source, out = folders
    done = subprocess.run([sys.executable, "-m", "tools.student_edition", "--source", str(source),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "5 solutions in 1 notebooks" in done.stdout
    assert json.loads((out / "03_demo.ipynb").read_text())["cells"][1]["outputs"] == []


SERIES = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", SERIES, ids=[p.name for p in SERIES])
def test_series_notebooks_build(path):
    """The real notebooks: markers pair up, and each stubbed cell is still valid Python."""
    notebook, _count = student_edition.student_notebook(nbformat.read(path, as_version=4), path.name)
    for cell in notebook.cells:
        if cell.cell_type == "code" and "Your turn" in cell.source:
            code = "\n".join(line for line in cell.source.split("\n")
                             if not line.lstrip().startswith(("%", "!")))
            ast.parse(code)


EXERCISES = [p for p in SERIES if p.name[:2] in {"01", "02", "03", "04", "05", "06", "07", "08"}]


@pytest.mark.parametrize("path", EXERCISES, ids=[p.name for p in EXERCISES])
def test_series_check_cells_say_not_done_yet(path, capsys):
    """Every exercise of the series, stubbed: its check cell prints "not done yet", raises nothing."""
    notebook, count = student_edition.student_notebook(nbformat.read(path, as_version=4), path.name)
    assert count >= 1, f"{path.name} has no exercise"
    stubs = [c.source for c in notebook.cells if c.cell_type == "code" and "Your turn" in c.source]
    checks = [c.source for c in notebook.cells
              if c.cell_type == "code" and c.source.startswith("from helpers.checks import check_")]
    assert len(checks) >= 1 and len(stubs) >= len(checks)
    namespace = {}
    for source in stubs + checks:
        exec(compile(source, path.name, "exec"), namespace)
    printed = capsys.readouterr().out
    assert printed.count("not done yet") == sum(source.count("\ncheck_") for source in checks)


def test_a_student_notebook_runs_to_the_end(tmp_path):
    """The student edition of notebook 01, run top to bottom (quick mode): no cell fails, the check
    says the exercise is not done yet, and the cells after it use the reference and say so."""
    from nbclient import NotebookClient

    written = student_edition.build(ROOT / "notebooks", tmp_path)
    path = next(p for p in written if p.name.startswith("01_"))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    text = "".join(out.get("text", "") for out in outputs)
    assert "to_caffe_input: not done yet" in text
    assert "my_to_caffe_input is not done yet: the cells below use the reference" in text
