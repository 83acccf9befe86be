"""The explorers in helpers.widgets: every control is driven over its range by setting `.value`
(what a person moving it does), and the effect is checked against the helpers' own numbers."""

import base64
import datetime
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from PIL import Image

from helpers import config, widgets
from helpers.images import load_image
from helpers.losses import gram_matrix
from helpers.vgg import default_model
from helpers.vgg import extract_features

CHELSEA = config.CONTENT_DIR / "chelsea.jpg"
SWIRL = config.STYLE_DIR / "swirl_strokes.png"
TWO_IMAGES = {"chelsea": CHELSEA, "swirl": SWIRL}


@pytest.fixture(scope="module")
def model():
    return default_model()


def _png_shown(explorer) -> bytes:
    """The PNG the browser would show: the one output of the explorer's Output widget."""
    (output,) = explorer.output.outputs
    assert output["output_type"] == "display_data"
    return base64.b64decode(output["data"]["image/png"])


def _features(model, path, layer):
    with torch.no_grad():
        return extract_features(model, load_image(path), layer)[layer][0]


def test_feature_map_explorer_initial_state(model):
    explorer = widgets.feature_map_explorer(model)
    assert explorer.error.value == ""
    assert explorer.renders == 1
    assert _png_shown(explorer) == explorer.last_png
    assert set(explorer.image.options) >= {"content/chelsea.jpg", "style/swirl_strokes.png"}
    assert list(explorer.layer.options) == [n for n in model.names if n.startswith("relu")]
    assert explorer.last_figure_data.shape[0] == 16


def test_feature_map_explorer_every_layer_and_image(model):
    explorer = widgets.feature_map_explorer(model, images=TWO_IMAGES)
    seen = set()
    for label, layers in [("chelsea", explorer.layer.options), ("swirl", ["relu2_1", "relu5_1"])]:
        explorer.image.value = label
        for layer in layers:
            explorer.layer.value = layer
            assert explorer.error.value == ""
            assert (explorer.current_image, explorer.current_layer) == (label, layer)
            every_channel = _features(model, TWO_IMAGES[label], layer)
            assert explorer.first_channel.max == every_channel.shape[0] - 16
            np.testing.assert_allclose(explorer.last_figure_data,
                                       every_channel[explorer.current_channels].numpy(),
                                       rtol=1e-5, atol=1e-6)
            seen.add(explorer.last_png)
    assert len(seen) == len(explorer.layer.options) + 2  # every choice drew something new


def test_feature_map_explorer_channels(model):
    explorer = widgets.feature_map_explorer(model, images=[CHELSEA], layers=["relu1_1", "relu3_1"])
    explorer.layer.value = "relu1_1"
    channels = _features(model, CHELSEA, "relu1_1").shape[0]
    assert explorer.first_channel.max == channels - 16  # the last grid ends at the last channel
    for first in (0, 7, channels - 16):
        explorer.first_channel.value = first
        assert explorer.current_channels == list(range(first, first + 16))
    explorer.first_channel.value = 0
    for count in (1, 5, explorer.channel_count.max):
        explorer.channel_count.value = count
        assert explorer.current_channels == list(range(count))
        assert explorer.last_figure_data.shape[0] == count
        assert explorer.first_channel.max == channels - count
    explorer.channel_count.value = 16
    before = explorer.last_png
    explorer.shared_scale.value = True
    assert explorer.last_png != before and explorer.error.value == ""
    # A deeper layer with more channels, then back: the grid stays full (no 1-map grid).
    explorer.first_channel.value = 0
    explorer.layer.value = "relu3_1"
    explorer.first_channel.value = explorer.first_channel.max
    explorer.layer.value = "relu1_1"
    assert len(explorer.current_channels) == explorer.channel_count.value
    assert explorer.current_channels[-1] == channels - 1


