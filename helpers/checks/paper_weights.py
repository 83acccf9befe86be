"""Self-check for notebook 05's exercise: the paper's weights in this series' terms.
`series_weights` is the reference; `check_series_weights` tests the student's version.
Notebooks import both from helpers.checks (contract in its docstring).

The paper's loss of an image (as notebook 04 writes it, with our Gram matrices, which are
averages over the M positions, so that M cancels):
    paper_alpha * 1/2 ||F - P||^2 + paper_beta * sum_l 1/L * ||G_l - A_l||^2 / (4 C_l^2)
(L style layers, equal weights 1/L). Ours: content_weight * ||F - P||^2 / ||P||^2 +
style_weight * sum_l w_l ||G_l - A_l||^2 / ||A_l||^2, with layer weights w_l that sum to 1.
They are the same number for every image when
    content_weight = paper_alpha ||P||^2 / 2,
    style_weight * w_l = paper_beta / L * ||A_l||^2 / (4 C_l^2).

How it finds the mistake: it changes one input at a time (paper_alpha, paper_beta, the size of
P's values, P's positions, P's channels, the size of the A's) and sees how each weight follows.
A weight that follows the wrong input, or with the wrong power, is named; so is a factor that
is the same for every input (the 1/2, the 4, 1/L) or that grows with a layer's channels C.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import torch

from ..messages import say
from .base import _Check, _features
from .paper_weights_probes import content_text, style_text

KEYS = ("content_weight", "style_weight", "layer_weights")


def series_weights(paper_alpha: float, paper_beta: float, content_target: torch.Tensor,
                   target_grams: dict[str, torch.Tensor]) -> dict:
    """Our content_weight, style_weight and layer_weights for the paper's alpha and beta."""
    content = paper_alpha * content_target.double().pow(2).sum().item() / 2
    parts = {layer: paper_beta / len(target_grams) * gram.double().pow(2).sum().item()
             / (4 * gram.shape[-1] ** 2) for layer, gram in target_grams.items()}
    style = sum(parts.values())
    return {"content_weight": content, "style_weight": style,
            "layer_weights": {layer: part / style for layer, part in parts.items()}}


def _number(value):
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        value = value.item()
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _read(out, grams) -> tuple[float, dict, float] | str:
    """(content_weight, {layer: style_weight * w_l}, sum of w_l), or what is wrong with `out`."""
    if isinstance(out, (tuple, list)):
        return say("returned a {kind} of {count} items. Return a dict with the keys "
                   "content_weight, style_weight and layer_weights: stylize's argument names, so "
                   "that stylize(..., **weights) works.", kind=type(out).__name__, count=len(out))
    if not isinstance(out, Mapping):
        return say("returned a {kind}. Return a dict with the keys {keys}.",
                   kind=type(out).__name__, keys=", ".join(KEYS))
    missing, extra = [k for k in KEYS if k not in out], [k for k in out if k not in KEYS]
    if "tv_weight" in extra:
        return say("has a key 'tv_weight'. The paper's loss has no smoothness term: leave it out "
                   "(the cell that uses your weights sets tv_weight=0 itself).")
    if missing or extra:
        return say("has the keys {keys}; expected exactly {expected} (missing: {missing}; not "
                   "stylize arguments: {extra}).", keys=sorted(out), expected=list(KEYS),
                   missing=missing or say("none"), extra=extra or say("none"))
    content, style, layers = (_number(out["content_weight"]), _number(out["style_weight"]),
                              out["layer_weights"])
    for name, value in [("content_weight", content), ("style_weight", style)]:
        if value is None or not math.isfinite(value):
            return say("{name} is {value!r}. It must be one finite number (a float).",
                       name=name, value=out[name])
    if not isinstance(layers, Mapping):
        return say("layer_weights is a {kind}. Make it a dict {{layer: weight}} with the layers "
                   "of target_grams as keys: stylize looks the weights up by name.",
                   kind=type(layers).__name__)
    if set(layers) != set(grams):
        return say("layer_weights has the layers {layers}; expected the layers of target_grams, "
                   "{expected}.", layers=sorted(layers), expected=sorted(grams))
    weights = {layer: _number(value) for layer, value in layers.items()}
    if any(v is None for v in weights.values()):
        return say("each value of layer_weights must be one number (a float).")
    return content, {layer: style * v for layer, v in weights.items()}, sum(weights.values())


def _inputs(generator, channels):
    """P (1, 4, 5, 6) and {layer: A (1, C, C)} for layers of `channels` channels."""
    target = _features(generator, 1, 4, 5, 6)
    grams = {}
    for number, c in enumerate(channels, start=1):
        flat = _features(generator, 1, c, 3 + number, 4).reshape(1, c, -1)
        grams[f"relu{number}_1"] = flat @ flat.transpose(1, 2) / flat.shape[-1]
    return target, grams


