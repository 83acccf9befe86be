"""A soak test: many style transfers in one process (a notebook that runs all afternoon) keep the
process's memory flat and leave no figure open.

20 tiny runs (48 x 48 and 56 x 48 px, 5 loss evaluations each, a random VGG-19, a LiveView on
every 4th run). The resident memory (RSS) after run 20 may exceed that after run 5 by at most
RSS_BOUND_MB = 50 MB. Runs 1-5 are the warm-up: the allocator's pools for both shapes and
matplotlib's first figure (about +17 MB) come there. Measured on our 2-core machine: 872 MB
after run 5, flat to within 1 MB up to run 30. A leak of a run's features, graph or figure
(several MB each) would pass the bound before run 20. About 20 s on 2 idle CPU cores.
"""

import gc
import os

import matplotlib.pyplot as plt
import pytest
import torch

from helpers import LiveView, stylize
from helpers.vgg import load_vgg

RUNS, WARM_UP = 20, 5
RSS_BOUND_MB = 50


def rss_mb() -> float | None:
    """This process's resident memory in MB: /proc/self/statm (Linux), else psutil, else None."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import psutil
    except ImportError:
        return None
    return psutil.Process().memory_info().rss / 2**20


def test_twenty_transfers_keep_memory_flat_and_close_their_figures(capsys):
    if rss_mb() is None:
        pytest.skip("no way to read this process's memory here (no /proc, no psutil)")
    model = load_vgg("vgg19", "random", device="cpu")
    generator = torch.Generator().manual_seed(0)
    figures_before = set(plt.get_fignums())
    rss = {}
    for run in range(1, RUNS + 1):
        content = torch.rand(1, 3, 48 + 8 * (run % 2), 48, generator=generator)  # two shapes
        style = torch.rand(1, 3, 48, 48, generator=generator)
        view = LiveView(every=5) if run % 4 == 0 else None  # the first one in the warm-up
        result = stylize(content, style, model=model, steps=5, callback=view, progress=False)
        assert result.evaluations == 5 and not result.interrupted
        del result, view
        gc.collect()
        rss[run] = rss_mb()
    capsys.readouterr()  # LiveView printed its figures (no notebook here)
    growth = rss[RUNS] - rss[WARM_UP]
    print(f"RSS after run {WARM_UP}: {rss[WARM_UP]:.0f} MB, after run {RUNS}: {rss[RUNS]:.0f} MB "
          f"(+{growth:.1f} MB)")
    assert growth < RSS_BOUND_MB, f"memory grew by {growth:.0f} MB in {RUNS - WARM_UP} runs: {rss}"
    assert set(plt.get_fignums()) == figures_before, "a LiveView left a pyplot figure open"
