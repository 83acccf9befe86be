"""The Chinese edition (简体中文) and the helpers' messages in two languages.

- Every English markdown cell has a current translation in notebooks/zh/catalogue/ (a real test:
  it fails, listing the cells per notebook, until the translators have caught up), and the test
  can fail: a changed English cell in a copy is listed.
- The committed notebooks/zh/*.ipynb are exactly what tools/zh_edition.py builds: the English
  cells, translated markdown, code unchanged but for the declared setup cell.
- They are notebooks of the series for pytest (nbval runs them in quick mode: testpaths), the
  catalogue files are not; tools/gallery.py leaves them out; the student edition builds them.
- Every message the helpers pass to `say` has its Chinese, with the same fields; with the
  language set to zh a check and an error speak Chinese, by default English.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from helpers import config, messages
from tools import gallery, student_edition, zh_catalogue, zh_edition

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = zh_edition.english_notebooks()
IDS = [p.name for p in ENGLISH]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


# --- the catalogue is complete and current -----------------------------------------------------

def _todo_message(english: Path, report: dict) -> str:
    number = english.name[:2]
    lines = [f"notebooks/zh/catalogue/{english.stem}.md is not current for {english.name}:"]
    for title, kind in (("to translate (no block, or still TODO)", "missing"),
                        ("delete (their English cell has changed or gone)", "stale"),
                        ("write {minutes} where the stated time goes", "minutes")):
        if report[kind]:
            lines += [f"  {title}:"] + [f"    {entry}" for entry in report[kind]]
    lines += ["Then:",
              f"  .venv/bin/python -m tools.zh_catalogue update {number}   # a TODO block per "
              "cell to translate, with its English",
              "  (replace each TODO block with the Chinese; delete the stale blocks)",
              "  .venv/bin/python -m tools.zh_edition                # rebuild notebooks/zh/"]
    return "\n".join(lines)


def test_there_are_english_notebooks_and_catalogues():
    assert ENGLISH and all(p.parent == zh_edition.NOTEBOOKS for p in ENGLISH)
    assert not [p for p in ENGLISH if p.parent.name == "zh"]


@pytest.mark.parametrize("english", ENGLISH, ids=IDS)
def test_every_english_cell_has_a_current_translation(english):
    report = zh_edition.to_translate(english)
    if any(report.values()):
        pytest.fail(_todo_message(english, report), pytrace=False)


def _copy(tmp_path: Path, english: Path) -> tuple[Path, Path]:
    source, catalogue = tmp_path / "notebooks", tmp_path / "notebooks" / "zh" / "catalogue"
    catalogue.mkdir(parents=True)
    shutil.copy(english, source / english.name)
    shutil.copy(zh_catalogue.CATALOGUE / f"{english.stem}.md", catalogue)
    return source / english.name, catalogue


def test_a_changed_english_cell_is_listed(tmp_path):
    """The test above can fail: change one English cell of a copy, and that cell (and only it)
    is listed to translate, its old block as stale; the build keeps its English meanwhile."""
    english, catalogue = _copy(tmp_path, ENGLISH[2])
    assert not any(zh_edition.to_translate(english, catalogue).values())  # current before
    notebook = json.loads(english.read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(notebook["cells"])
                 if c["cell_type"] == "markdown" and i > 0)
    old_key = zh_catalogue.key(_source(notebook["cells"][index]))
    notebook["cells"][index]["source"] = _source(notebook["cells"][index]) + "\n\nA new sentence."
    english.write_text(zh_edition.notebook_text(notebook), encoding="utf-8")

    report = zh_edition.to_translate(english, catalogue)
    new_key = zh_catalogue.key(_source(notebook["cells"][index]))
    assert report["missing"] == [report["missing"][0]] and report["missing"][0].startswith(
        f"cell {index} (key {new_key}): ")
    assert report["stale"] == [f"block {old_key} (no English cell has this key)"]
    message = _todo_message(english, report)
    assert f"cell {index} (key {new_key})" in message and "tools.zh_catalogue update" in message

    built = zh_edition.build_notebook(english, catalogue)["cells"]
    assert _source(built[index]).endswith("A new sentence.")  # English until translated
    assert CJK.search(_source(built[0]))                      # the others stay Chinese


def test_the_stated_time_is_the_english_one(tmp_path):
    english, catalogue = _copy(tmp_path, ENGLISH[0])
    text = english.read_text(encoding="utf-8")
    assert zh_catalogue.TIME_LINE.search(text), "notebook 01 states its time"
    english.write_text(zh_catalogue.TIME_LINE.sub("Takes about 7 minutes on a laptop CPU", text),
                       encoding="utf-8")
    assert not any(zh_edition.to_translate(english, catalogue).values())  # the key ignores it
    first = _source(zh_edition.build_notebook(english, catalogue)["cells"][0])
    assert "7" in first and "{minutes}" not in first


# --- the committed edition is the build --------------------------------------------------------

def test_the_committed_edition_is_what_the_build_makes():
    problems = zh_edition.differences()
    if problems:
        pytest.fail("notebooks/zh/ is not what the build makes:\n  " + "\n  ".join(problems)
                    + "\nRebuild it: .venv/bin/python -m tools.zh_edition", pytrace=False)


@pytest.mark.parametrize("english", ENGLISH, ids=IDS)
def test_only_the_setup_cell_differs_in_code(english):
    chinese = zh_edition.OUT / english.name
    if not chinese.is_file():
        pytest.fail(f"{chinese} is missing: .venv/bin/python -m tools.zh_edition", pytrace=False)
    en_cells, zh_cells = _cells(english), _cells(chinese)
    assert [(c["cell_type"], c.get("id"), c["metadata"]) for c in en_cells] == \
           [(c["cell_type"], c.get("id"), c["metadata"]) for c in zh_cells]
    code = [(e, z) for e, z in zip(en_cells, zh_cells) if e["cell_type"] == "code"]
    first_en, first_zh = code[0]
    assert _source(first_zh) == f"{zh_edition.SETUP_LINE}\n{_source(first_en)}"
    assert [_source(z) for _, z in code[1:]] == [_source(e) for e, _ in code[1:]]
    assert all(z["outputs"] == [] and z["execution_count"] is None for _, z in code)
    translated = [z for z in zh_cells if z["cell_type"] == "markdown" and CJK.search(_source(z))]
    assert translated, f"{chinese.name} has no Chinese markdown"


def test_the_setup_line_selects_chinese():
    before = config._language
    try:
        exec(zh_edition.SETUP_LINE, {})
        assert config.language() == "zh"
    finally:
        config._language = before


@pytest.mark.parametrize(("target", "moved"), [
    ("../docs/symbols.md", "../../docs/symbols.md"),
    ("../docs/symbols.md#gram", "../../docs/symbols.md#gram"),
    ("../README.md", "../../README.md"),
    ("../images/content/chelsea.jpg", "../../images/content/chelsea.jpg"),
    ("outputs/result.png", "../outputs/result.png"),
    ("02_inside_vgg.ipynb", "02_inside_vgg.ipynb"),
    ("02_inside_vgg.ipynb#summary", "02_inside_vgg.ipynb#summary"),
    ("#summary", "#summary"),
    ("https://arxiv.org/abs/1508.06576", "https://arxiv.org/abs/1508.06576"),
])
def test_links_are_rewritten_for_the_deeper_folder(target, moved):
    assert zh_edition.rewrite_target(target) == moved
    assert zh_edition.rewrite_links(f"see [this]({target}) and <img src=\"{target}\">") == \
        f"see [this]({moved}) and <img src=\"{moved}\">"


def test_every_relative_link_of_the_edition_resolves():
    broken = []
    for chinese in sorted(zh_edition.OUT.glob("*.ipynb")):
        for index, cell in enumerate(_cells(chinese)):
            if cell["cell_type"] != "markdown":
                continue
            for _, target in zh_edition.LINK.findall(_source(cell)):
                path = target.partition("#")[0]
                if path and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", path) and \
                        not (chinese.parent / path).exists():
                    broken.append(f"{chinese.name}, cell {index}: {target}")
    assert not broken, "links that lead nowhere from notebooks/zh/:\n" + "\n".join(broken)


# --- the edition among the other tools ---------------------------------------------------------

def test_pytest_collects_the_chinese_notebooks_not_the_catalogue():
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0",
                           "notebooks"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTEST_ADDOPTS": ""})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    files = {line.split("::")[0] for line in done.stdout.splitlines() if "::" in line}
    wanted = {f"notebooks/zh/{p.name}" for p in ENGLISH} | {f"notebooks/{p.name}" for p in ENGLISH}
    assert wanted <= files, sorted(wanted - files)
    assert not [f for f in files if not f.endswith(".ipynb")], files


def test_the_gallery_runs_only_the_english_notebooks():
    assert gallery.notebooks() == ENGLISH


def test_the_student_edition_of_the_chinese_notebooks(tmp_path):
    english = student_edition.build(zh_edition.NOTEBOOKS, tmp_path / "en")
    chinese = student_edition.build(zh_edition.OUT, tmp_path / "zh")
    assert {p.name: n for p, n in chinese.items()} == {p.name: n for p, n in english.items()}
    first = json.loads(next(p for p in chinese if p.name.startswith("01_")).read_text("utf-8"))
    code = [_source(c) for c in first["cells"] if c["cell_type"] == "code"]
    assert code[0].startswith(zh_edition.SETUP_LINE) and any("Your turn" in c for c in code)


# --- the messages ------------------------------------------------------------------------------

def _say_calls():
    """(file:line, English template) of every say(...) in helpers whose text is a literal or a
    module-level string constant."""
    found = []
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {target.id: node.value.value for node in tree.body
                     if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                     and isinstance(node.value.value, str)
                     for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("say", "listed") \
                    and node.args:
                text = node.args[0]
                where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    found.append((where, text.value))
                elif isinstance(text, ast.Name) and text.id in constants:
                    found.append((where, constants[text.id]))
                elif path.name != "__init__.py" or path.parent.name != "messages":
                    found.append((where, None))
    return found


SAID = _say_calls()


def test_the_checker_sees_the_messages():
    files = {where.split(":")[0] for where, _ in SAID}
    assert {"helpers/inputs.py", "helpers/optimize.py", "helpers/checks/base.py",
            "helpers/checks/stubs.py", "helpers/weights/caffe.py", "helpers/messages/notes.py",
            "helpers/widgets/explore_runs.py"} <= files, files
    assert len({text for _, text in SAID}) >= 80


def test_every_message_has_its_chinese_with_the_same_fields():
    chinese = messages.CATALOGUES["zh"]
    problems = []
    for where, english in SAID:
        if english is None:
            problems.append(f"{where}: say() needs the English as a literal string (its key)")
        elif english not in chinese:
            problems.append(f"{where}: no Chinese for {english!r}")
        elif messages.fields_of(english) != messages.fields_of(chinese[english]):
            problems.append(f"{where}: the Chinese of {english!r} has the fields "
                            f"{sorted(messages.fields_of(chinese[english]))}, not "
                            f"{sorted(messages.fields_of(english))}")
    assert not problems, ("add or fix these in helpers/messages/zh_*.py:\n" + "\n".join(problems))


def test_no_chinese_without_its_english():
    used = {text for _, text in SAID}
    parts = messages.ZH_PARTS
    unused = [f"{name}: {key!r}" for name, table in parts.items() for key in table if key not in used]
    assert not unused, "translations of messages the helpers no longer say:\n" + "\n".join(unused)
    keys = [key for table in parts.values() for key in table]
    assert len(keys) == len(set(keys)), "a message is in two of helpers/messages/zh_*.py"


def test_the_progress_labels():
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "helpers").rglob("*.py"))
    for english, chinese in messages.PROGRESS.items():
        assert english.split("{")[0] in source, f"no progress bar is labelled {english!r}"
        assert messages.fields_of(english) == messages.fields_of(chinese)


def _bad_content_loss(features, target):
    return features.sub_(target).pow(2).sum() / target.pow(2).sum()   # changes its input


def _check_failure() -> str:
    from helpers.checks import CheckFailed, check_content_loss
    with pytest.raises(CheckFailed) as caught:
        check_content_loss(_bad_content_loss)
    return str(caught.value)


def _image_error() -> str:
    from helpers import ImageError, check_image
    with pytest.raises(ImageError) as caught:
        check_image(torch.rand(1, 3, 8, 8) * 255, "photo")
    return str(caught.value)


def test_a_check_and_an_error_speak_chinese_in_the_chinese_edition(chinese, capsys):
    from helpers.checks import check_content_loss
    from helpers.losses import content_loss
    from helpers.weights.torchvision_imagenet import _offline_message

    assert _check_failure().startswith("content_loss: 原地修改了输入 `features`。")
    assert check_content_loss(content_loss) is True
    assert re.search(r"content_loss：全部 \d+ 项检查都通过了", capsys.readouterr().out)

    def stub(features, target):
        raise NotImplementedError("Your turn: subtract, square, add up")
    assert check_content_loss(stub) is False
    assert "content_loss：还没有完成" in capsys.readouterr().out

    error = _image_error()
    assert error.startswith("photo 的取值从") and "请除以 255（photo / 255）" in error
    offline = _offline_message("vgg19", Path("/hub/vgg19.pth"), "https://x/vgg19.pth")
    assert "离线课堂" in offline and "NST_WEIGHTS=random" in offline
    assert messages.translate("content from relu4_2") == "由 relu4_2 重建内容"


def test_english_by_default(monkeypatch):
    monkeypatch.setattr(config, "_language", None)
    monkeypatch.delenv("NST_LANG", raising=False)
    assert config.language() == "en"
    assert _check_failure().startswith("content_loss: changed its input `features` in place.")
    assert "They look like 0-255 pixel values: divide by 255 (photo / 255)." in _image_error()
    assert messages.translate("content from relu4_2") == "content from relu4_2"


def test_the_setting(monkeypatch):
    monkeypatch.setattr(config, "_language", None)
    monkeypatch.setenv("NST_LANG", "zh_CN")
    assert config.language() == "zh" and "原地修改了输入" in _check_failure()
    monkeypatch.setenv("NST_LANG", "fr")            # a language we have no messages in: English
    assert config.language() == "en"
    assert config.set_language("EN") == "en" and config.language() == "en"
    with pytest.raises(ValueError, match="choose one of en, zh"):
        config.set_language("fr")


def test_a_translation_that_does_not_fit_falls_back_to_english(chinese, monkeypatch):
    monkeypatch.setitem(messages.CATALOGUES["zh"], "{name} is {size}", "{name} 是 {wrong}")
    assert messages.say("{name} is {size}", name="x", size=3) == "x is 3"
    assert messages.say("not catalogued: {n}", n=1) == "not catalogued: 1"


def test_an_explorer_label_in_chinese(chinese):
    from helpers.widgets import ImageUpload
    assert ImageUpload().upload.description == "上传图像"
