"""The benchmark's baseline (the PyTorch tutorial's loop, benchmarks/tutorial.py) must minimise the
same function as `stylize`, or its comparison would mean nothing. No timing here."""

import torch

from benchmarks.tutorial import WEIGHTS, build_tutorial_model, run_tutorial
from helpers.losses import total_variation_loss
from helpers.objective import CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget
from helpers.objective import content_targets, style_grams
from helpers.vgg import load_vgg


def test_tutorial_baseline_has_our_objective():
    model = load_vgg("vgg19", "random", device="cpu")
    generator = torch.Generator().manual_seed(3)
    content, style = torch.rand(2, 1, 3, 40, 48, generator=generator)
    image = (content + 0.2 * torch.rand(content.shape, generator=generator)).clamp(0, 1)
    seq, content_losses, style_losses = build_tutorial_model(model, content, style)
    seq(image)
    baseline = (WEIGHTS["content_weight"] * sum(m.loss for m in content_losses)
                + WEIGHTS["style_weight"] * sum(m.loss for m in style_losses) / len(style_losses)
                + WEIGHTS["tv_weight"] * total_variation_loss(image))
    ours = Objective(model, content_targets(model, content, CONTENT_LAYERS),
                     [StyleTarget(style_grams(model, style, STYLE_LAYERS))], **WEIGHTS,
                     channels_last=False)(image)["total"]
    torch.testing.assert_close(baseline, ours, rtol=1e-4, atol=1e-7)
    assert len(style_losses) == len(STYLE_LAYERS) and len(content_losses) == 1


def test_tutorial_loop_counts_evaluations_and_lowers_the_loss():
    model = load_vgg("vgg19", "random", device="cpu")
    generator = torch.Generator().manual_seed(4)
    content, style = torch.rand(2, 1, 3, 32, 32, generator=generator)
    seq, content_losses, style_losses = build_tutorial_model(model, content, style)
    losses = []
    image = run_tutorial(seq, content_losses, style_losses, content, 7,
                         lambda count, loss: losses.append(loss))
    assert len(losses) == 7 and losses[-1] < losses[0]
    assert image.shape == content.shape and 0 <= image.min() and image.max() <= 1


def test_the_default_weights_are_the_ones_the_sweep_chose():
    """docs/default_weights.md: the setting that passes the most pairs is the default."""
    import json

    from benchmarks.sweep import REPO, failures
    from helpers.stylize import STYLE_WEIGHT, TV_WEIGHT

    rows = json.loads((REPO / "benchmarks" / "results" / "sweep.json").read_text())["rows"]
    passed = {}
    for row in rows:
        setting = (row["style_weight"], row["tv_weight"])
        passed[setting] = passed.get(setting, 0) + (not failures(row))
    best = max(passed.values())
    assert passed[(STYLE_WEIGHT, TV_WEIGHT)] == best, passed
    assert len(rows) == 100 and len(passed) == 5, "the full sweep: 20 pairs x 5 settings"
    assert failures({"content": 1, "painting_content": 1, "style": 1, "photo_style": 1,
                     "speckle": 3}) == ["content", "style", "speckle"]
