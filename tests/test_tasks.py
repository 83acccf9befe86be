"""tasks.py, the set-up script: which PyTorch each machine gets, the fallback when PyTorch's CPU
index cannot be reached, half-made virtual environments, a missing venv module, root, Ctrl-C.

Nothing here installs or downloads: pip, the network and JupyterLab are replaced by fakes, so
the macOS and Windows cases run on Linux (README, Quick start: what was tested where)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
from pathlib import Path

import pytest

import tasks

CPU = tasks.CPU_INDEX


# --- Which index, for each platform -----------------------------------------------------------

@pytest.mark.parametrize("platform, nvidia, choice, expected", [
    ("linux", False, None, CPU),     # a plain Linux laptop or CI: the CPU-only build
    ("linux", True, None, None),     # an NVIDIA GPU: PyPI's CUDA build
    ("linux", True, "cpu", CPU),     # --cpu wins over the GPU
    ("linux", False, "gpu", None),   # --gpu wins over no GPU
    ("linux", False, "cpu", CPU),
    ("linux", True, "gpu", None),
    ("darwin", False, None, None),   # macOS wheels are CPU/Apple GPU already
    ("darwin", False, "cpu", None),
    ("darwin", False, "gpu", None),
    ("win32", False, None, None),    # Windows' PyPI torch is the CPU build
    ("win32", True, None, None),
    ("win32", False, "cpu", None),
    ("win32", True, "gpu", None),
])
def test_torch_index_for_each_platform(platform, nvidia, choice, expected):
    assert tasks.torch_index(platform, nvidia, choice) == expected


def test_the_cpu_index_is_pytorchs():
    assert CPU == "https://download.pytorch.org/whl/cpu"


def test_nvidia_detection(tmp_path):
    nothing = str(tmp_path / "absent")
    assert not tasks.has_nvidia_gpu(which=lambda name: None, driver=nothing)
    assert tasks.has_nvidia_gpu(which=lambda name: "/usr/bin/nvidia-smi", driver=nothing)
    assert tasks.has_nvidia_gpu(which=lambda name: None, driver=str(tmp_path))


def test_install_commands_cpu_index_first_then_the_project_from_the_default_index():
    first, second = tasks.install_commands("py", ".[test]", CPU)
    assert first == ["py", "-m", "pip", "install", "torch>=2.2", "torchvision>=0.17",
                     "--index-url", CPU]
    assert second == ["py", "-m", "pip", "install", "-e", ".[test]"]
    # The second call must keep the CPU torch: no other index, no upgrade, and progress shown.
    for command in (first, second):
        assert not {"--extra-index-url", "--upgrade", "-U", "--quiet", "-q"} & set(command)


def test_install_commands_default_index_and_swap():
    assert tasks.install_commands("py", ".", None) == [["py", "-m", "pip", "install", "-e", "."]]
    commands = tasks.install_commands("py", ".", None, swap=True)
    assert commands[0] == ["py", "-m", "pip", "uninstall", "-y", "torch", "torchvision"]
    assert commands[1:] == [["py", "-m", "pip", "install", "-e", "."]]


def test_torch_requirements_are_pyprojects():
    tomllib = pytest.importorskip("tomllib")
    pyproject = tomllib.loads((tasks.ROOT / "pyproject.toml").read_text())
    assert set(tasks.TORCH_REQUIREMENTS) <= set(pyproject["project"]["dependencies"])


def test_download_note_says_what_comes():
    cpu = tasks.download_note("linux", CPU)
    assert "CPU-only" in cpu and CPU in cpu and "200 MB" in cpu
    cuda = tasks.download_note("linux", None)
    assert "CUDA" in cuda and "6 GB" in cuda
    assert "macOS" in tasks.download_note("darwin", None)
    assert "CPU build" in tasks.download_note("win32", None)
    assert "no CUDA build for Windows" in tasks.download_note("win32", None, "gpu")


@pytest.mark.parametrize("platform, installed, index, choice, swap", [
    ("linux", "2.5.1", CPU, "cpu", True),        # --cpu on a CUDA build
    ("linux", "2.5.1+cu124", CPU, "cpu", True),
    ("linux", "2.5.1+cpu", None, "gpu", True),   # --gpu on the CPU build
    ("linux", "2.5.1+cpu", CPU, "cpu", False),
    ("linux", "2.5.1", None, "gpu", False),
    ("linux", "2.5.1", CPU, None, False),        # no flag: keep what is there
    ("linux", None, CPU, "cpu", False),          # nothing installed: nothing to swap
    ("darwin", "2.5.1", None, "cpu", False),
    ("win32", "2.5.1+cpu", None, "gpu", False),
])
def test_needs_torch_swap(platform, installed, index, choice, swap):
    assert tasks.needs_torch_swap(platform, installed, index, choice) is swap


@pytest.mark.parametrize("argv, expected", [
    (["lab"], ("lab", None, [])),
    (["lab", "--cpu"], ("lab", "cpu", [])),
    (["--gpu", "test"], ("test", "gpu", [])),
    (["gallery", "03", "--cpu", "--publish"], ("gallery", "cpu", ["03", "--publish"])),
    ([], (None, None, [])),
])
def test_parse_args(argv, expected):
    assert tasks.parse_args(argv) == expected


def test_parse_args_refuses_both_flags():
    with pytest.raises(SystemExit, match="one of --cpu and --gpu"):
        tasks.parse_args(["lab", "--cpu", "--gpu"])


def test_main_passes_the_choice_and_refuses_bad_commands(monkeypatch):
    seen = []
    monkeypatch.setattr(tasks, "lab", lambda torch_choice=None: seen.append(torch_choice) or 0)
    assert tasks.main(["lab", "--cpu"]) == 0 and seen == ["cpu"]
    for argv in ([], ["nope"], ["lab", "extra"]):
        with pytest.raises(SystemExit) as info:
            tasks.main(argv)
        assert "python3 tasks.py lab" in str(info.value.code)


def test_main_turns_ctrl_c_into_a_message(monkeypatch, capsys):
    def interrupted(torch_choice=None):
        raise KeyboardInterrupt
    monkeypatch.setattr(tasks, "test", interrupted)
    assert tasks.main(["test"]) == 130
    assert "Interrupted" in capsys.readouterr().out


# --- Reachability: seconds at most ------------------------------------------------------------

class _Answer:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_reachable_when_the_index_answers():
    assert tasks.index_reachable(CPU, opener=lambda url, **kw: _Answer()) == (True, "")


def test_unreachable_index_fails_fast_with_the_reason():
    def no_dns(url, **kw):
        raise urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))
    start = time.monotonic()
    ok, why = tasks.index_reachable(CPU, opener=no_dns)
    assert not ok and "Name or service not known" in why
    assert time.monotonic() - start < 1


def test_an_index_that_never_answers_costs_the_timeout_only():
    release = threading.Event()

    def hangs(url, **kw):
        release.wait(30)  # a dropped packet or a stuck name lookup
        return _Answer()
    start = time.monotonic()
    ok, why = tasks.index_reachable(CPU, timeout=0.2, opener=hangs)
    release.set()
    assert not ok and "no answer within 0.2 s" in why
    assert time.monotonic() - start < 2
    assert tasks.REACH_TIMEOUT <= 5


def test_an_http_error_counts_as_unreachable():
    def refused(url, **kw):
        raise urllib.error.HTTPError(url, 403, "Forbidden", {}, None)
    assert tasks.index_reachable(CPU, opener=refused) == (False, "HTTP 403")


def test_a_closed_port_is_unreachable_for_real():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    ok, why = tasks.index_reachable(f"http://127.0.0.1:{port}")
    assert not ok and why
    assert time.monotonic() - start < tasks.REACH_TIMEOUT + 1


# --- ensure_env, with pip and the network faked -----------------------------------------------

@pytest.fixture
def fake_env(tmp_path, monkeypatch):
    """tasks with its .venv in tmp_path, and pip, nvidia, the network and torch faked."""
    venv = tmp_path / ".venv"
    monkeypatch.setattr(tasks, "VENV", venv)
    monkeypatch.setattr(tasks, "prepare_venv", lambda path: path.mkdir(exist_ok=True))
    state = {"platform": "linux", "nvidia": False, "reachable": True, "torch": None,
             "fail": set(), "commands": [], "probes": 0}

    def reachable(url):
        state["probes"] += 1
        return (True, "") if state["reachable"] else (False, "gaierror: Name or service not known")

    def run(*args, env=None):
        command = [str(a) for a in args]
        state["commands"].append(command)
        if "--index-url" in command and "torch" in state["fail"]:
            return 1
        if "-e" in command and "project" in state["fail"]:
            return 1
        if "--index-url" in command:
            state["torch"] = "2.5.1+cpu"
        elif "uninstall" in command:
            state["torch"] = None
        elif state["torch"] is None:
            state["torch"] = "2.5.1"  # the default index's build
        return 0

    monkeypatch.setattr(tasks, "index_reachable", reachable)
    monkeypatch.setattr(tasks, "run", run)
    monkeypatch.setattr(tasks, "installed_torch", lambda python: state["torch"])
    monkeypatch.setattr(tasks, "has_nvidia_gpu", lambda: state["nvidia"])

    def configure(**changes):
        state.update(changes)
        monkeypatch.setattr(tasks, "PLATFORM", state["platform"])
        return state
    configure()
    state["configure"] = configure
    state["venv"] = venv
    return state


def _index_urls(state):
    return [c[c.index("--index-url") + 1] for c in state["commands"] if "--index-url" in c]


def test_linux_without_gpu_installs_torch_from_the_cpu_index(fake_env, capsys):
    tasks.ensure_env("test")
    assert _index_urls(fake_env) == [CPU]
    assert fake_env["commands"][-1][-2:] == ["-e", ".[test]"]
    out = capsys.readouterr().out
    assert "CPU-only build" in out and "200 MB" in out
    assert (fake_env["venv"] / ".installed-test").exists()
    assert not (fake_env["venv"] / tasks.UNFINISHED).exists()


def test_unreachable_cpu_index_falls_back_to_the_default_index(fake_env, capsys):
    fake_env["configure"](reachable=False)
    tasks.ensure_env("test")
    out = capsys.readouterr().out
    assert "cannot be reached" in out and "falling back to the default index" in out
    assert "CUDA build" in out and "6 GB" in out
    assert fake_env["probes"] == 1
    assert _index_urls(fake_env) == []
    assert [c[-2:] for c in fake_env["commands"]] == [["-e", ".[test]"]]
    assert (fake_env["venv"] / ".installed-test").exists()


@pytest.mark.parametrize("platform, nvidia, choice", [
    ("linux", True, None), ("linux", False, "gpu"), ("darwin", False, None),
    ("darwin", False, "cpu"), ("win32", False, None), ("win32", False, "gpu"),
])
def test_the_default_index_cases_need_no_probe(fake_env, platform, nvidia, choice):
    fake_env["configure"](platform=platform, nvidia=nvidia)
    tasks.ensure_env("vgg16", choice)
    assert fake_env["probes"] == 0
    assert fake_env["commands"] == [[str(tasks.venv_paths(fake_env["venv"])[1]), "-m", "pip",
                                     "install", "-e", ".[vgg16]"]]


def test_cpu_flag_on_a_gpu_machine(fake_env):
    fake_env["configure"](nvidia=True)
    tasks.ensure_env("vgg16", "cpu")
    assert _index_urls(fake_env) == [CPU]


def test_a_failed_cpu_torch_install_falls_back_too(fake_env, capsys):
    fake_env["fail"].add("torch")
    tasks.ensure_env("test")
    assert "failed: falling back to the default index" in capsys.readouterr().out
    assert fake_env["commands"][-1][-2:] == ["-e", ".[test]"]
    assert (fake_env["venv"] / ".installed-test").exists()


def test_a_failed_install_leaves_its_mark_for_the_next_run(fake_env):
    fake_env["fail"].add("project")
    with pytest.raises(SystemExit, match="pip install failed"):
        tasks.ensure_env("test")
    assert not (fake_env["venv"] / ".installed-test").exists()
    assert (fake_env["venv"] / tasks.UNFINISHED).exists()


def test_an_up_to_date_install_is_skipped(fake_env):
    tasks.ensure_env("test")
    fake_env["commands"].clear()
    fake_env["probes"] = 0
    tasks.ensure_env("test")
    assert fake_env["commands"] == [] and fake_env["probes"] == 0


def test_an_installed_torch_is_kept_when_the_project_changes(fake_env, capsys):
    fake_env["configure"](torch="2.5.1")
    tasks.ensure_env("test")
    assert "installed already: keeping it" in capsys.readouterr().out
    assert fake_env["probes"] == 0 and _index_urls(fake_env) == []


def test_gpu_flag_replaces_a_cpu_build_even_when_up_to_date(fake_env):
    tasks.ensure_env("vgg16")
    assert fake_env["torch"] == "2.5.1+cpu"
    fake_env["commands"].clear()
    tasks.ensure_env("vgg16", "gpu")
    assert "uninstall" in fake_env["commands"][0]
    assert _index_urls(fake_env) == [] and fake_env["torch"] == "2.5.1"


def test_cpu_flag_replaces_a_cuda_build(fake_env):
    fake_env["configure"](torch="2.5.1")
    tasks.ensure_env("vgg16", "cpu")
    assert "uninstall" in fake_env["commands"][0]
    assert _index_urls(fake_env) == [CPU] and fake_env["torch"] == "2.5.1+cpu"


def test_cpu_flag_keeps_the_cuda_build_when_the_index_is_unreachable(fake_env, capsys):
    fake_env["configure"](torch="2.5.1", reachable=False)
    tasks.ensure_env("vgg16", "cpu")
    assert "Keeping the installed PyTorch 2.5.1" in capsys.readouterr().out
    assert not any("uninstall" in c for c in fake_env["commands"])
    assert fake_env["torch"] == "2.5.1"


# --- The virtual environment: half-made ones, a missing venv module ---------------------------

def _venv(tmp_path, python=True, cfg=True):
    venv = tmp_path / ".venv"
    scripts, exe = tasks.venv_paths(venv)
    scripts.mkdir(parents=True)
    if cfg:
        (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    if python:
        exe.write_text("")
    return venv


def _pip(code):
    return lambda command, **kw: subprocess.CompletedProcess(command, code)


def test_venv_paths():
    assert tasks.venv_paths(Path("v"), windows=True) == (Path("v/Scripts"), Path("v/Scripts/python.exe"))
    assert tasks.venv_paths(Path("v"), windows=False) == (Path("v/bin"), Path("v/bin/python"))


def test_venv_problem_none_for_a_missing_or_working_venv(tmp_path):
    assert tasks.venv_problem(tmp_path / "absent") is None
    assert tasks.venv_problem(_venv(tmp_path), runner=_pip(0)) is None


def test_venv_problem_finds_half_made_ones(tmp_path):
    assert "pyvenv.cfg" in tasks.venv_problem(_venv(tmp_path / "a", cfg=False), runner=_pip(0))
    assert "no bin/python" in tasks.venv_problem(_venv(tmp_path / "b", python=False), runner=_pip(0))
    assert "no pip" in tasks.venv_problem(_venv(tmp_path / "c"), runner=_pip(1))

    def broken(command, **kw):
        raise OSError("exec format error")
    assert "does not start" in tasks.venv_problem(_venv(tmp_path / "d"), runner=broken)
    venv = _venv(tmp_path / "e")
    (venv / tasks.UNFINISHED).write_text("")
    assert "did not finish" in tasks.venv_problem(venv, runner=_pip(0))


def test_a_real_venv_without_pip_is_half_made(tmp_path):
    # What Debian's python3 -m venv leaves behind when python3-venv is missing.
    import venv
    venv.create(tmp_path / ".venv", with_pip=False, symlinks=sys.platform != "win32")
    assert "no pip" in tasks.venv_problem(tmp_path / ".venv")


def test_prepare_venv_rebuilds_a_half_made_one(tmp_path, monkeypatch, capsys):
    import venv as venv_module
    venv = _venv(tmp_path)
    (venv / "leftover").write_text("")
    problems = iter(["its Python does not start or has no pip", None])
    monkeypatch.setattr(tasks, "venv_problem", lambda path: next(problems))
    created = []
    monkeypatch.setattr(venv_module, "create", lambda path, **kw: created.append(path) or path.mkdir())
    tasks.prepare_venv(venv)
    assert created == [venv] and not (venv / "leftover").exists()
    assert "half-made" in capsys.readouterr().out


def test_prepare_venv_reuses_a_working_one(tmp_path, monkeypatch):
    import venv as venv_module
    venv = _venv(tmp_path)
    monkeypatch.setattr(tasks, "venv_problem", lambda path: None)
    monkeypatch.setattr(venv_module, "create", lambda *a, **kw: pytest.fail("recreated"))
    tasks.prepare_venv(venv)
    assert (venv / "pyvenv.cfg").exists()


def test_missing_venv_module_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "can_make_venvs", lambda: False)
    with pytest.raises(SystemExit) as info:
        tasks.prepare_venv(tmp_path / ".venv")
    message = str(info.value.code)
    v = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if sys.platform.startswith("linux"):
        assert "sudo apt install python3-venv" in message and f"python{v}-venv" in message
    assert not (tmp_path / ".venv").exists()


def test_venv_missing_message_per_platform():
    linux = tasks.venv_missing_message((3, 12), "linux")
    assert "sudo apt install python3-venv" in linux and "python3.12-venv" in linux
    assert "python.org" in tasks.venv_missing_message((3, 12), "darwin")


def test_can_make_venvs():
    assert not tasks.can_make_venvs(find_spec=lambda name: None if name == "ensurepip" else object())
    assert tasks.can_make_venvs(find_spec=lambda name: object())


def test_a_failing_ensurepip_is_explained_and_cleaned_up(tmp_path, monkeypatch):
    import venv as venv_module
    monkeypatch.setattr(tasks, "can_make_venvs", lambda: True)

    def half(path, **kw):
        (path / "bin").mkdir(parents=True)
        raise subprocess.CalledProcessError(1, ["python", "-m", "ensurepip"])
    monkeypatch.setattr(venv_module, "create", half)
    with pytest.raises(SystemExit) as info:
        tasks.prepare_venv(tmp_path / ".venv")
    assert "ensurepip" in str(info.value.code) and "venv" in str(info.value.code)
    assert not (tmp_path / ".venv").exists()


# --- lab: root, Ctrl-C --------------------------------------------------------------------------

def test_lab_command_adds_allow_root_only_as_root():
    assert tasks.lab_command(True)[-1] == "--allow-root"
    plain = tasks.lab_command(False)
    assert "--allow-root" not in plain and plain[1] == "lab"
    assert plain[-1].endswith("01_images_as_tensors.ipynb")


@pytest.mark.parametrize("root", [True, False])
def test_lab_as_root_says_why(monkeypatch, capsys, root):
    commands = []
    monkeypatch.setattr(tasks, "ensure_env", lambda extras, choice=None: None)
    monkeypatch.setattr(tasks, "is_root", lambda: root)
    monkeypatch.setattr(tasks, "run_until_done", lambda command: commands.append(command) or 0)
    assert tasks.lab() == 0
    out = capsys.readouterr().out
    assert ("--allow-root" in commands[0]) is root
    assert ("--allow-root" in out) is root and ("root" in out) is root


class FakeJupyter:
    """A Popen whose wait() is interrupted by Ctrl-C `interrupts` times."""

    def __init__(self, interrupts, code=0):
        self.interrupts, self.code = interrupts, code
        self.signals, self.terminated = [], False

    def __call__(self, command, **kw):
        self.command = command
        return self

    def wait(self):
        if self.interrupts:
            self.interrupts -= 1
            raise KeyboardInterrupt
        return self.code

    def send_signal(self, sig):
        self.signals.append(sig)

    def terminate(self):
        self.terminated = True


def test_ctrl_c_is_forwarded_and_the_child_awaited(monkeypatch):
    monkeypatch.setattr(tasks, "terminal_sends_sigint_to_child", lambda: False)
    child = FakeJupyter(interrupts=2)  # JupyterLab: the first asks, the second stops it
    assert tasks.run_until_done(["jupyter", "lab"], popen=child) == 0
    assert child.signals == [signal.SIGINT, signal.SIGINT] and not child.terminated


def test_ctrl_c_from_the_terminal_is_not_sent_twice(monkeypatch):
    monkeypatch.setattr(tasks, "terminal_sends_sigint_to_child", lambda: True)
    child = FakeJupyter(interrupts=1)
    assert tasks.run_until_done(["jupyter", "lab"], popen=child) == 0
    assert child.signals == []


def test_a_fourth_ctrl_c_terminates(monkeypatch):
    monkeypatch.setattr(tasks, "terminal_sends_sigint_to_child", lambda: True)
    child = FakeJupyter(interrupts=4, code=-signal.SIGTERM)
    assert tasks.run_until_done(["jupyter", "lab"], popen=child) == 128 + signal.SIGTERM
    assert child.terminated


def test_no_terminal_means_forwarding(monkeypatch):
    monkeypatch.setattr(tasks.os, "isatty", lambda fd: False)
    if tasks.os.name != "nt":
        assert tasks.terminal_sends_sigint_to_child() is False


CHILD = """
import pathlib, signal, sys, time
log = pathlib.Path(sys.argv[1])
def handler(sig, frame):
    with log.open("a") as f:
        f.write("SIGINT\\n")
    if log.read_text().count("SIGINT") == 2:  # like JupyterLab: the second one stops it
        sys.exit(0)
