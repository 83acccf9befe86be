"""The transform network shipped for notebook 09 (helpers/painters) and the tool that makes it."""

from __future__ import annotations

import json
import shutil

import pytest
import torch

import helpers.painters as painters
from helpers.painters import SETTINGS, PainterUnavailableError, load_painter
from helpers.transform_net import TransformNet
from tools import train_painter


def test_shipped_network_matches_its_record_and_settings():
    painter = load_painter()
    assert isinstance(painter.net, TransformNet) and not painter.net.training
    record = painter.record
    assert record["settings"] == SETTINGS, "the shipped network was trained with other settings"
    assert record["steps"] == SETTINGS["steps"], "its training stopped early"
    first, last = record["losses_first_step"], record["losses_last_50_steps"]
    assert last["style"] < 0.5 * first["style"], record


def test_shipped_network_paints_an_image_of_the_same_size():
    image = torch.rand(1, 3, 37, 50, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        out = load_painter().net(image)
    assert out.shape == image.shape and 0 <= float(out.min()) and float(out.max()) <= 1


def _copy_to(tmp_path, monkeypatch):
    for suffix in (".pt", ".json"):
        shutil.copy(painters.HERE / f"swirl_strokes{suffix}", tmp_path)
    monkeypatch.setattr(painters, "HERE", tmp_path)


def test_a_changed_weights_file_is_refused(tmp_path, monkeypatch):
    _copy_to(tmp_path, monkeypatch)
    with open(tmp_path / "swirl_strokes.pt", "ab") as file:
        file.write(b"\0")
    with pytest.raises(PainterUnavailableError, match="SHA-256.*train_painter"):
        load_painter()


def test_a_missing_record_is_refused(tmp_path, monkeypatch):
    _copy_to(tmp_path, monkeypatch)
    (tmp_path / "swirl_strokes.json").unlink()
    with pytest.raises(PainterUnavailableError, match="missing.*train_painter"):
        load_painter()


def test_the_tool_repeats_exactly_and_never_overwrites(tmp_path, capsys):
    one, two = tmp_path / "one", tmp_path / "two"
    assert train_painter.main(["--steps", "2", "--out", str(one)]) == 0
    assert train_painter.main(["--steps", "2", "--out", str(two)]) == 0
    records = [json.loads((folder / "swirl_strokes.json").read_text()) for folder in (one, two)]
    assert records[0]["sha256"] == records[1]["sha256"], "two runs with the same seed differ"
    assert records[0]["settings"] == {**SETTINGS, "steps": 2}
    before = (one / "swirl_strokes.pt").read_bytes()
    with pytest.raises(SystemExit):
        train_painter.main(["--steps", "2", "--out", str(one)])
    assert (one / "swirl_strokes.pt").read_bytes() == before, "the tool overwrote a result"


def test_notebook_09_trains_live_with_the_shipped_settings():
    # The notebook shows the loaded network as "the same network, trained for longer": its live
    # run must use the settings the shipped network was trained with.
    notebook = json.loads((painters.HERE.parents[1] / "notebooks" / "09_feed_forward_network.ipynb")
                          .read_text(encoding="utf-8"))
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    for line in (f'crop = 64 if config.QUICK else {SETTINGS["crop"]}',
                 f'style_weight = {SETTINGS["style_weight"]}',
                 f'train_style = load_image(config.STYLE_DIR / "{SETTINGS["style"]}", max_size=2 * crop)',
                 "net = make_net()", "crop=crop, batch=4,"):
        assert line in code, f"notebook 09 no longer has {line!r}: retrain helpers/painters or restore it"
