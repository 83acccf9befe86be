"""Test-wide settings, read by every pytest process (and so by every notebook kernel).

- NST_QUICK=1: small images, few steps.
- NST_WEIGHTS: unless the caller chose, nothing is set, so tests and notebooks run on the
  network readers get by default: the paper's Caffe-trained VGG-19, installed with the series
  (helpers/weights/caffe.py). Random weights only when asked for (NST_WEIGHTS=random, as the
  second pass of `python3 tasks.py test` does).
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