def test_gram_explorer_every_layer(model):
    style_layers = ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"]
    explorer = widgets.gram_explorer(model, images=TWO_IMAGES, layers=style_layers)
    assert explorer.error.value == "" and explorer.renders == 1
    assert list(explorer.layer.options) == style_layers
    for label, layers in [("chelsea", style_layers), ("swirl", ["relu5_1"])]:
        explorer.image.value = label
        for layer in layers:
            explorer.layer.value = layer
            gram = explorer.last_figure_data
            expected = gram_matrix(_features(model, TWO_IMAGES[label], layer)[None])[0]
            np.testing.assert_allclose(gram, expected.numpy(), rtol=1e-4, atol=1e-6)
            assert explorer.current_layer == layer
            values = [value for _, _, value in explorer.top_pairs]
            assert values == sorted(values, reverse=True)
            off_diagonal = gram[~np.eye(len(gram), dtype=bool)]
            assert values[0] == pytest.approx(off_diagonal.max(), rel=1e-6)
            for i, j, value in explorer.top_pairs:
                assert i < j and gram[i, j] == pytest.approx(value)
    for pairs in range(explorer.pairs.min, explorer.pairs.max + 1):
        explorer.pairs.value = pairs
        assert len(explorer.top_pairs) == pairs


def _solid(colour, size=40):
    image = torch.zeros(1, 3, size, size)
    image[0, colour] = 1.0
    return image


def test_reconstruction_explorer():
    results = {"relu1_1": _solid(0), "relu3_1": _solid(1), "relu5_1": _solid(2)}
    explorer = widgets.reconstruction_explorer(results, kind="content", reference=_solid(0))
    assert explorer.current_layer == "relu1_1" and explorer.error.value == ""
    pngs = {}
    for layer in explorer.layer.options:
        explorer.layer.value = layer
        assert explorer.current_layer == layer
        np.testing.assert_array_equal(explorer.last_figure_data,
                                      results[layer][0].permute(1, 2, 0).numpy())
        pngs[layer] = explorer.last_png
    assert len(set(pngs.values())) == 3
    explorer.layer.value = "relu1_1"  # back again: the cached picture, same bytes
    assert explorer.last_png == pngs["relu1_1"] and _png_shown(explorer) == pngs["relu1_1"]


def test_reconstruction_explorer_takes_results_and_rejects_nothing():
    class FakeResult:
        image = _solid(1)
    explorer = widgets.reconstruction_explorer({"relu1_1..relu2_1": FakeResult()}, kind="style")
    assert explorer.current_layer == "relu1_1..relu2_1"
    with pytest.raises(ValueError):
        widgets.reconstruction_explorer({})


def test_balance_explorer_browses_precomputed():
    grid = {0.1: _solid(0), 10: _solid(1), 1000: _solid(2)}
    explorer = widgets.balance_explorer(CHELSEA, SWIRL, ratios=(0.1, 10, 1000), precomputed=grid)
    assert explorer.ratio.value == 10  # the default style weight is the start
    assert explorer.run_button.layout.display == "none"  # nothing left to run
    for ratio in explorer.ratio.options:
        explorer.ratio.value = ratio[1]
        np.testing.assert_array_equal(explorer.last_figure_data,
                                      grid[ratio[1]][0].permute(1, 2, 0).numpy())
    assert explorer._model is None  # browsing never loaded a network


def test_balance_explorer_runs(model):
    explorer = widgets.balance_explorer(CHELSEA, SWIRL, ratios=(1, 100), model=model, steps=2)
    assert explorer.last_figure_data is None  # nothing computed yet: content and style shown
    assert explorer.renders == 1 and explorer.error.value == ""
    explorer.ratio.value = 100.0
    explorer.run_button.click()
    assert explorer.error.value == ""
    assert explorer.last_run_ratio == 100.0 and explorer.progress.value == 2
    result = explorer.results[100.0]
    assert result.shape == load_image(CHELSEA).shape
    explorer.ratio.value = 1.0
    assert explorer.last_figure_data is None
    explorer.ratio.value = 100.0  # a finished run is kept
    np.testing.assert_array_equal(explorer.last_figure_data, result[0].permute(1, 2, 0).numpy())


