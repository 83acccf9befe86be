"""check_series_weights (notebook 05): the reference passes and gives the paper's loss; each
planted mistake gets its own message."""

import pytest
import torch

from helpers import Objective, StyleTarget, gram_matrix
from helpers.checks import CheckFailed, check_series_weights, series_weights
from helpers.vgg import load_vgg


def test_reference_passes(capsys):
    assert check_series_weights(series_weights) is True
    assert "series_weights: all 6 checks passed" in capsys.readouterr().out


def test_reference_gives_the_papers_loss():
    """Our Objective with the converted weights is the paper's loss, on a real (random) network."""
    torch.manual_seed(0)
    model = load_vgg("vgg19", "random", device="cpu")
    photo, painting, image = torch.rand(1, 3, 40, 48), torch.rand(1, 3, 36, 36), torch.rand(1, 3, 40, 48)
    layers = ["relu1_1", "relu2_1", "relu3_1"]
    with torch.no_grad():
        target = model(photo, ["relu2_2"])["relu2_2"]
        grams = {layer: gram_matrix(f) for layer, f in model(painting, layers).items()}
        weights = series_weights(2.0, 500.0, target, grams)
        ours = Objective(model, {"relu2_2": target}, [StyleTarget(grams)], tv_weight=0.0,
                         channels_last=False, **weights)(image)["total"]
        features = model(image, ["relu2_2", *layers])
        paper = 2.0 * 0.5 * (features["relu2_2"] - target).pow(2).sum() + sum(
            500.0 / 3 * (gram_matrix(features[k]) - grams[k]).pow(2).sum() / (4 * grams[k].shape[-1] ** 2)
            for k in layers)
    assert abs(ours.item() / paper.item() - 1) < 1e-4
    assert abs(sum(weights["layer_weights"].values()) - 1) < 1e-9


def made(alpha, beta, target, grams, half=0.5, four=4, power=2, norm_p=False, mean_p=False,
         layers=None, norm_a=False, channels=None, positions=0):
    """The reference with one piece changed: the planted mistakes below."""
    size = target.norm() if norm_p else target.pow(2).mean() if mean_p else target.pow(2).sum()
    m = target.shape[2] * target.shape[3]
    parts = {}
    for layer, gram in grams.items():
        c = gram.shape[-1] if channels is None else channels(gram, target)
        size_a = gram.norm() if norm_a else gram.pow(2).sum()
        parts[layer] = beta / (layers or len(grams)) * size_a.item() / (four * c ** power * m ** positions)
    style = sum(parts.values())
    return {"content_weight": alpha * half * size.item(), "style_weight": style,
            "layer_weights": {layer: part / style for layer, part in parts.items()}}


# Formula variants: a factor or a power is wrong.
def no_half(a, b, p, g):
    return made(a, b, p, g, half=1)


def norm_of_p(a, b, p, g):
    return made(a, b, p, g, norm_p=True)


def mean_of_p_squared(a, b, p, g):
    return made(a, b, p, g, mean_p=True)


def no_four(a, b, p, g):
    return made(a, b, p, g, four=1)


def c_not_squared(a, b, p, g):
    return made(a, b, p, g, power=1)


def one_fifth(a, b, p, g):
    return made(a, b, p, g, layers=5)


def norm_of_a(a, b, p, g):
    return made(a, b, p, g, norm_a=True)


def keeps_m_squared(a, b, p, g):
    return made(a, b, p, g, positions=2)


# Not formula variants: order of the inputs, wrong axis, inputs mixed, types, in place, scale.
def swapped(a, b, p, g):
    return made(b, a, p, g)


def c_from_the_batch_axis(a, b, p, g):
    return made(a, b, p, g, channels=lambda gram, target: gram.shape[0])


def c_of_the_content_target(a, b, p, g):
    return made(a, b, p, g, channels=lambda gram, target: target.shape[1])


def a_tuple(a, b, p, g):
    weights = series_weights(a, b, p, g)
    return weights["content_weight"], weights["style_weight"], weights["layer_weights"]


