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

    python3 tasks.py download-packages DIR [--platform NAME] [--python-version X.Y]
                             download every package that `lab` and `test` install into the
                             folder DIR (a USB stick), for NAME: linux-x86_64, macos-arm64,
                             macos-x86_64 or windows-amd64 (default: this computer) and that
                             Python (default: this one); wheels only
    python3 tasks.py install-offline DIR
                             create/reuse .venv and install from DIR with no network; then
                             `lab` and `test` start without installing anything

    --cpu / --gpu            (with any command but install-offline) which PyTorch build to
                             install. By default: on Linux without an NVIDIA GPU, the CPU-only
                             build from https://download.pytorch.org/whl/cpu (about 200 MB
                             instead of about 6 GB of CUDA libraries; the default index if that
                             one cannot be reached, except for download-packages, which stops);
                             elsewhere the default index (on macOS that build uses the CPU and
                             the Apple GPU; on Windows it is CPU-only).

The install is skipped when pyproject.toml has not changed since the last one. A half-made
.venv (no Python, no pip, or an install that did not finish) is rebuilt. Run as root (a
container, a VM), `lab` adds --allow-root, which JupyterLab needs there.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path
from platform import machine

# The offline classroom's folder: tasks_offline.py, beside this file, standard library only too.
import tasks_offline
from tasks_offline import (MANIFEST, OFFLINE_EXTRAS, TARGETS, download_folder_problem,
                           make_manifest, offline_install_commands, offline_problem,
                           pip_with_markers, platform_key, python_version, read_manifest,
                           torch_pins)
# Not used here; tests/test_offline.py reads them from tasks.
from tasks_offline import BUILD_REQUIREMENTS, package_files, target_markers  # noqa: F401

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PLATFORM = sys.platform  # a variable so that tests can play macOS, Windows or Linux

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
REACH_TIMEOUT = 3.0  # seconds: the CPU index answers in well under one when it can be reached
# As in pyproject.toml (tests/test_tasks.py checks), installed first from the chosen index.
TORCH_REQUIREMENTS = ("torch>=2.2", "torchvision>=0.17")
UNFINISHED = ".install-unfinished"  # in .venv while an install runs; left there if it fails


def run(*args: str | os.PathLike, env: dict | None = None) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def say(message: str) -> None:
    print(message, flush=True)


# --- Which PyTorch: pure decisions ------------------------------------------------------------

def torch_index(platform: str, has_nvidia: bool, choice: str | None) -> str | None:
    """The index to install torch and torchvision from, or None for the default index.

    platform: sys.platform. choice: "cpu", "gpu" or None (decide). Only Linux needs another
    index: PyPI's Linux torch is the CUDA build (about 6 GB with its NVIDIA libraries), useless
    without an NVIDIA GPU. macOS wheels are CPU/Apple GPU already, Windows' PyPI torch is CPU.
    """
    if not platform.startswith("linux") or choice == "gpu":
        return None
    if choice == "cpu" or not has_nvidia:
        return CPU_INDEX
    return None


def download_note(platform: str, index: str | None, choice: str | None = None) -> str:
    """One line saying what the first install downloads."""
    if index == CPU_INDEX:
        torch = f"PyTorch's CPU-only build from {CPU_INDEX} (about 200 MB)"
    elif platform.startswith("linux"):
        torch = "PyTorch's CUDA build from the default index (about 6 GB with its NVIDIA libraries)"
    elif platform == "darwin":
        torch = "PyTorch for macOS from the default index (CPU and Apple GPU, about 80 MB)"
    elif platform == "win32":
        torch = "PyTorch's CPU build from the default index (about 200 MB)"
        if choice == "gpu":
            torch += ("; PyPI has no CUDA build for Windows: for one, see "
                      "https://pytorch.org/get-started/locally/")
    else:
        torch = "PyTorch from the default index"
    return f"Downloading {torch}, then Jupyter and the rest (a few hundred MB)."


def needs_torch_swap(platform: str, installed: str | None, index: str | None,
                     choice: str | None) -> bool:
    """True when --cpu/--gpu asks for the other Linux build than the installed one."""
    if choice is None or installed is None or not platform.startswith("linux"):
        return False
    return ("+cpu" in installed) != (index == CPU_INDEX)


