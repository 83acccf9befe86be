"""The memory check (helpers/memory.py): a run too big for the machine is refused before it
starts, with a max_size that fits; a GPU that runs out of memory keeps the best image."""

import pytest
import torch

from helpers import memory, stylize
from helpers.objective import CONTENT_LAYERS, STYLE_LAYERS
from helpers.optimize import optimize_image
from helpers.vgg import load_vgg

LAYERS = [*CONTENT_LAYERS, *STYLE_LAYERS]


@pytest.fixture(scope="module")
def model():
    return load_vgg("vgg19", "random", device="cpu")


def test_estimate_grows_with_the_pixels(model):
    small, large = (memory.estimate_peak(model, s, s, LAYERS) for s in (256, 512))
    assert small > memory.BASE
    # Four times the pixels: about four times the activation part.
    assert (large - memory.BASE) == pytest.approx(4 * (small - memory.BASE), rel=0.02)
    assert memory.activation_values(model, 256, 256, ["relu1_1"]) == 2 * 64 * 256 * 256


def test_estimate_is_above_every_peak_of_the_scale_table(model):
    """The estimate comes from benchmarks/scale.py's measured peaks (256 to 2048 px, float32
    and bf16): it must never promise less than a run was measured to need, nor refuse far too
    early (at most 12 % above a measured peak)."""
    import json

    from helpers.config import REPO_ROOT

    table = json.loads((REPO_ROOT / "benchmarks" / "results" / "issue15-scale.json").read_text())
    rows = table["scale"]["rows"]
    assert {row["size"] for row in rows} >= {256, 512, 1024, 2048}
    for row in rows:
        height, width = row["shape"]
        ratio = memory.estimate_peak(model, height, width, LAYERS) / (row["peak_mb"] * 2**20)
        assert 1.0 <= ratio <= 1.12, (row["size"], row["precision"], ratio)


def test_too_big_is_refused_with_a_size_that_fits(model, monkeypatch):
    free = 2.0e9
    monkeypatch.setattr(memory, "available_bytes", lambda: free)
    with pytest.raises(memory.MemoryNeededError, match=r"max_size=(\d+)") as info:
        memory.check_fits(model, (1, 3, 2000, 3000), LAYERS)
    fits = int(str(info.value).split("max_size=")[1].split(")")[0])
    assert 100 < fits < 3000
    scale = fits / 3000
    budget = memory.SAFETY * free
    assert memory.estimate_peak(model, round(2000 * scale), fits, LAYERS) <= budget
    assert memory.estimate_peak(model, round(2000 * (fits + 8) / 3000), fits + 8, LAYERS) > budget
    memory.check_fits(model, (1, 3, 200, 300), LAYERS)  # small: fine


def test_stylize_is_refused_before_the_first_evaluation(model, monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 0.5e9)
    calls = []
    with pytest.raises(memory.MemoryNeededError, match="GB"):
        stylize(torch.rand(1, 3, 64, 64), torch.rand(1, 3, 64, 64), model=model, steps=3,
                progress=False, callback=lambda *args: calls.append(1))
    assert calls == []


def test_out_of_memory_keeps_the_best_image():
    start = torch.full((1, 3, 8, 8), 0.9)

    def loss_fn(image):
        if loss_fn.calls == 4:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")
        loss_fn.calls += 1
        return {"total": (image - 0.2).pow(2).mean()}

    loss_fn.calls = 0
    result = optimize_image(loss_fn, start, 20, optimizer="adam", lr=0.05, progress=False)
    assert result.out_of_memory and result.interrupted and result.evaluations == 4
    assert result.image.mean() < 0.9  # the best image so far, not the start
