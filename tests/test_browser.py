"""A real browser: JupyterLab on loopback, headless Chromium, an explorer, a moved control.

The unit tests (test_widgets.py) drive the explorers from Python. This one checks what they
cannot: that the widget really renders in JupyterLab's front end, and that a change made in the
page travels to the kernel and back as a new picture.

What it does, in a temporary folder (nothing under the repository or ~ is written):
  1. writes a small notebook that shows `feature_map_explorer(...)` (NST_WEIGHTS=random,
     NST_QUICK=1: no weight file needed);
  2. starts JupyterLab on 127.0.0.1 at a free port, with a generated token and temporary
     config, data, runtime and IPython folders, no browser, root allowed, no network fetches;
  3. opens the notebook in headless Chromium (Debian's `chromium` package, driven by the
     `playwright` Python package; no browser download), runs all cells, waits for the picture;
  4. picks another layer in the dropdown through the page, and waits for a different picture.

Needs: `apt-get install chromium` and `pip install playwright` (no `playwright install`).
Skipped, with the reason, when either is missing. NST_CHROMIUM=/path picks another Chromium.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("NST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOK_CELLS = [
    "from helpers import config\n"
    "from helpers.widgets import feature_map_explorer\n"
    "print(config.describe())",
    "explorer = feature_map_explorer(images=[config.CONTENT_DIR / 'chelsea.jpg'],\n"
    "                                layers=['relu1_1', 'relu3_1'])\n"
    "explorer",
]

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the browser check needs `pip install playwright`")
if not Path(CHROMIUM).is_file():
    pytest.skip(f"the browser check needs Chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)

OPEN_NOTEBOOK = """async () => {
  const panel = await window.jupyterapp.commands.execute(
      'docmanager:open', {path: 'explorer.ipynb', factory: 'Notebook'});
  await panel.context.ready;
  await panel.sessionContext.ready;
}"""
KERNEL_READY = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""
IN_KERNEL = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  let printed = '';
  const future = kernel.requestExecute({code});
  future.onIOPub = message => {
    if (message.header.msg_type === 'stream') { printed += message.content.text; }
  };
  await future.done;
  return printed;
}"""
RUN_ALL = "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_notebook(path: Path) -> None:
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "code", "id": f"cell{i}", "metadata": {}, "outputs": [],
                   "execution_count": None, "source": source}
                  for i, source in enumerate(NOTEBOOK_CELLS)]}
    path.write_text(json.dumps(notebook), encoding="utf-8")


@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab server in tmp_path; yields (base url, token, start time); stopped after."""
    started = time.monotonic()
    for name in ("config", "data", "runtime", "ipython", "work"):
        (tmp_path / name).mkdir()
    _write_notebook(tmp_path / "work" / "explorer.ipynb")
    for plugin, values in USER_SETTINGS.items():  # no kernel dialog, no news pop-up
        path = tmp_path / "config" / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(24)
    env = dict(os.environ, NST_WEIGHTS="random", NST_QUICK="1", PYTHONPATH=str(ROOT),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), IPYTHONDIR=str(tmp_path / "ipython"))
    env.pop("NST_ARCH", None)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path / 'work'}",
               "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    log = (tmp_path / "jupyter.log").open("w")
    server = subprocess.Popen(command, cwd=tmp_path / "work", env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n"
                                + (tmp_path / "jupyter.log").read_text()[-3000:])
                time.sleep(0.3)
        yield base, token, started
    finally:
        server.terminate()  # jupyter_server shuts its kernels down on SIGTERM
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def _picture(page) -> str:
    """The src of the explorer's picture (a data: URL holding the PNG)."""
    return page.get_attribute(".widget-output img", "src")


def test_feature_map_explorer_in_jupyterlab(jupyterlab):
    base, token, started = jupyterlab
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                         headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # Open JupyterLab itself, then the notebook through its API (opening the
            # notebook's URL directly can start two kernels at once and drop one).
            page.goto(f"{base}/lab?reset&token={token}", timeout=60_000)
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell"
                                   " && document.querySelector('.jp-DirListing')", timeout=60_000)
            page.evaluate(OPEN_NOTEBOOK)
            page.wait_for_function(KERNEL_READY, timeout=90_000)
            page.evaluate(RUN_ALL)  # as a student would: Run > Run All Cells
            page.wait_for_selector(".widget-output img", timeout=120_000)
            first = _picture(page)
            assert first.startswith("data:image/png;base64,")
            layer = page.locator(".nst-layer select")
            assert layer.input_value() == "relu3_1"
            errors = page.locator(".nst-error").inner_text()
            assert errors.strip() == "", errors
            layer.select_option("relu1_1")  # in the page: the browser sends it to the kernel
            page.wait_for_function(
                "old => { const img = document.querySelector('.widget-output img');"
                " return img && img.src !== old; }", arg=first, timeout=60_000)
            second = _picture(page)
            assert second != first
            assert page.locator(".nst-error").inner_text().strip() == ""
            # The kernel agrees: the explorer there drew relu1_1.
            assert page.evaluate(IN_KERNEL, "print(explorer.current_layer, explorer.renders)"
                                 ).split() == ["relu1_1", "2"]
            if os.environ.get("NST_BROWSER_SHOT"):  # a PNG of the page, to look at by eye
                page.screenshot(path=os.environ["NST_BROWSER_SHOT"])
        finally:
            browser.close()
    print(f"browser check: {time.monotonic() - started:.1f} s, JupyterLab start included")
