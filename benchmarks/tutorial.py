"""The baseline: the loop of the official PyTorch tutorial ("Neural Transfer Using PyTorch").

The loop itself is helpers/tutorial_recipe.py (notebook 10 runs it with the tutorial's own layers,
losses and weights): loss modules inserted into an nn.Sequential copy of VGG, torch.optim.LBFGS
with its default settings, the image clamped inside every closure. Here it runs with the paper's
layers, our relative losses and WEIGHTS, so that it minimises the same function as `stylize`
(tests/test_bench.py).
"""

from __future__ import annotations

from helpers.objective import CONTENT_LAYERS, STYLE_LAYERS
from helpers.tutorial_recipe import build_model, run_recipe
from helpers.vgg import VGGFeatures

#: The common loss that judges every image: our objective with these weights, in float32.
WEIGHTS = {"content_weight": 1.0, "style_weight": 10.0, "tv_weight": 1.0}


def build_tutorial_model(vgg: VGGFeatures, content, style, content_layers=CONTENT_LAYERS,
                         style_layers=STYLE_LAYERS):
    """An nn.Sequential copy of VGG with loss modules inserted after the chosen layers, cut
    after the last of them (the tutorial's `get_style_model_and_losses`, our layers and losses)."""
    return build_model(vgg, content, style, content_layers, style_layers, recipe="ours")


def run_tutorial(seq, content_losses, style_losses, init, evaluations, callback=None):
    """The tutorial's optimisation loop: LBFGS with default settings, clamp in every closure.

    Stops after exactly `evaluations` loss evaluations. callback(count, total loss) after each.
    Returns the final (clamped) image, on the CPU.
    """
    on_eval = None if callback is None else (lambda count, values: callback(count, values["total"]))
    result = run_recipe(seq, content_losses, style_losses, init, evaluations, **WEIGHTS,
                        mean_over_layers=True, callback=on_eval)
    return result.image
