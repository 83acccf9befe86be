"""Settings for the whole series, in one place.

Every notebook reads its settings from here, so one environment variable changes them all:

| variable      | meaning                                                      | default            |
|---------------|--------------------------------------------------------------|--------------------|
| NST_QUICK     | "1": tiny images and few steps (the test suite sets it)      | off (class mode)   |
| NST_DEVICE    | "cpu", "cuda", "cuda:1", "mps"                               | CUDA, MPS, then CPU|
| NST_WEIGHTS   | "caffe", "torchvision", "random", or a state-dict file path  | "caffe"            |
| NST_ARCH      | "vgg19" or "vgg16"                                           | "vgg19"            |
| NST_DOWNLOAD_DIR | where downloaded paintings are kept                       | images/downloads/  |
| NST_LANG      | "zh": the helpers' messages in Chinese (the Chinese edition)  | "en" (English)     |
| NST_PRECISION | "float32": no bfloat16 even where the CPU or GPU has it       | "auto"             |

NST_PRECISION=float32 makes a bf16 machine run as a laptop without bf16 does: the series'
float32 times (tools/gallery.py) are measured that way.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import torch

#: The repository root (the folder that holds notebooks/, images/, helpers/).
REPO_ROOT = Path(__file__).resolve().parent.parent
#: The bundled images.
IMAGES_DIR = REPO_ROOT / "images"
CONTENT_DIR = IMAGES_DIR / "content"
STYLE_DIR = IMAGES_DIR / "style"

#: Seed used by `seed_everything()` when none is given.
DEFAULT_SEED = 0


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def quick_mode() -> bool:
    """True when NST_QUICK=1: the test suite's small and fast setting."""
    return _flag("NST_QUICK")


#: Read once at import, so a notebook behaves the same from its first cell to its last.
QUICK = quick_mode()


#: The languages of the helpers' messages (helpers/messages/): English and 简体中文.
LANGUAGES = ("en", "zh")
_language: str | None = None  # set by set_language; None: NST_LANG decides


def _language_code(name) -> str | None:
    """The code ("en" or "zh") of a language name such as "zh_CN", "zh-Hans" or "EN"; else None."""
    code = str(name).strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


def set_language(name: str) -> str:
    """Choose the language of the helpers' messages: "en" (the default) or "zh" (简体中文).

    The Chinese edition's notebooks call set_language("zh") in their first cell. Checks, the
    errors a student is likely to meet, progress bars and the explorers' labels follow it;
    figures keep English labels (see helpers/messages/). Returns the code set; raises
    ValueError for a language we have no messages in.
    """
    global _language
    code = _language_code(name)
    if code is None:
        raise ValueError(f"language {name!r}: choose one of {', '.join(LANGUAGES)}")
    _language = code
    return code


def language() -> str:
    """The language of the messages: set_language's choice, else NST_LANG, else "en".

    An NST_LANG that names no language we have (say "fr") means English: a message must
    never fail because of the setting it is written in.
    """
    return _language or _language_code(os.environ.get("NST_LANG", "")) or "en"


def default_arch() -> str:
    """The VGG variant to build: NST_ARCH if set ("vgg19" or "vgg16"), else "vgg19"."""
    return os.environ.get("NST_ARCH", "").strip().lower() or "vgg19"


def default_weights() -> str:
    """Which weights to load: NST_WEIGHTS if set, else "caffe" (the paper's network, installed
    with the series; helpers/weights/__init__.py lists the choices)."""
    return os.environ.get("NST_WEIGHTS", "").strip() or "caffe"


def get_device(name: str | None = None) -> torch.device:
    """The device to compute on.

    Order: the `name` argument, then NST_DEVICE, then CUDA, then Apple MPS, then CPU.
    Raises ValueError when a device is asked for that this machine does not have, rather than
    silently running somewhere else.
    """
    name = name or os.environ.get("NST_DEVICE", "").strip() or None
    if name is None:
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"NST_DEVICE={name!r} asks for CUDA, but torch sees no CUDA GPU. "
                         "Unset NST_DEVICE or set it to 'cpu'.")
    if device.type == "mps" and not (getattr(torch.backends, "mps", None)
                                     and torch.backends.mps.is_available()):
        raise ValueError(f"NST_DEVICE={name!r} asks for Apple MPS, which is not available here. "
                         "Unset NST_DEVICE or set it to 'cpu'.")
    return device


