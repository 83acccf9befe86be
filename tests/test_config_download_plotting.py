"""config, download_image (against a local HTTP server), and the plotting helpers."""

import functools
import http.server
import threading

import matplotlib
import pytest
import torch
from PIL import Image

from helpers import (DownloadError, LiveView, config, download_image, feature_grid, gram_heatmap,
                     gram_matrix, loss_curves, show_grid, show_images)

matplotlib.use("Agg")


def test_device_choice(monkeypatch):
    monkeypatch.setenv("NST_DEVICE", "cpu")
    assert config.get_device().type == "cpu"
    if not torch.cuda.is_available():
        monkeypatch.setenv("NST_DEVICE", "cuda")
        with pytest.raises(ValueError, match="NST_DEVICE"):
            config.get_device()


def test_quick_mode_is_on_in_tests():
    assert config.QUICK and config.default_size() == 64 and config.steps(300, 7) == 7


def test_seed_everything_repeats():
    config.seed_everything(5)
    a = torch.rand(3)
    config.seed_everything(5)
    assert torch.equal(a, torch.rand(3))


@pytest.fixture()
def server(tmp_path):
    (tmp_path / "site").mkdir()
    Image.new("RGB", (64, 64), "orange").save(tmp_path / "site" / "painting.png")
    (tmp_path / "site" / "page.html").write_text("<html>not an image</html>")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_download_once_then_cached(server, tmp_path):
    folder = tmp_path / "cache"
    path = download_image(f"{server}/painting.png", folder=folder)
    assert path == folder / "painting.png" and path.is_file()
    mtime = path.stat().st_mtime_ns
    assert download_image(f"{server}/painting.png", folder=folder).stat().st_mtime_ns == mtime


def test_download_errors_are_clear(server, tmp_path):
    with pytest.raises(DownloadError, match="404"):
        download_image(f"{server}/missing.jpg", folder=tmp_path)
    with pytest.raises(DownloadError, match="not a usable image"):
        download_image(f"{server}/page.html", folder=tmp_path)
    assert not list(tmp_path.glob("page.html*"))  # nothing half-kept
    with pytest.raises(DownloadError, match="Are you online"):
        download_image("http://127.0.0.1:9/x.jpg", folder=tmp_path, timeout=2)
    with pytest.raises(DownloadError, match="http"):
        download_image("ftp://example.org/x.jpg", folder=tmp_path)


def test_default_download_folder_is_git_ignored(monkeypatch):
    monkeypatch.delenv("NST_DOWNLOAD_DIR", raising=False)
    folder = config.download_dir()
    assert folder == config.IMAGES_DIR / "downloads"
    assert "images/downloads/" in (config.REPO_ROOT / ".gitignore").read_text()


def test_figures_have_titles():
    image = torch.rand(1, 3, 32, 32)
    fig = show_images([image, image], titles=["a", "b"], show=False)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["a", "b"]
    fig = show_grid([[image, image]], ["row"], ["c1", "c2"], title="grid", show=False)
    assert fig.axes[0].get_ylabel() == "row"
    fig = feature_grid(torch.rand(1, 20, 8, 8), channels=10, title="relu1_1", show=False)
    assert "relu1_1" in fig._suptitle.get_text() and "20 channels" in fig._suptitle.get_text()
    fig = gram_heatmap(gram_matrix(torch.rand(1, 6, 4, 4)), title="G relu1_1", show=False)
    assert fig.axes[0].get_title() == "G relu1_1"
    history = [{"total": 3.0, "content": 1.0, "style": 2.0}, {"total": 1.0, "content": 0.5, "style": 0.5}]
    fig = loss_curves({"run": history}, show=False)
    assert fig.axes[0].get_yscale() == "log" and len(fig.axes[0].lines) == 3
    with pytest.raises(ValueError, match="titles"):
        show_images([image], titles=["a", "b"], show=False)


def test_live_view_redraws_every_n():
    view = LiveView(every=3)
    for step in range(1, 8):
        view(step, torch.rand(1, 3, 16, 16), {"total": 1.0 / step, "content": 0.1, "style": 0.2})
    assert view.redraws == 3  # steps 1, 3, 6
    assert len(view.history) == 7


def test_a_suptitle_does_not_cover_two_line_panel_titles():
    from helpers.plotting.images import show_images
    images = [torch.rand(1, 3, 30, 45) for _ in range(3)]
    fig = show_images(images, ["first line\nsecond line"] * 3, suptitle="The figure's title",
                      show=False)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    top = fig._suptitle.get_window_extent(renderer)
    for ax in fig.axes:
        title = ax.title.get_window_extent(renderer)
        assert title.y1 <= top.y0 + 1, "the suptitle overlaps a panel title"
    matplotlib.pyplot.close(fig)
