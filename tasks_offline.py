"""An offline classroom's folder: which packages go into it, for which platform, and how it is
checked. tasks.py's commands `download-packages DIR` and `install-offline DIR` use it.

    TARGETS                  the platforms a folder can be made for: wheel tags, markers, users
    download_commands        the `pip download` calls that fill the folder, wheels only
    pip_with_markers         pip with the target's environment markers (`tasks.py _pip`)
    torch_pins               pins torch and torchvision to the wheels in the folder
    make_manifest            offline-manifest.json: platform, Python, PyTorch, each file's size
    offline_problem          why a folder cannot be installed here, or None
    download_folder_problem  why a folder cannot take this download, or None
    parse_download_args      the command line of download-packages
    offline_install_commands `pip install --no-index --find-links DIR`

Standard library only, as tasks.py: both run before any virtual environment exists. Only
pip_with_markers runs pip; the rest builds command lines and reads folders. tasks.py runs the
commands in .venv and passes in what it knows: this computer, this Python, the PyTorch
requirements.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple

TASKS = Path(__file__).resolve().with_name("tasks.py")  # download-packages' pip: `tasks.py _pip`

MANIFEST = "offline-manifest.json"  # written into the folder by download-packages
OFFLINE_EXTRAS = "vgg16,test"  # what `lab` (vgg16) and `test` (test) install, together
# As pyproject.toml's [build-system] (tests/test_offline.py checks), for the editable install;
# wheel for setuptools versions that still ask for it.
BUILD_REQUIREMENTS = ("setuptools>=64", "wheel")
# Linux wheels for glibc 2.28 or newer (PyTorch's own floor): every manylinux tag up to 2.28.
MANYLINUX = tuple(f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)) + (
    "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64", "linux_x86_64")


class Target(NamedTuple):
    """A platform a folder can be made for: pip's wheel tags, the environment markers
    (PEP 508) that pip sees there, and who can use it."""
    tags: tuple[str, ...]
    markers: dict
    note: str


TARGETS = {
    "linux-x86_64": Target(MANYLINUX, {"os_name": "posix", "sys_platform": "linux",
                                       "platform_system": "Linux", "platform_machine": "x86_64"},
                           "Linux on x86-64 with glibc 2.28 or newer (Ubuntu 20.04, Debian 10 "
                           "and later)"),
    # pip adds the older macOS versions itself (macosx_14_0 covers 11.0 to 14.0).
    "macos-arm64": Target(("macosx_14_0_arm64",), {"os_name": "posix", "sys_platform": "darwin",
                                                   "platform_system": "Darwin",
                                                   "platform_machine": "arm64"},
                          "macOS 14 or newer on Apple silicon (PyTorch's floor)"),
    "macos-x86_64": Target(("macosx_12_0_x86_64",), {"os_name": "posix", "sys_platform": "darwin",
                                                     "platform_system": "Darwin",
                                                     "platform_machine": "x86_64"},
                           "macOS 12 or newer on Intel; PyTorch stopped at 2.2.2 there, for "
                           "Python 3.12 at most, built for NumPy 1"),
    "windows-amd64": Target(("win_amd64",), {"os_name": "nt", "sys_platform": "win32",
                                             "platform_system": "Windows",
                                             "platform_machine": "AMD64"},
                            "Windows 10 or 11, 64-bit"),
}


def platform_key(platform: str, machine_name: str) -> str:
    """The name of a platform, as in TARGETS: ("linux", "x86_64") -> "linux-x86_64"."""
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(
        "linux" if platform.startswith("linux") else platform, platform)
    arch = machine_name.lower()
    if arch in ("amd64", "x86_64"):
        arch = "amd64" if system == "windows" else "x86_64"
    return f"{system}-{arch}"


def python_version(version=sys.version_info) -> str:
    return f"{version[0]}.{version[1]}"


def target_markers(target: str, version: str, here: str | None = None) -> dict[str, str]:
    """The environment markers that pip should use for `target` and CPython `version`."""
    markers = dict(TARGETS[target].markers, implementation_name="cpython",
                   platform_python_implementation="CPython")
    if version != (here or python_version()):
        markers.update(python_version=version, python_full_version=f"{version}.0")
    return markers


def pip_with_markers(target: str, version: str, *pip_args: str) -> int:
    """Run this Python's pip with the environment markers of `target` (as `tasks.py _pip`).

    pip download evaluates markers such as `platform_system == "Linux"` for the computer it
    runs on, not for its --platform (pypa/pip#11664): a folder for Windows made on Linux would
    get Linux's NVIDIA libraries. So we give pip the target's markers, as pex does."""
    from pip._vendor.packaging import markers

    here, wanted = markers.default_environment, target_markers(target, version)
    markers.default_environment = lambda: {**here(), **wanted}
    from pip._internal.cli.main import main as pip_main

    return pip_main(list(pip_args))


def download_commands(python: str | os.PathLike, folder: Path, target: str, version: str,
                      index: str | None, constraints: Path,
                      torch_requirements: tuple[str, ...]) -> list[list[str]]:
    """The pip calls that fill `folder`, in order, as tasks.py's `install_commands` installs:
    with an index, `torch_requirements` (torch and torchvision) from it first; then the project
    with its extras and the build backend, from the default index, with the torch of the folder
    pinned by `constraints`. Wheels only (--only-binary=:all:): the students' computers build
    nothing."""
    pip = [str(python), str(TASKS), "_pip", target, version, "download",
           "--dest", str(folder), "--only-binary=:all:", "--implementation", "cp",
           "--python-version", version, "--abi", "cp" + version.replace(".", "")]
    for tag in TARGETS[target].tags:
        pip += ["--platform", tag]
    project = pip + [f".[{OFFLINE_EXTRAS}]", *BUILD_REQUIREMENTS]
    if not index:
        return [project]
    return [pip + [*torch_requirements, "--index-url", index],
            project + ["--find-links", str(folder), "--constraint", str(constraints)]]


def wheel_version(name: str) -> tuple[int, ...]:
    """(2, 14, 1) for "2.14.1+cpu": enough to find the newest of a few wheels."""
    return tuple(int(part) for part in re.findall(r"\d+", name.split("+")[0]))


def torch_pins(folder: Path) -> str:
    """Constraints that pin torch and torchvision to the newest wheels in `folder`."""
    pins = []
    for name in ("torch", "torchvision"):
        versions = [w.name.split("-")[1] for w in folder.glob(f"{name}-*.whl")]
        if not versions:
            sys.exit(f"No {name} wheel in {folder} after its download: see pip's messages above.")
        pins.append(f"{name}=={max(versions, key=wheel_version)}")
    return "\n".join(pins) + "\n"


def package_files(folder: Path) -> dict[str, int]:
    """{file name: size in bytes} of the wheels and source archives in `folder`."""
    return {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file()
            and p.name.endswith((".whl", ".tar.gz", ".zip"))}


def make_manifest(folder: Path, target: str, version: str, index: str | None,
                  today: str | None = None) -> dict:
    """What install-offline checks: for which platform and Python, which PyTorch, which files.

    index: where torch came from, as tasks.py's torch_index says: PyTorch's CPU index, or None
    for the default index."""
    files = package_files(folder)
    torch = [name.split("-")[1] for name in files if name.startswith("torch-")]
    return {"made_by": "python3 tasks.py download-packages",
            "date": today or datetime.date.today().isoformat(),
            "platform": target, "python": version,
            "torch_build": "cpu" if index else "default",
            "torch_index": index or "the default index",
            "torch": max(torch, key=wheel_version) if torch else None,
            "file_count": len(files), "size_bytes": sum(files.values()), "files": files}


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest, or None when it has none; exits when it is damaged."""
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        whole = (isinstance(manifest, dict) and {"platform", "python", "files"} <= manifest.keys()
                 and isinstance(manifest["files"], dict))
    except (OSError, ValueError):  # ValueError: not JSON, not UTF-8
        whole = False
    if not whole:
        sys.exit(f"{path} is damaged: copy the folder again, or make it again with "
                 f"python3 tasks.py download-packages {folder}")
    return manifest


def offline_problem(folder: Path, platform: str, version: str) -> str | None:
    """Why `folder` cannot be installed here (on `platform`, Python `version`), or None."""
    make = "python3 tasks.py download-packages"
    remake = f"{make} {folder}"
    if not folder.is_dir():
        return f"There is no folder {folder}. Make one with: {remake}"
    if not any(folder.iterdir()):
        return f"The folder {folder} is empty. Fill it with: {remake}"
    manifest = read_manifest(folder)
    if manifest is None:
        return (f"{folder} has no {MANIFEST}: it was not made by `{remake}`, "
                "or the copy is not complete.")
    if manifest["platform"] != platform:
        return (f"{folder} holds packages for {manifest['platform']}, but this computer is "
                f"{platform}. Make a folder for it with: "
                f"{make} {folder.with_name(f'{folder.name}-{platform}')} --platform {platform}")
    if manifest["python"] != version:
        return (f"{folder} holds packages for Python {manifest['python']}, but this is Python "
                f"{version}. Run this command with Python {manifest['python']}, or make a "
                f"folder for this one with: {make} "
                f"{folder.with_name(f'{folder.name}-py{version}')} --python-version {version}")
    here = package_files(folder)
    lost = [name for name, size in manifest["files"].items() if here.get(name) != size]
    if lost:
        return (f"{len(lost)} of the {len(manifest['files'])} files in {folder} are missing or "
                f"incomplete (first: {lost[0]}): copy the folder again.")
    return None


def download_folder_problem(folder: Path, target: str, version: str, build: str) -> str | None:
    """Why `folder` cannot take packages for `target`, Python `version` and that torch `build`,
    or None: a folder holds one kind only (the files of another would mix with them)."""
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file, not a folder."
    manifest = read_manifest(folder) if folder.is_dir() else None
    if manifest is None:
        return None
    made = (manifest["platform"], manifest["python"], manifest.get("torch_build"))
    if made != (target, version, build):
        torch = "PyTorch's CPU build" if made[2] == "cpu" else "PyTorch from the default index"
        return (f"{folder} holds packages for {made[0]}, Python {made[1]}, with {torch}: "
                "choose another folder, or empty this one.")
    return None


def parse_download_args(args: tuple[str, ...] | list[str], this_platform: str,
                        this_python: str) -> tuple[Path, str, str]:
    """(folder, platform, Python version) from download-packages' arguments; without
    --platform or --python-version, `this_platform` and `this_python` (this computer's)."""
    usage = ("Usage: python3 tasks.py download-packages DIR [--platform NAME] "
             f"[--python-version X.Y] [--cpu|--gpu]\n  NAME: {', '.join(TARGETS)}")
    options = {"--platform": this_platform, "--python-version": this_python}
    folders = []
    items = list(args)
    while items:
        item = items.pop(0)
        name, equals, value = item.partition("=")
        if name in options:
            if not equals:
                if not items:
                    sys.exit(f"{name} needs a value.\n{usage}")
                value = items.pop(0)
            options[name] = value
        elif item.startswith("-"):
            sys.exit(f"Unknown option {item}.\n{usage}")
        else:
            folders.append(item)
    if len(folders) != 1:
        sys.exit(f"Name one folder to download into.\n{usage}")
    target, version = options["--platform"], options["--python-version"]
    if target not in TARGETS:
        sys.exit(f"No folder can be made for {target}: choose one of {', '.join(TARGETS)}.")
    if not re.fullmatch(r"3\.\d+", version) or int(version.split(".")[1]) < 10:
        sys.exit(f"--python-version {version}: the series needs Python 3.10 or newer, as X.Y "
                 "(for example 3.12).")
    return Path(folders[0]).expanduser().resolve(), target, version


def offline_install_commands(python: str | os.PathLike, folder: Path) -> list[list[str]]:
    """One pip call: everything from `folder` only (--no-index), the project editable as
    `lab` installs it; pip builds it with the setuptools of the folder."""
    return [[str(python), "-m", "pip", "install", "--no-index", "--find-links", str(folder),
             "-e", f".[{OFFLINE_EXTRAS}]"]]
