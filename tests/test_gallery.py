"""tools/gallery.py: the key figure is found, the measured times are written where they are
stated. (Running the notebooks themselves is what the gallery command does; not here.)"""

import base64
import json
import math

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools import gallery, gallery_publish

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
    # float32 and bfloat16, then again: the whole line is replaced, not grown.
    for _ in range(2):
        gallery.set_stated_time(path, 200, 61)
        text = path.read_text()
        assert "Takes about 4 minutes on a laptop CPU (2 minutes with bfloat16).** Go." in text
        assert text.count("bfloat16") == 1
    assert gallery.minutes_text(20, 20) == "Takes about 1 minute on a laptop CPU (1 minute with bfloat16)"

    readme = tmp_path / "README.md"
    readme.write_text("| # | notebook | what | minutes |\n|---|---|---|---|\n"
                      "| 03 | [x](x) | a \\| b | 9 |\n| 04 | [y](y) | c | 5 |\n")
    gallery.set_readme_times(readme, {"03_x": 125.0})
    assert readme.read_text().splitlines()[2].endswith("| 3 |")
    assert readme.read_text().splitlines()[3].endswith("| 5 |")  # not measured: unchanged
    readme.write_text("| # | notebook | minutes | with bfloat16 |\n|---|---|---|---|\n"
                      "| 03 | [x](x) | 9 | 9 |\n| 04 | [y](y) | 5 | 5 |\n")
    gallery.set_readme_times(readme, {"03_x": 125.0}, {"03_x": 61.0})
    assert readme.read_text().splitlines()[2] == "| 03 | [x](x) | 3 | 2 |"
    assert readme.read_text().splitlines()[3] == "| 04 | [y](y) | 5 | 5 |"


def test_float32_runs_go_to_their_own_keys(tmp_path, monkeypatch):
    monkeypatch.setattr(gallery_publish, "PUBLISHED", tmp_path)
    gallery_publish.write_times({"01_a": 10.0, "02_b": 20.0}, {}, {})
    assert gallery_publish.stated_times(json.loads((tmp_path / "times.json").read_text())) \
        == ({"01_a": 10.0, "02_b": 20.0}, None)  # a machine without bfloat16: one time
    known = gallery_publish.write_times({"01_a": 15.0}, {}, {}, float32=True)
    assert known["seconds"] == {"01_a": 10.0, "02_b": 20.0}  # the default runs are kept
    assert gallery_publish.stated_times(known) == ({"01_a": 15.0}, {"01_a": 10.0, "02_b": 20.0})


def test_every_notebook_has_one_key_figure():
    for path in gallery.notebooks():
        cells = nbformat.read(path, as_version=4).cells
        tagged = [c for c in cells if "gallery" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: tag exactly one figure cell 'gallery'"
        assert tagged[0].cell_type == "code"


def test_stated_times_are_the_measured_ones():
    """Every notebook's "Takes about N minutes ... (M minutes with bfloat16)" and the README's
    table come from the last `python3 tasks.py gallery --publish` runs (docs/gallery/times.json):
    N from the float32 runs, M from the runs in this machine's default precision (bfloat16)."""
    known = json.loads((gallery.PUBLISHED / "times.json").read_text())
    assert "seconds_float32" in known, "measure the float32 times: NST_PRECISION=float32"
    float32, bf16 = gallery_publish.stated_times(known)
    for path in gallery.notebooks():
        assert path.stem in float32 and path.stem in bf16, (
            f"{path.name} has no measured time: run `python3 tasks.py gallery --publish` on an "
            "idle machine, with and without NST_PRECISION=float32")
        stated = gallery.minutes_text(float32[path.stem], bf16[path.stem])
        assert stated in path.read_text(), f"{path.name} states another time than: {stated}"
        minutes = [max(1, math.ceil(times[path.stem] / 60)) for times in (float32, bf16)]
        for name in ("README.md", "README.zh.md"):
            text = (gallery.ROOT / name).read_text()
            row = next(line for line in text.splitlines() if line.startswith(f"| {path.name[:2]} |"))
            assert row.rstrip().endswith(f"| {minutes[0]} | {minutes[1]} |"), \
                f"{name}'s row for {path.name[:2]}: {row}"


def test_section_times_add_up_the_cells_under_each_heading():
    def timed(start, end):
        return new_code_cell("x", metadata={"execution": {
            "iopub.execute_input": f"2026-12-01T10:00:{start:02d}.000000Z",
            "shell.execute_reply": f"2026-12-01T10:00:{end:02d}.500000Z"}})

    nb = new_notebook(cells=[timed(0, 1), new_markdown_cell("## 1. One\ntext\n### a sub-heading"),
                             timed(2, 4), timed(5, 5), new_markdown_cell("## Try it"),
                             new_code_cell("never run")])
    assert gallery.section_times(nb) == [["start", 1.5], ["1. One", 2.5 + 0.5], ["Try it", 0.0]]


def test_published_section_times_cover_each_notebook():
    """The teacher's kit plans lessons with the section times: they must add up to about the
    notebook's measured time (the rest is starting the kernel and drawing between cells)."""
    published = json.loads((gallery.PUBLISHED / "times.json").read_text())
    for path in gallery.notebooks():
        sections = published["sections"][path.stem]
        assert sections[0][0] == "start" and len(sections) > 2, path.name
        assert 0.5 * published["seconds"][path.stem] < sum(s for _, s in sections) \
            <= published["seconds"][path.stem], path.name


def test_readme_pictures_are_written_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{gallery.PICTURES_START}\nold\n{gallery.PICTURES_END}\n## next\n")
    gallery.set_readme_pictures(readme, ["01_a", "02_b", "03_c"])
    lines = readme.read_text().splitlines()
    assert lines[0] == "# x" and lines[-1] == "## next" and "old" not in lines
    assert lines.count(gallery.PICTURES_START) == 1 and lines.count(gallery.PICTURES_END) == 1
    rows = [line for line in lines if "docs/gallery/" in line]
    assert len(rows) == 2 and "02_b.jpg" in rows[0] and "03_c.jpg" in rows[1]
    assert 'href="notebooks/03_c.ipynb"' in rows[1]
    readme.write_text("no markers\n")
    with pytest.raises(SystemExit, match="add the lines"):
        gallery.set_readme_pictures(readme, ["01_a"])


def test_readme_shows_every_notebooks_published_picture():
    readme = (gallery.ROOT / "README.md").read_text()
    assert gallery.PICTURES_START in readme, "README has no pictures table"
    table = readme.split(gallery.PICTURES_START)[1].split(gallery.PICTURES_END)[0]
    for path in gallery.notebooks():
        picture = gallery.PUBLISHED / f"{path.stem}.jpg"
        assert picture.is_file() and f"docs/gallery/{path.stem}.jpg" in table, path.name
    size = sum(p.stat().st_size for p in gallery.PUBLISHED.glob("*.jpg"))
    assert size <= gallery.PUBLISHED_BUDGET, f"docs/gallery holds {size / 2**20:.2f} MB"
