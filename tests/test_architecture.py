"""The shape of the helpers package: its rooms, who may import whom, and a normal install.

docs/architecture.md explains the rooms. In short:

    core            config, images, weights, vgg, losses, objective, optimize, stylize, messages
    extensions      color, masks, stroke_size, multiscale, classify, download,
                    transform_net, train_transform, painters, style_stats
    teaching tools  plotting/, widgets/, checks/

    the core imports only the core, and never matplotlib, ipywidgets or IPython;
    the extensions import the core and other extensions;
    the teaching tools may import anything in helpers.

The import rules are checked on the source text (with `ast`): no module is imported, so the
test is fast and needs none of the libraries. A module inside a subpackage (helpers/widgets/base.py)
is in the room of its subpackage (widgets). helpers/__init__.py, the package itself, is in no
room: it is the front door that re-exports names for the notebooks (see FRONT_DOOR below).

The last two tests build a wheel from a copy of the repository and install it somewhere else,
so they see what a student's `pip install` sees, not the files of this checkout.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "helpers"

#: The rooms, by the name under helpers/ (a module or a subpackage). Keep in step with
#: docs/architecture.md and the docstring of helpers/__init__.py.
ROOMS = {
    "core": {"config", "inputs", "images", "memory", "weights", "vgg", "losses", "objective", "optimize",
             "budget", "lbfgs", "stylize", "messages"},
    "extensions": {"color", "masks", "stroke_size", "multiscale", "classify", "download",
                   "transform_net", "train_transform", "painters", "style_stats", "tutorial_recipe"},
    "teaching tools": {"plotting", "widgets", "checks"},
}

#: Which rooms each room may import from.
MAY_IMPORT = {
    "core": {"core"},
    "extensions": {"core", "extensions"},
    "teaching tools": {"core", "extensions", "teaching tools"},
}

#: Libraries a room must not import (top-level names). tqdm is allowed: optimize.py uses
#: tqdm.auto for its progress bar, which works without a notebook too.
FORBIDDEN_LIBRARIES = {"core": {"matplotlib", "ipywidgets", "IPython"}}

#: helpers/__init__.py: the package itself. It may re-export the core, the extensions and
#: plotting, but not widgets or checks, so that `import helpers` does not load ipywidgets.
#: No room but the teaching tools may import it: it loads every room.
FRONT_DOOR = "helpers"
FRONT_DOOR_MAY_NOT_IMPORT = {"widgets", "checks"}

HOW_TO_ADD = ("add it to one room in docs/architecture.md and in ROOMS in "
              "tests/test_architecture.py")


# --- the checker -------------------------------------------------------------------------------

def module_names(package_dir: Path) -> dict[str, Path]:
    """{dotted name: file} for every .py file under `package_dir` (__pycache__ left out)."""
    root = package_dir.name
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = [root, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def room_of(module: str, rooms: dict[str, set[str]]) -> str | None:
    """The room of a dotted helpers name; FRONT_DOOR for the package itself; None: no room."""
    parts = module.split(".")
    if len(parts) == 1:
        return FRONT_DOOR
    found = [room for room, members in rooms.items() if parts[1] in members]
    return found[0] if len(found) == 1 else None


def imports_of(module: str, path: Path, known: set[str], package: str):
    """(line, imported name) for every import in the file, the helpers ones resolved to the
    helpers module they load. Relative imports are resolved from `module`; in
    `from . import x` and `from .. import x`, x is the module helpers.x when there is one."""
    is_package = path.name == "__init__.py"
    here = module.split(".") if is_package else module.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):  # also imports inside functions
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if node.level - 1 >= len(here):
                    yield node.lineno, "." * node.level + (node.module or "")
                    continue
                base = ".".join(here[: len(here) - (node.level - 1)])
                if node.module:
                    base = f"{base}.{node.module}"
            else:
                base = node.module or ""
            if base != package and not base.startswith(package + "."):
                yield node.lineno, base
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield node.lineno, candidate if candidate in known else base


def check_package(package_dir: Path, rooms: dict[str, set[str]] = ROOMS) -> list[str]:
    """Every broken rule under `package_dir`, one sentence each: the module, the import, the rule.

    An empty list means the package keeps all the rules.
    """
    package = package_dir.name
    modules = module_names(package_dir)
    problems = []
    tops = {name.split(".")[1] for name in modules if "." in name}
    for room, members in rooms.items():
        for missing in sorted(members - tops):
            problems.append(f"ROOMS puts {package}.{missing} in the {room}, but there is no such "
                            f"module: remove it from docs/architecture.md and the test")
    for module, path in modules.items():
        where = f"{module} ({path.relative_to(package_dir.parent).as_posix()})"
        room = room_of(module, rooms)
        if room is None:
            problems.append(f"{where} is in no room (or in more than one): {HOW_TO_ADD}")
            continue
        for line, name in imports_of(module, path, set(modules), package):
            at = f"{where}, line {line}, imports {name}"
            if name.startswith("."):
                problems.append(f"{at}: a relative import that leaves the {package} package")
                continue
            if name != package and not name.startswith(package + "."):
                library = name.split(".")[0]
                if library in FORBIDDEN_LIBRARIES.get(room, ()):
                    problems.append(f"{at}: the {room} must not import {library} "
                                    f"(a figure or a widget belongs in the teaching tools)")
                continue
            target = room_of(name, rooms)
            if room == FRONT_DOOR:
                top = name.split(".")[1] if "." in name else None
                if top in FRONT_DOOR_MAY_NOT_IMPORT:
                    problems.append(f"{at}: {package}/__init__.py must not import "
                                    f"{', '.join(sorted(FRONT_DOOR_MAY_NOT_IMPORT))} "
                                    f"(`import {package}` must not load ipywidgets)")
                continue
            if target is None:
                problems.append(f"{at}, which is in no room: {HOW_TO_ADD}")
            elif target == FRONT_DOOR:
                if room != "teaching tools":
                    problems.append(f"{at}, the package itself, which loads every room: the "
                                    f"{room} must import from the module, e.g. "
                                    f"`from .vgg import load_vgg`")
            elif target not in MAY_IMPORT[room]:
                allowed = " and ".join(sorted(MAY_IMPORT[room]))
                problems.append(f"{at}, which is in the {target}: the {room} may import only "
                                f"the {allowed}")
    return problems


# --- the rules, on the real package ------------------------------------------------------------

def test_rooms_do_not_overlap():
    seen = {}
    for room, members in ROOMS.items():
        for name in members:
            assert name not in seen, f"helpers.{name} is in two rooms: {seen[name]} and {room}"
            seen[name] = room


def test_helpers_keeps_the_import_rules():
    problems = check_package(PACKAGE)
    assert not problems, "helpers breaks the rules of docs/architecture.md:\n" + "\n".join(problems)


def test_the_checker_sees_imports():
    """Guard against a checker that passes because it finds nothing."""
    modules = module_names(PACKAGE)
    found = {name for _, name in imports_of("helpers.stylize", modules["helpers.stylize"],
                                            set(modules), "helpers")}
    assert {"helpers.config", "helpers.images", "helpers.objective", "helpers.optimize",
            "helpers.vgg", "torch"} <= found, found
    assert "helpers.widgets.base" in modules and "helpers.plotting" in modules


def test_the_map_names_every_room_member():
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [name for members in ROOMS.values() for name in sorted(members)
               if f"`{name}" not in text]
    assert not missing, f"docs/architecture.md does not mention {missing}: add them to its map"


# --- the checker can fail: a small fake package ------------------------------------------------

def _fake_package(root: Path, files: dict[str, str]) -> Path:
    base = {"__init__.py": "from . import vgg\n", "vgg.py": "import torch\n",
            "color.py": "from .vgg import load_vgg\n", "widgets/__init__.py": "import ipywidgets\n"}
    for name, text in {**base, **files}.items():
        path = root / "helpers" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "helpers"


FAKE_ROOMS = {"core": {"vgg"}, "extensions": {"color"}, "teaching tools": {"widgets"}}


def test_fake_package_that_keeps_the_rules_passes(tmp_path):
    assert check_package(_fake_package(tmp_path, {}), FAKE_ROOMS) == []


@pytest.mark.parametrize("line", ["import helpers.widgets", "from helpers.widgets import Explorer",
                                  "from .widgets import Explorer", "from . import widgets",
                                  "def later():\n    from helpers import widgets"])
def test_core_importing_widgets_is_reported(tmp_path, line):
    package = _fake_package(tmp_path, {"vgg.py": f"import torch\n{line}\n"})
    problems = check_package(package, FAKE_ROOMS)
    assert len(problems) == 1, problems
    assert "helpers.vgg" in problems[0] and "imports helpers.widgets" in problems[0]
    assert "the core may import only the core" in problems[0]


def test_other_broken_rules_are_reported(tmp_path):
    package = _fake_package(tmp_path, {
        "vgg.py": "import matplotlib.pyplot as plt\n",                 # a library the core may not use
        "color.py": "from ..widgets import base\n",                    # leaves the package
        "masks.py": "from .widgets import Explorer\n",                 # a module in no room
        "widgets/base.py": "from .. import color, vgg\n",              # fine: teaching tools
        "__init__.py": "from .widgets import Explorer\n",              # the front door's rule
    })
    problems = "\n".join(check_package(package, FAKE_ROOMS))
    assert "helpers.vgg (helpers/vgg.py), line 1, imports matplotlib.pyplot: the core must not " \
           "import matplotlib" in problems, problems
    assert "helpers.color (helpers/color.py), line 1, imports ..widgets" in problems, problems
    assert "helpers.masks (helpers/masks.py) is in no room" in problems, problems
    assert "docs/architecture.md" in problems
    assert "helpers/__init__.py must not import" in problems, problems
    assert "widgets/base.py" not in problems, problems


# --- a normal (non-editable) install -----------------------------------------------------------

def _build_tools_missing() -> str | None:
    if importlib.util.find_spec("pip") is None:
        return "pip is not installed in this environment"
    if importlib.util.find_spec("setuptools") is None:
        return "setuptools is not installed in this environment (pip install setuptools)"
    # The version from its metadata: importing setuptools here would patch distutils in
    # the test process.
    from importlib.metadata import version as installed_version
    version = tuple(int(p) for p in installed_version("setuptools").split(".")[:2] if p.isdigit())
    if version < (70, 1) and importlib.util.find_spec("wheel") is None:
        return "setuptools older than 70.1 needs the `wheel` package to build a wheel"
    return None


needs_build_tools = pytest.mark.skipif(_build_tools_missing() is not None,
                                       reason=f"cannot build a wheel: {_build_tools_missing()}")

#: Not copied for the build: git, environments, caches, earlier build output (a stale build/lib
#: would put deleted modules into the wheel), and folders that can grow large.
_NOT_COPIED_AT_TOP = {".git", ".venv", "build", "dist", ".cache", "student", "outputs", ".whl",
                      ".gl", ".pytest_cache"}


def _ignore(folder, names):
    at_top = Path(folder).resolve() == REPO
    return {n for n in names if n == "__pycache__" or n.endswith(".egg-info")
            or n == ".ipynb_checkpoints" or (at_top and n in _NOT_COPIED_AT_TOP)}


def _run(command, **kwargs):
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, (f"{' '.join(map(str, command))} failed ({done.returncode}):\n"
                                  f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a clean copy of this checkout, without network or build isolation."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=_ignore)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "--disable-pip-version-check", "-w", str(work / "dist"), str(source)])
    wheels = list((work / "dist").glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _repo_python_files() -> set[str]:
    return {p.relative_to(REPO).as_posix() for p in PACKAGE.rglob("*.py")
            if "__pycache__" not in p.parts}


@needs_build_tools
def test_wheel_holds_every_helpers_module(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for init in ("helpers/widgets/__init__.py", "helpers/checks/__init__.py",
                 "helpers/plotting/__init__.py"):
        assert init in names, f"{wheel.name} lacks {init}: check [tool.setuptools.packages.find]"
    in_wheel = {n for n in names if n.endswith(".py")}
    missing = sorted(_repo_python_files() - in_wheel)
    assert not missing, f"{wheel.name} lacks {missing} (files in helpers/ of the repository)"
    extra = sorted(in_wheel - _repo_python_files())
    assert not extra, f"{wheel.name} holds {extra}, which are not in helpers/ of the repository"
    for data in ("helpers/painters/swirl_strokes.pt", "helpers/painters/swirl_strokes.json"):
        assert data in names, f"{wheel.name} lacks {data}: check [tool.setuptools.package-data]"
    outside = sorted(n for n in names
                     if not n.startswith("helpers/") and not n.split("/")[0].endswith(".dist-info"))
    assert not outside, f"{wheel.name} installs more than helpers: {outside}"


@needs_build_tools
def test_installed_wheel_imports_without_the_repository(wheel, tmp_path):
    site, run_in = tmp_path / "site", tmp_path / "elsewhere"
    run_in.mkdir()
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--no-compile",
          "--disable-pip-version-check", "--target", str(site), str(wheel)])
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "site, repo = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()\n"
        "on_path = [p for p in sys.path if Path(p or '.').resolve() == repo]\n"
        "assert not on_path, f'the repository is on sys.path: {sys.path}'\n"
        "import helpers, helpers.widgets, helpers.checks, helpers.plotting\n"
        "import helpers.painters\n"
        "assert helpers.painters.HERE.is_relative_to(site), helpers.painters.HERE\n"
        "helpers.painters.load_painter()  # its weights and record came with the wheel\n"
        "for module in (helpers, helpers.widgets, helpers.checks, helpers.plotting):\n"
        "    file = Path(module.__file__).resolve()\n"
        "    assert file.is_relative_to(site), f'{module.__name__} came from {file}, not {site}'\n"
        "    print(module.__name__, file)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "MPLBACKEND": "Agg"}
    env.pop("PYTHONHOME", None)
    done = _run([sys.executable, "-c", code, str(site), str(REPO)], cwd=run_in, env=env)
    print(done.stdout)  # the four files, shown with pytest -rP
    lines = done.stdout.split("\n")
    for name in ("helpers", "helpers.widgets", "helpers.checks", "helpers.plotting"):
        file = next((line.split(" ", 1)[1] for line in lines if line.split(" ")[0] == name), None)
        assert file is not None, f"{name} was not imported:\n{done.stdout}\n{done.stderr}"
        assert Path(file).is_relative_to(site.resolve()), f"{name} came from {file}, not {site}"