def install_commands(python: str | os.PathLike, spec: str, index: str | None,
                     swap: bool = False) -> list[list[str]]:
    """The pip calls, in order. With an index, torch and torchvision come from it first
    (--index-url: that index only, as PyTorch's own instructions do); the project then comes
    from the default index, and pip keeps the torch already installed since it satisfies
    `torch>=2.2` (no --upgrade). No --quiet: the big first install shows its progress."""
    pip = [str(python), "-m", "pip"]
    commands = []
    if swap:
        commands.append(pip + ["uninstall", "-y", "torch", "torchvision"])
    if index:
        commands.append(pip + ["install", *TORCH_REQUIREMENTS, "--index-url", index])
    commands.append(pip + ["install", "-e", spec])
    return commands


def parse_args(argv: list[str]) -> tuple[str | None, str | None, list[str]]:
    """(command, torch choice, the command's other arguments) from sys.argv[1:]."""
    flags = {a for a in argv if a in ("--cpu", "--gpu")}
    if len(flags) > 1:
        sys.exit("Choose one of --cpu and --gpu.")
    rest = [a for a in argv if a not in ("--cpu", "--gpu")]
    choice = flags.pop()[2:] if flags else None
    return (rest[0] if rest else None), choice, rest[1:]


# --- What this machine has --------------------------------------------------------------------

def has_nvidia_gpu(which=shutil.which, driver: str = "/proc/driver/nvidia") -> bool:
    """An NVIDIA driver is there: nvidia-smi on PATH or the kernel module's /proc entry."""
    return which("nvidia-smi") is not None or Path(driver).exists()


def index_reachable(url: str, timeout: float = REACH_TIMEOUT, opener=None) -> tuple[bool, str]:
    """(True, "") when `url` answers within `timeout` seconds, else (False, why).

    Runs in a thread so that a slow name lookup is bounded too; honours the proxy variables
    (https_proxy) and PIP_CERT, as pip would."""
    opener = opener or urllib.request.urlopen
    outcome: dict[str, str] = {}

    def probe() -> None:
        try:
            context = ssl.create_default_context(cafile=os.environ.get("PIP_CERT") or None)
            with opener(url.rstrip("/") + "/", timeout=timeout, context=context):
                outcome["ok"] = ""
        except urllib.error.HTTPError as error:
            outcome["error"] = f"HTTP {error.code}"
        except Exception as error:  # no network, no DNS, refused, TLS ...
            reason = getattr(error, "reason", error)
            outcome["error"] = f"{type(reason).__name__}: {reason}".rstrip(": ")

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout + 0.5)
    if "ok" in outcome:
        return True, ""
    return False, outcome.get("error", f"no answer within {timeout:g} s")


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --- The virtual environment ------------------------------------------------------------------

def venv_paths(venv: Path, windows: bool = os.name == "nt") -> tuple[Path, Path]:
    """(scripts folder, python) of a virtual environment."""
    scripts = venv / ("Scripts" if windows else "bin")
    return scripts, scripts / ("python.exe" if windows else "python")


def venv_problem(venv: Path, runner=subprocess.run) -> str | None:
    """Why an existing `venv` cannot be reused, or None (it can, or there is none yet)."""
    if not venv.exists():
        return None
    _, python = venv_paths(venv)
    if not (venv / "pyvenv.cfg").exists():
        return "it has no pyvenv.cfg"
    if not python.exists():
        return f"it has no {python.relative_to(venv).as_posix()}"
    if (venv / UNFINISHED).exists():
        return "the last install in it did not finish"
    try:
        ok = runner([str(python), "-c", "import pip"], capture_output=True, timeout=120).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return None if ok else "its Python does not start or has no pip"


def venv_missing_message(version=sys.version_info, platform: str = sys.platform) -> str:
    v = f"{version[0]}.{version[1]}"
    message = (f"This Python {v} cannot create a virtual environment: its venv/ensurepip "
               "module is missing.")
    if platform.startswith("linux"):
        message += (f"\nOn Debian/Ubuntu install it with:  sudo apt install python3-venv"
                    f"   (or: sudo apt install python{v}-venv)\nthen run this command again.")
    else:
        message += "\nInstall Python from https://www.python.org (it includes venv), then run this again."
    return message