def _probe(fn, alpha, beta, target, grams):
    try:
        found = _read(fn(alpha, beta, target.clone(), {k: v.clone() for k, v in grams.items()}),
                      grams)
    except Exception:  # a probe that crashes tells nothing more
        return None
    return None if isinstance(found, str) else found




def _changed(fn, alpha, beta, target, grams) -> dict | None:
    """The student's (content_weight, parts, sum) for the inputs and for one change at a time."""
    changes = {"base": (alpha, beta, target, grams), "alpha": (10 * alpha, beta, target, grams),
               "beta": (alpha, 10 * beta, target, grams),
               "values": (alpha, beta, 2 * target, grams),
               "positions": (alpha, beta, torch.cat([target, target], 3), grams),
               "channels": (alpha, beta, torch.cat([target, target], 1), grams),
               "grams": (alpha, beta, target, {k: 2 * v for k, v in grams.items()})}
    found = {}
    for change, (a, b, p, g) in changes.items():
        try:
            found[change] = _read(fn(a, b, p.clone(), {k: v.clone() for k, v in g.items()}), g)
        except Exception:  # a change that crashes: the values alone must speak
            return None
        if isinstance(found[change], str):
            return None
    return found


def _wrong_text(fn, alpha, beta, target, grams, found, right) -> str:
    content, parts, total = found
    right_parts = {k: right["style_weight"] * w for k, w in right["layer_weights"].items()}
    factors = [content / right["content_weight"]] + [parts[k] / right_parts[k] for k in parts]
    if max(factors) - min(factors) < 1e-3 * max(factors) and abs(factors[0] - 1) > 1e-3:
        ones = say(" (your content_weight is 1)") if abs(content - 1) < 1e-9 else ""
        return say("all your weights are {factor:.4g} times the right ones{ones}. That keeps the "
                   "balance (the same best image), but the loss is not the paper's number: do "
                   "not scale them; content_weight is paper_alpha ||P||^2 / 2 itself.",
                   factor=factors[0], ones=ones)
    style = sum(parts.values()) / total
    if abs(style / beta - 1) < 1e-6:
        return say("style_weight is paper_beta itself ({beta:g}). It must be the sum over the "
                   "layers of paper_beta / L * ||A_l||^2 / (4 C_l^2); each layer weight is its "
                   "term divided by that sum.", beta=beta)
    changed = _changed(fn, alpha, beta, target, grams)
    if changed:
        text = content_text({c: v[0] for c, v in changed.items()}, right["content_weight"])
        weights = {k: v / style for k, v in parts.items()}
        text = text or style_text({c: v[1] for c, v in changed.items()}, right_parts, grams,
                                  target, weights)
        if text:
            return text
    return say("content_weight is {content:.5g} (expected {expected:.5g}); style_weight * layer "
               "weight is {layers}.", content=content, expected=right["content_weight"],
               layers=say(", ").join(say("{layer} {value:.4g} (expected {expected:.4g})",
                                         layer=k, value=parts[k], expected=right_parts[k])
                                     for k in parts))


def check_series_weights(fn) -> bool:
    """Check `fn(paper_alpha, paper_beta, content_target, target_grams) -> dict` (contract:
    helpers.checks). Six checks: a dict with stylize's three argument names; the inputs
    unchanged; content_weight; style_weight times each layer weight; layer weights that sum
    to 1; the same for the paper's five layers and other weights."""
    check = _Check("series_weights", fn)
    generator = torch.Generator().manual_seed(5)
    for number, (alpha, beta, channels) in enumerate([(0.7, 30.0, (2, 3, 5)),
                                                      (1.0, 1e3, (4, 6, 8, 5, 7))]):
        target, grams = _inputs(generator, channels)
        before = [target.clone(), *[g.clone() for g in grams.values()]]
        found = _read(check.call(alpha, beta, target, grams), grams)
        if isinstance(found, str):
            check.fail(found, diagnose=False)
        if number == 0:
            check.ok()  # a dict with the three keys
            check.unchanged(before, [target, *grams.values()],
                            ["content_target", *[f"target_grams['{k}']" for k in grams]])
        right = series_weights(alpha, beta, target, grams)
        content, parts, total = found
        exact = abs(content / right["content_weight"] - 1) < 1e-3 and all(
            abs(parts[k] / (right["style_weight"] * w) - 1) < 1e-3
            for k, w in right["layer_weights"].items())
        if not exact:
            check.fail(_wrong_text(fn, alpha, beta, target, grams, found, right), diagnose=False)
        if abs(total - 1) > 1e-3:
            check.fail(say("gives the right loss, but its layer weights sum to {total:.4g}, not "
                           "1. This series' layer weights always sum to 1 (so that style_weight "
                           "can be compared with stylize's default): divide each by their sum "
                           "and multiply style_weight by it.", total=total), diagnose=False)
        if number == 0:
            for _ in range(3):  # content_weight; style weights; sum 1
                check.ok()
    check.ok()  # the paper's five layers
    return check.done()