def forced_float32() -> bool:
    """True when NST_PRECISION asks for float32 everywhere ("float32" or "fp32"); False when it is
    unset or "auto". Any other value is refused with the choices."""
    choice = os.environ.get("NST_PRECISION", "").strip().lower()
    if choice not in {"", "auto", "float32", "fp32"}:
        raise ValueError(f"NST_PRECISION={choice!r}: use 'float32' or 'auto' (or unset it)")
    return choice in {"float32", "fp32"}


def native_bf16(device: torch.device | str) -> bool:
    """True when the hardware computes bfloat16 natively: a CUDA GPU with bf16 support, or a CPU
    with AVX512-BF16 or AMX instructions. A fact about the machine; NST_PRECISION does not
    change it."""
    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    if device.type == "cpu":
        try:  # a private torch function (torch >= 2.3); without it, say no (stay in float32)
            flags = torch._C._cpu._get_cpu_capability()
        except (AttributeError, RuntimeError):
            return False
        return bool(flags.get("avx512_bf16") or flags.get("amx_bf16"))
    return False


def default_autocast_dtype(device: torch.device | str) -> torch.dtype | None:
    """The precision `stylize` uses by default for the convolutions on `device`.

    torch.bfloat16 where the hardware computes it natively (`native_bf16`; on our 2-core test
    CPU at 512 px, each loss evaluation about 1.9x faster, 2.2x with channels_last, and the
    same loss after the same number of evaluations to within about half a per cent:
    benchmarks/README.md). None (float32) everywhere else, because emulated bf16 is slower than
    float32. Gram matrices and losses stay float32. NST_PRECISION=float32 (or fp32) gives None
    everywhere (`forced_float32`).
    """
    if forced_float32():
        return None
    return torch.bfloat16 if native_bf16(device) else None


def default_size(device: torch.device | None = None) -> int:
    """Long side, in pixels, of the images a notebook works on.

    Quick mode: 64 px (enough for VGG's five poolings). Class mode: 256 px on a CPU
    (a result in about a minute), 512 px on a GPU.
    """
    if QUICK:
        return 64
    device = device or get_device()
    return 256 if device.type == "cpu" else 512


def steps(class_mode: int, quick: int = 10) -> int:
    """A step budget: `class_mode` normally, `quick` when NST_QUICK=1."""
    return quick if QUICK else class_mode


def seed_everything(seed: int = DEFAULT_SEED) -> int:
    """Seed Python, NumPy and torch so that a CPU run repeats exactly. Returns the seed."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return seed


def download_dir() -> Path:
    """Folder for downloaded paintings: NST_DOWNLOAD_DIR, else images/downloads/ (git-ignored).

    Created if missing.
    """
    path = Path(os.environ.get("NST_DOWNLOAD_DIR") or IMAGES_DIR / "downloads")
    path.mkdir(parents=True, exist_ok=True)
    return path


def describe() -> str:
    """One line that says how this notebook will run; notebooks print it in their first cell.

    In English in both editions: its words are names (settings, devices, versions) that a
    reader pastes into a question or a bug report, and the same line in both editions lets a
    teacher compare two runs at a glance.
    """
    device = get_device()
    mode = "QUICK (tests)" if QUICK else "class"
    from .weights import describe as describe_weights  # weights imports torchvision: only here

    precision = default_autocast_dtype(device)
    return (f"mode={mode}  device={device}  precision={'bfloat16' if precision else 'float32'}  "
            f"image size={default_size(device)} px  torch={torch.__version__}\n"
            f"network: {describe_weights(default_weights(), default_arch())}")