def can_make_venvs(find_spec=importlib.util.find_spec) -> bool:
    return all(find_spec(name) is not None for name in ("venv", "ensurepip"))


def prepare_venv(venv: Path) -> None:
    """Reuse a working `venv`; rebuild a half-made one; create a missing one."""
    problem = venv_problem(venv)
    if problem:
        say(f"Found a half-made virtual environment in {venv} ({problem}): rebuilding it.")
        try:
            shutil.rmtree(venv)
        except OSError as error:
            sys.exit(f"Could not remove {venv} ({error}): delete it and run this again.")
    if venv.exists():
        return
    if not can_make_venvs():
        sys.exit(venv_missing_message())
    import venv as venv_module

    say(f"Creating a virtual environment in {venv} ...")
    try:
        venv_module.create(venv, with_pip=True)
    except (Exception, SystemExit) as error:  # Debian's venv may exit when ensurepip fails
        shutil.rmtree(venv, ignore_errors=True)
        sys.exit(f"Creating {venv} failed ({error}).\n{venv_missing_message()}")
    problem = venv_problem(venv)
    if problem:
        shutil.rmtree(venv, ignore_errors=True)
        sys.exit(f"Creating {venv} failed: {problem}.\n{venv_missing_message()}")


def installed_torch(python: Path) -> str | None:
    """The torch version installed for `python` (e.g. "2.5.1+cpu"), or None."""
    code = ("import importlib.metadata as m\ntry: print(m.version('torch'))\n"
            "except m.PackageNotFoundError: pass")
    try:
        out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def install_stamp(extras: str) -> tuple[Path, str]:
    """(the file that marks an install with `extras` as done, what it holds): a digest of
    pyproject.toml and the pip spec. When the file holds it, the install is skipped."""
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    return VENV / f".installed-{extras or 'base'}", digest


def ensure_env(extras: str, torch_choice: str | None = None) -> None:
    """Create .venv if missing (rebuild it if half-made) and install the project (editable)
    with `extras`, PyTorch first from the index that suits this machine (torch_index)."""
    if sys.version_info < (3, 10):
        sys.exit(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}.")
    prepare_venv(VENV)
    _, python = venv_paths(VENV)
    spec = f".[{extras}]" if extras else "."
    stamp, digest = install_stamp(extras)
    platform = PLATFORM
    index = torch_index(platform, has_nvidia_gpu(), torch_choice)
    installed = installed_torch(python) if torch_choice and platform.startswith("linux") else None
    swap = needs_torch_swap(platform, installed, index, torch_choice)
    if not swap and stamp.exists() and stamp.read_text() == digest:
        return
    if not swap:
        installed = installed or installed_torch(python)
        if installed:
            say(f"PyTorch {installed} is installed already: keeping it.")
            index = None
    if index:
        reachable, why = index_reachable(index)
        if not reachable:
            say(f"PyTorch's CPU index {index} cannot be reached ({why}): falling back to the "
                "default index.")
            index = None
            if swap:
                say(f"Keeping the installed PyTorch {installed}.")
                swap = False
    if swap:
        say(f"Replacing PyTorch {installed} by its {'CPU-only' if index else 'default'} build "
            f"(--{torch_choice}).")
    if not installed or swap:
        say(download_note(platform, index, torch_choice) + " The first install takes a few minutes.")
    else:
        say("Installing Jupyter and the helpers ...")
    (VENV / UNFINISHED).write_text("")
    cpu_torch = False
    for command in install_commands(python, spec, index, swap):
        torch_step = "--index-url" in command
        if run(*command) == 0:
            cpu_torch = cpu_torch or torch_step
        elif torch_step:
            say(f"Installing PyTorch from {index} failed: falling back to the default index.")
        else:
            sys.exit("pip install failed: see the messages above. The next run rebuilds .venv.")
    if cpu_torch and "+cpu" not in (now := installed_torch(python) or ""):
        say(f"Note: pip replaced the CPU-only PyTorch by {now or 'nothing'}.")
    stamp.write_text(digest)
    (VENV / UNFINISHED).unlink()