def layer_weights_as_a_list(a, b, p, g):
    weights = series_weights(a, b, p, g)
    weights["layer_weights"] = list(weights["layer_weights"].values())
    return weights


def layer_weights_not_summing_to_1(a, b, p, g):
    weights = series_weights(a, b, p, g)
    weights["layer_weights"] = {k: w * weights["style_weight"] for k, w in weights["layer_weights"].items()}
    weights["style_weight"] = 1.0
    return weights


def equal_layer_weights(a, b, p, g):
    weights = series_weights(a, b, p, g)
    weights["layer_weights"] = {k: 1 / len(g) for k in g}
    return weights


def beta_as_style_weight(a, b, p, g):
    weights = series_weights(a, b, p, g)
    weights["style_weight"] = b
    return weights


def content_weight_set_to_1(a, b, p, g):
    weights = series_weights(a, b, p, g)
    weights["style_weight"] /= weights["content_weight"]
    weights["content_weight"] = 1.0
    return weights


def squares_the_grams_in_place(a, b, p, g):
    for gram in g.values():
        gram.pow_(2)
    return series_weights(a, b, p, {k: v.sqrt() for k, v in g.items()})


def adds_tv_weight(a, b, p, g):
    return {**series_weights(a, b, p, g), "tv_weight": 0.0}


FORMULA = [
    (no_half, "content_weight is twice the right value: the paper's content loss has a factor 1/2"),
    (norm_of_p, "content_weight uses ||P|| (the norm, P.norm())"),
    (mean_of_p_squared, "content_weight uses the mean of P^2, not the sum"),
    (no_four, "4 times the right value in every layer: yours does not divide by the 4"),
    (c_not_squared, "the style weights divide by C, not by C^2 (C = 2, 3, 5 here"),
    (one_fifth, "yours uses 1/5 as the paper's layer weight; with the 3 layers given it is 1/L = 1/3"),
    (norm_of_a, "the style weights grow 2 times when every A doubles"),
    (keeps_m_squared, "the style weights divide by M^2, the positions of P. M cancels"),
]
STRUCTURE = [
    (swapped, "content_weight follows paper_beta, not paper_alpha"),
    (c_from_the_batch_axis, "the style weights do not divide by C^2 (C = 2, 3, 5 here; yours is 4, 9, 25"),
    (c_of_the_content_target, "the style weights use the channels of P (C = 4) for every layer"),
    (a_tuple, "returned a tuple of 3 items. Return a dict with the keys"),
    (layer_weights_as_a_list, "layer_weights is a list. Make it a dict {layer: weight}"),
    (layer_weights_not_summing_to_1, "gives the right loss, but its layer weights sum to"),
    (equal_layer_weights, "the layer weights are all equal (0.333 each)"),
    (beta_as_style_weight, "style_weight is paper_beta itself (30)"),
    (content_weight_set_to_1, "(your content_weight is 1). That keeps the balance"),
    (squares_the_grams_in_place, "changed its input `target_grams['relu1_1']` in place"),
    (adds_tv_weight, "has a key 'tv_weight'. The paper's loss has no smoothness term"),
]


@pytest.mark.parametrize("mistake, words", FORMULA + STRUCTURE,
                         ids=[f.__name__ for f, _ in FORMULA + STRUCTURE])
def test_each_mistake_is_named(mistake, words):
    with pytest.raises(CheckFailed, match="^series_weights: ") as failure:
        check_series_weights(mistake)
    assert words in str(failure.value)


def test_tensors_are_numbers_too(capsys):
    def tensors(a, b, p, g):
        weights = series_weights(a, b, p, g)
        return {**weights, "content_weight": torch.tensor(weights["content_weight"])}
    assert check_series_weights(tensors) is True


def test_enough_planted_mistakes():
    assert len(FORMULA) + len(STRUCTURE) >= 8 and len(STRUCTURE) >= len(FORMULA)