def test_layer_picker_uses_the_ticked_layers(model, monkeypatch):
    calls = []
    from helpers.widgets import explore_runs
    real = explore_runs.stylize

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)
    monkeypatch.setattr(explore_runs, "stylize", spy)
    picker = widgets.layer_picker(CHELSEA, SWIRL, model=model, steps=2)
    assert picker.content_layer.value == "relu4_2"
    assert [n for n, box in picker.style_boxes.items() if box.value] == \
        ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"]
    for box in picker.style_boxes.values():
        box.value = False
    picker.run()
    assert "Tick at least one style layer" in picker.error.value
    assert picker.last_run_layers is None and not calls
    picker.style_boxes["relu1_1"].value = True
    picker.style_boxes["relu3_1"].value = True
    picker.content_layer.value = "relu2_2"
    picker.run_button.click()
    assert picker.error.value == ""
    assert picker.last_run_layers == {"content": "relu2_2", "style": ("relu1_1", "relu3_1")}
    assert calls[-1]["content_layers"] == ("relu2_2",)
    assert calls[-1]["style_layers"] == ("relu1_1", "relu3_1")
    assert picker.last_figure_data is not None
    options = picker.content_layer.options
    for layer in (options[0], options[len(options) // 2], options[-1]):  # first, middle, last
        picker.content_layer.value = layer
        assert picker.error.value == "" and picker.last_figure_data is None  # not run yet


def _png_bytes(size=(48, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(widget, name, data):
    widget.upload.value = ({"name": name, "type": "image/png", "size": len(data),
                            "content": memoryview(data),
                            "last_modified": datetime.datetime.now(datetime.timezone.utc)},)


def test_image_upload_good_and_bad_files():
    received = []
    uploader = widgets.image_upload(on_image=received.append, max_size=None)
    assert uploader.image is None and uploader.error.value == ""
    _upload(uploader, "my photo.png", _png_bytes())
    assert uploader.error.value == ""
    assert uploader.image.shape == (1, 3, 40, 48) and uploader.name == "my photo.png"
    assert len(received) == 1 and received[0] is uploader.image
    good = uploader.image
    for name, data, words in [("notes.txt", b"hello, not an image", "not an image file"),
                              ("empty.jpg", b"", "empty"),
                              ("tiny.png", _png_bytes((10, 10)), "at least 32"),
                              ("cut.png", _png_bytes()[:60], "damaged")]:
        _upload(uploader, name, data)
        assert words in uploader.error.value, (name, uploader.error.value)
        assert name in uploader.error.value  # the user's file name, not our temporary file
        assert "upload" not in uploader.error.value.replace(name, "")
        assert "Traceback" not in uploader.error.value
        assert uploader.image is good  # the last good image is kept
    assert len(received) == 1


def test_image_upload_resizes_and_reports_callback_errors():
    def broken(_image):
        raise RuntimeError("my callback failed")
    uploader = widgets.image_upload(on_image=broken, max_size=48)
    uploader.load_bytes("big.png", _png_bytes((96, 64)))
    assert uploader.image.shape == (1, 3, 32, 48)
    assert "my callback failed" in uploader.error.value


def test_no_figures_left_open(model):
    plt.close("all")
    widgets.feature_map_explorer(model, images=[CHELSEA])
    widgets.gram_explorer(model, images=[CHELSEA])
    widgets.reconstruction_explorer({"relu1_1": _solid(0)})
    assert plt.get_fignums() == []


def test_unknown_layer_is_a_clear_error(model):
    with pytest.raises(ValueError, match="unknown layer"):
        widgets.feature_map_explorer(model, layers=["conv9_9"])


def test_every_explorer_renders_when_a_notebook_is_executed(tmp_path):
    """As under nbval: a kernel, no browser, no callbacks. Each explorer must show its first
    state as a widget, with no error in the cell and none in the widget."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    setup = ("import torch\n"
             "from helpers import config, widgets\n"
             "chelsea, swirl = config.CONTENT_DIR / 'chelsea.jpg', config.STYLE_DIR / 'swirl_strokes.png'\n"
             "fake = {'relu1_1': torch.rand(1, 3, 40, 40), 'relu3_1': torch.rand(1, 3, 40, 40)}")
    calls = ["widgets.feature_map_explorer(images=[chelsea])",
             "widgets.gram_explorer(images=[chelsea], layers=['relu1_1', 'relu2_1'])",
             "widgets.reconstruction_explorer(fake, kind='content')",
             "widgets.balance_explorer(chelsea, swirl, ratios=(1, 10), precomputed={10: fake['relu1_1']})",
             "widgets.layer_picker(chelsea, swirl, steps=2)",
             "widgets.image_upload()"]
    checks = [f"w = {call}\nassert w.error.value == '', w.error.value\nw" for call in calls]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)
                                               for code in [setup, *checks]])
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell, call in zip(notebook.cells[1:], calls):
        kinds = [output.output_type for output in cell.outputs]
        assert "error" not in kinds, (call, cell.outputs)
        assert any("application/vnd.jupyter.widget-view+json" in output.get("data", {})
                   for output in cell.outputs), (call, cell.outputs)