# --- An offline classroom: every package in one folder, installed with no network ------------
# The folder itself (its platforms, pip's download calls, the manifest, the checks) is in
# tasks_offline.py; here are the two commands, which use .venv, pip and the network.

def this_platform() -> str:
    return platform_key(PLATFORM, machine())


def parse_download_args(args: tuple[str, ...] | list[str]) -> tuple[Path, str, str]:
    """(folder, platform, Python version) from download-packages' arguments; by default this
    computer and this Python."""
    return tasks_offline.parse_download_args(args, this_platform(), python_version())


def download_commands(python: str | os.PathLike, folder: Path, target: str, version: str,
                      index: str | None, constraints: Path) -> list[list[str]]:
    """The pip calls that fill `folder` (tasks_offline.download_commands), with the PyTorch
    requirements that `install_commands` installs."""
    return tasks_offline.download_commands(python, folder, target, version, index, constraints,
                                           TORCH_REQUIREMENTS)


def download_packages(*args: str, torch_choice: str | None = None) -> int:
    """Fill a folder with every package that `lab` and `test` install, for one platform and
    Python, and write its manifest. The series itself is not in it: copy the repository too."""
    folder, target, version = parse_download_args(args)
    sys_platform = TARGETS[target].markers["sys_platform"]
    nvidia = target == this_platform() and has_nvidia_gpu()
    index = torch_index(sys_platform, nvidia, torch_choice)
    problem = download_folder_problem(folder, target, version, "cpu" if index else "default")
    if problem:
        sys.exit(problem)
    if index:
        reachable, why = index_reachable(index)
        if not reachable:
            sys.exit(f"PyTorch's CPU index {index} cannot be reached ({why}). Try again later, "
                     "or add --gpu to take PyTorch from the default index (on Linux its CUDA "
                     "build, about 6 GB).")
    say(f"Downloading the packages for {target} and Python {version} into {folder}.")
    say(f"They are for {TARGETS[target].note}.")
    say(download_note(sys_platform, index, torch_choice))
    prepare_venv(VENV)  # its pip does the work
    folder.mkdir(parents=True, exist_ok=True)
    python = venv_paths(VENV)[1]
    with tempfile.TemporaryDirectory() as scratch:
        constraints = Path(scratch) / "torch.txt"
        for command in download_commands(python, folder, target, version, index, constraints):
            if "--constraint" in command:
                constraints.write_text(torch_pins(folder))
            if run(*command) != 0:
                sys.exit("pip download failed: see the messages above (a package with no wheel "
                         f"for {target} and Python {version} cannot go into the folder).")
    manifest = make_manifest(folder, target, version, index)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    say(f"Done: {manifest['file_count']} files, {manifest['size_bytes'] / 1e6:.0f} MB, PyTorch "
        f"{manifest['torch']}. On each computer, in a copy of the series: "
        f"python3 tasks.py install-offline {folder}")
    return 0


def install_offline(folder: str, torch_choice: str | None = None) -> int:
    """Install the series into .venv from a folder made by download-packages, with no network,
    and mark the installs of `lab` and `test` as done."""
    if torch_choice:
        sys.exit("install-offline installs the PyTorch that the folder holds: choose --cpu or "
                 "--gpu when you download.")
    if sys.version_info < (3, 10):
        sys.exit(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}.")
    path = Path(folder).expanduser().resolve()
    problem = offline_problem(path, this_platform(), python_version())
    if problem:
        sys.exit(problem)
    manifest = read_manifest(path)
    prepare_venv(VENV)
    say(f"Installing from {path} ({manifest['file_count']} files, made {manifest['date']}, "
        f"PyTorch {manifest['torch']}), with no network ...")
    (VENV / UNFINISHED).write_text("")
    for command in offline_install_commands(venv_paths(VENV)[1], path):
        if run(*command) != 0:
            sys.exit("pip install failed: see the messages above. The next run rebuilds .venv.")
    for extras in OFFLINE_EXTRAS.split(","):
        stamp, digest = install_stamp(extras)
        stamp.write_text(digest)
    (VENV / UNFINISHED).unlink()
    say("Installed. `python3 tasks.py lab` and `python3 tasks.py test` need no network now.")
    return 0


