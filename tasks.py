#!/usr/bin/env python3
"""Set up and run the series with one command. Needs only Python 3.10+ (no conda, no make).

    python3 tasks.py lab     create .venv if missing, install, open the notebooks in JupyterLab
    python3 tasks.py gallery [NN ...] [--publish]
                             run every notebook (or those numbered) in class mode and save
                             HTML and each key figure in gallery/, printing each wall time
                             (tools/gallery.py; about half an hour on 2 CPU cores)
    python3 tasks.py test    create/reuse .venv, install with test tools, run every test:
                             unit tests (with a real-browser check of an explorer when
                             Chromium is installed), then every notebook in quick mode
                             (nbval), twice: with the default network (the paper's
                             Caffe-trained VGG-19, installed with the series) and with
                             random weights (NST_WEIGHTS=random)

The install is skipped when pyproject.toml has not changed since the last one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*args: str | os.PathLike, env: dict | None = None) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def ensure_env(extras: str) -> None:
    """Create .venv if missing and install the project (editable) with `extras`."""
    if sys.version_info < (3, 10):
        sys.exit(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print("Installing PyTorch, Jupyter and the helpers (the first time takes a few minutes) ...",
          flush=True)
    if run(PYTHON, "-m", "pip", "install", "--quiet", "-e", spec) != 0:
        sys.exit("pip install failed: see the messages above.")
    stamp.write_text(digest)


def ensure_browser() -> None:
    """The browser check needs Chromium. On CI (CI=true, as root, Debian) we install it; on
    your own machine we only say how, and that test is skipped without it."""
    if shutil.which("chromium"):
        return
    if os.environ.get("CI") and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Chromium for the browser check (CI only) ...", flush=True)
        quiet = {"stdout": subprocess.DEVNULL}
        subprocess.call(["apt-get", "update", "-qq"], **quiet)
        subprocess.call(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
                        env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), **quiet)
    else:
        print("Note: Chromium not found, so the browser check (tests/test_browser.py) will be "
              "skipped. On Debian/Ubuntu: sudo apt-get install chromium", flush=True)


def lab() -> int:
    ensure_env("vgg16")
    return run(BIN / "jupyter", "lab", f"--ServerApp.root_dir={ROOT}",
               str(ROOT / "notebooks" / "01_images_as_tensors.ipynb"))


def test() -> int:
    ensure_env("test")
    ensure_browser()
    env = dict(os.environ, NST_QUICK="1", PYTHONUNBUFFERED="1")
    env.pop("NST_DEVICE", None)
    # 1. Unit tests and the notebooks with the default network (what readers get).
    first = run(PYTHON, "-m", "pytest", "tests", "notebooks", env=env)
    # 2. The notebooks again with an untrained network: they must explain, not crash.
    env_random = dict(env, NST_WEIGHTS="random")
    env_random.pop("NST_ARCH", None)
    second = run(PYTHON, "-m", "pytest", "notebooks", env=env_random)
    return first or second


def gallery(*options: str) -> int:
    ensure_env("vgg16")
    return run(PYTHON, "-m", "tools.gallery", *options)


if __name__ == "__main__":
    commands = {"lab": lab, "test": test, "gallery": gallery}
    name = sys.argv[1] if len(sys.argv) > 1 else None
    if name not in commands or (name != "gallery" and len(sys.argv) != 2):
        sys.exit(__doc__)
    sys.exit(commands[name](*sys.argv[2:]))