signal.signal(signal.SIGINT, handler)
pathlib.Path(sys.argv[2]).write_text("ready")
while True:
    time.sleep(0.05)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_reaches_a_real_child_and_tasks_exits_cleanly(tmp_path):
    """Two SIGINTs to tasks.py (not from a terminal, so forwarded): the child gets both and
    stops, tasks.py returns its code without a traceback."""
    child, log, ready = tmp_path / "child.py", tmp_path / "log", tmp_path / "ready"
    child.write_text(CHILD)
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
         f"sys.path.insert(0, {str(tasks.ROOT)!r}); import tasks; "
         f"sys.exit(tasks.run_until_done([sys.executable, {str(child)!r}, {str(log)!r}, {str(ready)!r}]))"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        def wait_for(condition):
            deadline = time.monotonic() + 20
            while not condition():
                assert time.monotonic() < deadline and parent.poll() is None, parent.communicate()
                time.sleep(0.05)
        wait_for(ready.exists)
        parent.send_signal(signal.SIGINT)
        wait_for(lambda: log.exists() and log.read_text().count("SIGINT") == 1)
        parent.send_signal(signal.SIGINT)
        out, err = parent.communicate(timeout=20)
    finally:
        if parent.poll() is None:
            parent.kill()
    assert parent.returncode == 0, err
    assert "Traceback" not in err
    assert log.read_text().count("SIGINT") == 2
