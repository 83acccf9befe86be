"""tools/gallery.py: the key figure is found, the measured times are written where they are
stated. (Running the notebooks themselves is what the gallery command does; not here.)"""

import base64
import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools import gallery

PNG = base64.b64encode(b"\x89PNG fake").decode()


def test_key_figure_is_the_tagged_cells_first_image():
    plain = new_code_cell("x", outputs=[new_output("display_data", data={"image/png": PNG})])
    tagged = new_code_cell("y", metadata={"tags": ["gallery"]}, outputs=[
        new_output("stream", name="stdout", text="hi"),
        new_output("display_data", data={"image/png": base64.b64encode(b"key").decode()})])
    assert gallery.key_figure(new_notebook(cells=[plain, tagged])) == b"key"
    assert gallery.key_figure(new_notebook(cells=[plain])) is None


def test_stated_times_are_rewritten(tmp_path):
    path = tmp_path / "03_x.ipynb"
    nb = new_notebook(cells=[new_markdown_cell("**Takes about 9 minutes on a laptop CPU.** Go.")])
    nbformat.write(nb, path)
    assert gallery.set_stated_time(path, 61)
    assert "Takes about 2 minutes on a laptop CPU." in path.read_text()
    assert not gallery.set_stated_time(path, 100)  # still 2 minutes: unchanged
    assert gallery.minutes_text(20) == "Takes about 1 minute on a laptop CPU"

    readme = tmp_path / "README.md"
    readme.write_text("| # | notebook | what | minutes |\n|---|---|---|---|\n"
                      "| 03 | [x](x) | a \\| b | 9 |\n| 04 | [y](y) | c | 5 |\n")
    gallery.set_readme_times(readme, {"03_x": 125.0})
    assert readme.read_text().splitlines()[2].endswith("| 3 |")
    assert readme.read_text().splitlines()[3].endswith("| 5 |")  # not measured: unchanged


def test_every_notebook_has_one_key_figure():
    for path in gallery.notebooks():
        cells = nbformat.read(path, as_version=4).cells
        tagged = [c for c in cells if "gallery" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: tag exactly one figure cell 'gallery'"
        assert tagged[0].cell_type == "code"
