"""The default optimiser, helpers/lbfgs.py: L-BFGS whose guard refuses a step that raises the
loss, and how optimize_image records a refused step."""

import pytest
import torch

from benchmarks.guarded_lbfgs import guarded_lbfgs
from helpers import optimize_image
from helpers.config import CONTENT_DIR, STYLE_DIR
from helpers.images import load_image
from helpers.lbfgs import MAX_REFUSALS, SHORTEN, GuardedLBFGS, shorter
from helpers.objective import (CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget,
                               content_targets, style_grams)
from helpers.stylize import CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT, initial_image
from helpers.vgg import load_vgg


def valley(image):
    """A sharp valley: L-BFGS steps of length 5 overshoot it."""
    x = image.reshape(-1)
    return {"total": (x - 0.3).pow(2).sum() * 40 + (x[0] - x[1]).pow(2) * 400}


START = torch.tensor([0.9, 0.1, 0.5, 0.8, 0.2, 0.6, 0.4, 0.7, 0.0, 1.0, 0.3, 0.5]).view(1, 3, 2, 2)


def test_the_held_loss_never_rises_and_refusals_are_marked():
    seen = []
    result = optimize_image(valley, START, 40, lr=5.0, progress=False,
                            callback=lambda e, image, losses: seen.append((image, losses)))
    curve = result.curve()
    assert len(curve) == 40 and result.refused > 0
    assert all(b <= a for a, b in zip(curve, curve[1:])), "the held loss rose"
    for entry, before in zip(result.history[1:], result.history):
        if "refused" in entry:  # a refused step: it was worse, and the run kept its image
            assert entry["tried"] > before["total"]
            assert entry["total"] == before["total"]
    # the callback sees what the run holds: at a refused step, the image kept
    for (image, losses), (before, _) in zip(seen[1:], seen):
        if "refused" in losses:
            assert torch.equal(image, before)
    assert result.best_loss == curve[-1] < 0.01 * curve[0]


def test_without_the_guard_the_same_steps_jump():
    plain = optimize_image(valley, START, 40, lr=5.0, line_search=None, progress=False)
    curve = plain.curve()
    assert max(b / a for a, b in zip(curve, curve[1:])) > 1.2  # it rises: the guard has work
    assert plain.refused == 0


def test_after_three_refusals_the_memory_is_cleared():
    x = START.clone().requires_grad_(True)
    opt = GuardedLBFGS([x], lr=1e5, max_iter=30)  # every first try far too long

    def closure():
        opt.zero_grad()
        loss = valley(x)["total"]
        loss.backward()
        return loss
    opt.step(closure)
    assert opt.refused >= MAX_REFUSALS and opt.resets >= 1
    assert float(valley(x.detach())["total"]) <= float(valley(START)["total"])


def test_a_flat_start_stops_at_once():
    flat = lambda image: {"total": (image * 0).sum()}  # noqa: E731  (gradient 0 everywhere)
    result = optimize_image(flat, START, 20, progress=False)
    assert result.evaluations == 1 and torch.equal(result.image, START)


def test_one_tensor_only_and_known_searches():
    with pytest.raises(ValueError, match="one tensor"):
        GuardedLBFGS([torch.zeros(2, requires_grad=True), torch.zeros(2, requires_grad=True)])
    with pytest.raises(ValueError, match="backtracking"):
        optimize_image(valley, START, 5, line_search="wolfe", progress=False)


def test_the_default_is_the_benchmarked_candidate():
    """The steps of the default are those of benchmarks/guarded_lbfgs.py's "nols h50 guard
    taken" (benchmarks/README.md), on the paper's network."""
    model = load_vgg("vgg19", "caffe", device="cpu")
    content = load_image(CONTENT_DIR / "chelsea.jpg", max_size=64)
    style = load_image(STYLE_DIR / "stained_glass.png", max_size=64)
    objective = Objective(model, content_targets(model, content, CONTENT_LAYERS),
                          [StyleTarget(style_grams(model, style, STYLE_LAYERS))],
                          CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT)
    reference = guarded_lbfgs(objective, content, 30, history=50, torch_pairs=False,
                              parabola=True)
    result = optimize_image(objective, content, 30, progress=False)
    tried = [entry.get("tried", entry["total"]) for entry in result.history]
    torch.testing.assert_close(torch.tensor(tried), torch.tensor(reference.losses),
                               rtol=1e-5, atol=0)
    assert result.refused == reference.refused



def test_shorter_goes_to_the_lowest_point_of_the_parabola_within_limits():
    # loss 1, slope -1, refused loss 1: the parabola 1 - a + a^2 is lowest at a = 0.5
    assert shorter(1.0, -1.0, 1.0) == pytest.approx(0.5)
    assert shorter(1.0, -1.0, 0.6) == SHORTEN[1]  # lowest at 1.25: at most half
    assert shorter(1.0, -1.0, 100.0) == SHORTEN[0]  # far too long: at least a tenth
    assert shorter(1.0, 0.5, 2.0) == SHORTEN[0]  # uphill along the step: the shortest


def test_a_texture_from_one_shallow_layer_does_not_stall():
    """Notebook 04's first texture (relu1_1 only, from white noise). With halving and torch's
    pairs (the rule first tried) the tries stayed far too long and the run stalled."""
    model = load_vgg("vgg19", "caffe", device="cpu")
    painting = load_image(STYLE_DIR / "swirl_strokes.png", max_size=192)  # its size there
    objective = Objective(model, {}, [StyleTarget(style_grams(model, painting, ["relu1_1"]))],
                          content_weight=0.0, style_weight=1.0)
    start = initial_image("noise", painting)
    result = optimize_image(objective, start, 150, progress=False)
    first = guarded_lbfgs(objective, start, 150, history=50)  # the rule first tried
    assert result.best_loss < 0.01 * result.curve()[0]
    assert first.best_loss > 10 * result.best_loss