# --- Commands ---------------------------------------------------------------------------------

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


def lab_command(is_root: bool) -> list[str]:
    """JupyterLab's command line; as root it needs --allow-root or it refuses to start."""
    scripts, _ = venv_paths(VENV)
    command = [str(scripts / "jupyter"), "lab", f"--ServerApp.root_dir={ROOT}",
               str(ROOT / "notebooks" / "01_images_as_tensors.ipynb")]
    return command + ["--allow-root"] if is_root else command


def terminal_sends_sigint_to_child() -> bool:
    """True when a Ctrl-C at the terminal reaches the child by itself: the terminal signals its
    whole foreground process group (on Windows, every process of the console)."""
    if os.name == "nt":
        return True
    for fd in (0, 1, 2):  # the controlling terminal, even with stdin redirected
        try:
            if os.isatty(fd):
                return os.tcgetpgrp(fd) == os.getpgrp()
        except OSError:
            pass
    return False  # no terminal: a SIGINT came from another process, to us only


def run_until_done(command: list[str], popen=subprocess.Popen) -> int:
    """Run `command` and wait for it, through Ctrl-C: each one reaches the child (forwarded as
    SIGINT unless the terminal sent it there already), which decides (JupyterLab asks to
    confirm on the first and stops on the second). A fourth stops it with SIGTERM."""
    print("+", " ".join(command), flush=True)
    child = popen(command, cwd=ROOT)
    interrupts = 0
    while True:
        try:
            code = child.wait()
            break
        except KeyboardInterrupt:
            interrupts += 1
            if interrupts >= 4:
                say("Stopping JupyterLab ...")
                child.terminate()
            elif not terminal_sends_sigint_to_child():
                child.send_signal(signal.SIGINT)
    return 128 - code if code < 0 else code  # killed by signal N: 128 + N, as shells report


def lab(torch_choice: str | None = None) -> int:
    ensure_env("vgg16", torch_choice)
    root = is_root()
    if root:
        say("Running as root (a container or a VM?): adding --allow-root, without which "
            "JupyterLab refuses to start.")
    return run_until_done(lab_command(root))


def test(torch_choice: str | None = None) -> int:
    ensure_env("test", torch_choice)
    ensure_browser()
    _, python = venv_paths(VENV)
    env = dict(os.environ, NST_QUICK="1", PYTHONUNBUFFERED="1")
    env.pop("NST_DEVICE", None)
    # 1. Unit tests and the notebooks with the default network (what readers get).
    first = run(python, "-m", "pytest", "tests", "notebooks", env=env)
    # 2. The notebooks again with an untrained network: they must explain, not crash. The
    #    English ones only: the Chinese edition runs the same code (pass 1 runs it too).
    env_random = dict(env, NST_WEIGHTS="random")
    env_random.pop("NST_ARCH", None)
    english = sorted(str(path) for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    second = run(python, "-m", "pytest", *english, env=env_random)
    return first or second


def gallery(*options: str, torch_choice: str | None = None) -> int:
    ensure_env("vgg16", torch_choice)
    return run(venv_paths(VENV)[1], "-m", "tools.gallery", *options)


def main(argv: list[str]) -> int:
    if argv[:1] == ["_pip"]:  # download-packages' own pip (pip_with_markers)
        return pip_with_markers(*argv[1:])
    commands = {"lab": lab, "test": test, "gallery": gallery,
                "download-packages": download_packages, "install-offline": install_offline}
    name, choice, rest = parse_args(argv)
    fixed = {"lab": 0, "test": 0, "install-offline": 1}  # how many arguments; others: any
    if name not in commands or len(rest) != fixed.get(name, len(rest)):
        sys.exit(__doc__)
    try:
        return commands[name](*rest, torch_choice=choice)
    except KeyboardInterrupt:
        say("\nInterrupted.")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
