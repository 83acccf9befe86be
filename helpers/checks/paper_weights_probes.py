"""How check_series_weights (paper_weights.py) names a mistake: from how each weight follows
one input changed at a time. `found` maps a change ("base", "alpha", "beta", "values",
"positions", "channels", "grams") to the student's content_weight, or to its
{layer: style_weight * layer weight}.
"""

from __future__ import annotations

import math

from ..messages import again, listed, say


def _power(a: float, b: float, base: float) -> float:
    return math.log(abs(b / a), base) if a and b else float("nan")


def _is(e: float, target: float) -> bool:
    return abs(e - target) < 0.05


CONTENT_POWERS = {  # powers for (P's values x2, positions x2, channels x2): what it used
    (1, 0.5, 0.5): listed("||P|| (the norm, P.norm()) where ||P||^2 (the sum of squares) "
                          "belongs"),
    (1, 1, 1): listed("the sum of P, not the sum of its squares: P.pow(2).sum()"),
    (2, 0, 0): listed("the mean of P^2, not the sum: use P.pow(2).sum()"),
    (0, 0, 0): listed("no P at all. Ours divides the error by ||P||^2 and the paper does not, "
                      "so the weight must multiply by it: alpha ||P||^2 / 2"),
    (-2, -1, -1): listed("1 / ||P||^2: multiply by ||P||^2, do not divide"),
    (4, 2, 2): listed("(||P||^2)^2: use ||P||^2 = P.pow(2).sum() once"),
    (2, 0, 1): listed("||P||^2 / M (M = H*W of P): the paper's content loss is a plain sum, "
                      "no M"),
    (2, -1, 1): listed("||P||^2 / M^2 (M = H*W of P): the paper's content loss is a plain sum, "
                       "no M"),
    (2, 1, 0): listed("||P||^2 / C (C = channels of P): the paper's content loss is a plain "
                      "sum"),
}


def content_text(found, right: float) -> str | None:
    """What content_weight gets wrong; found: {change: value}."""
    base = found["base"]
    if base <= 0:
        return say("content_weight is {base:.4g}; it must be positive: paper_alpha ||P||^2 / 2.",
                   base=base)
    e_alpha, e_beta = _power(base, found["alpha"], 10), _power(base, found["beta"], 10)
    if _is(e_alpha, 0) and _is(e_beta, 1):
        return say("content_weight follows paper_beta, not paper_alpha: it grows 10 times when "
                   "paper_beta does. You swapped the two: content_weight comes from paper_alpha, "
                   "style_weight from paper_beta.")
    if not _is(e_alpha, 1):
        return say("content_weight should grow with paper_alpha: when paper_alpha is 10 times "
                   "larger, yours is {times:.3g} times larger (expected 10).", times=10 ** e_alpha)
    for change, what in [("beta", "paper_beta"), ("grams", say("the style's A"))]:
        e = _power(base, found[change], 2 if change == "grams" else 10)
        if not _is(e, 0):
            return say("content_weight changes when only {what} changes (it becomes {times:.3g} "
                       "times as large): it depends on paper_alpha and P only.", what=what,
                       times=found[change] / base)
    powers = tuple(_power(base, found[change], 2) for change in ("values", "positions", "channels"))
    if not all(_is(e, t) for e, t in zip(powers, (2, 1, 1))):
        for key, text in CONTENT_POWERS.items():
            if all(_is(e, t) for e, t in zip(powers, key)):
                return say("content_weight uses {text}.", text=again(text))
        return say("content_weight grows {values:.3g} times when P's values double (expected 4), "
                   "{positions:.3g} times when P has twice the positions (expected 2), "
                   "{channels:.3g} times for twice the channels (expected 2). It should be "
                   "paper_alpha * P.pow(2).sum() / 2.", values=2 ** powers[0],
                   positions=2 ** powers[1], channels=2 ** powers[2])
    ratio = base / right
    if _is(ratio, 1):
        return None
    known = {2.0: say("twice the right value: the paper's content loss has a factor 1/2 (1/2 "
                      "||F - P||^2), so content_weight = paper_alpha ||P||^2 / 2"),
             0.5: say("half the right value: take the 1/2 once, paper_alpha ||P||^2 / 2")}
    near = [text for value, text in known.items() if _is(ratio, value)]
    return say("content_weight is {what}.", what=near[0] if near else say(
        "{ratio:.4g} times the right value, paper_alpha ||P||^2 / 2 = {right:.5g}", ratio=ratio,
        right=right))


STYLE_FACTORS = {  # a factor that is the same in every layer: what it is (said with `again`)
    4.0: listed("yours does not divide by the 4 of 1/(4 C^2)"),
    0.25: listed("yours divides by 4 twice"),
}


def style_text(found, right: dict, grams, target, weights: dict) -> str | None:
    """What style_weight * w_l gets wrong; found: {change: {layer: style_weight * w_l}};
    right: the reference's {layer: style_weight * w_l}; weights: the student's w_l."""
    total = {change: sum(parts.values()) for change, parts in found.items()}
    base = total["base"]
    if any(v < 0 for v in found["base"].values()) or base <= 0:
        return say("style_weight * layer weight must be positive for every layer.")
    e_alpha, e_beta = _power(base, total["alpha"], 10), _power(base, total["beta"], 10)
    if _is(e_beta, 0) and _is(e_alpha, 1):
        return say("style_weight follows paper_alpha, not paper_beta: you swapped the two.")
    if not _is(e_beta, 1) or not _is(e_alpha, 0):
        return say("style_weight should grow with paper_beta only: yours is {beta:.3g} times "
                   "larger for 10 times paper_beta (expected 10) and {alpha:.3g} times for 10 "
                   "times paper_alpha (expected 1).", beta=10 ** e_beta, alpha=10 ** e_alpha)
    powers = [_power(base, total[change], 2) for change in ("values", "positions", "channels")]
    if not all(_is(e, 0) for e in powers):
        c = target.shape[1]
        if _is(powers[1], -2) or _is(powers[1], -1):
            square = "^2" if _is(powers[1], -2) else ""
            return say("the style weights divide by M{square}, the positions of P. M cancels "
                       "with our Gram matrices (averages): the paper's 1/(4 C^2 M^2) sum (M G - "
                       "M A)^2 is ||G - A||^2 / (4 C^2). No M is needed.", square=square)
        if _is(powers[2], -2) and _is(powers[0], 0):
            return say("the style weights use the channels of P (C = {c}) for every layer. Each "
                       "style layer has its own C: A.shape[-1] of that layer's Gram matrix.", c=c)
        return say("the style weights change when only P changes ({values:.3g} times for P's "
                   "values x2, {positions:.3g} for its positions x2, {channels:.3g} for its "
                   "channels x2): they depend on paper_beta and the A's only.",
                   values=2 ** powers[0], positions=2 ** powers[1], channels=2 ** powers[2])
    e_gram = _power(base, total["grams"], 2)
    if not _is(e_gram, 2):
        used = {1: say("as ||A|| (the norm) or the sum of A do"), 0: say("so they do not use A"),
                -2: say("as 1 / ||A||^2 does: multiply by ||A||^2, do not divide"),
                4: say("as (||A||^2)^2 does: use A.pow(2).sum() once")}
        near = [text for e, text in used.items() if _is(e_gram, e)]
        return say("the style weights grow {times:.3g} times when every A doubles{how}. They "
                   "should grow 4 times: each layer counts by ||A_l||^2 / (4 C_l^2) = "
                   "A.pow(2).sum() / (4 C^2), because ours divides by ||A_l||^2.",
                   times=2 ** e_gram, how=say(", {text}", text=near[0]) if near else "")
    layers = list(right)
    share = [weights[layer] for layer in layers]
    if max(share) - min(share) < 1e-6 * max(share) and len(layers) > 1:
        return say("the layer weights are all equal ({share:.3g} each), but the right ones "
                   "differ from layer to layer: ours divides each layer's error by ||A_l||^2, so "
                   "layer l must count by paper_beta / L * ||A_l||^2 / (4 C_l^2).",
                   share=share[0])
    ratios = [found["base"][layer] / right[layer] for layer in layers]
    sizes = [grams[layer].shape[-1] for layer in layers]
    x, y = [math.log(c) for c in sizes], [math.log(r) for r in ratios]
    mx, my = sum(x) / len(x), sum(y) / len(y)
    slope = sum((a - mx) * (b - my) for a, b in zip(x, y)) / sum((a - mx) ** 2 for a in x)
    fits = all(abs(b - my - slope * (a - mx)) < 0.01 for a, b in zip(x, y))
    spread = say("(C = {sizes} here; yours is {ratios} times the right value)",
                 sizes=", ".join(map(str, sizes)), ratios=", ".join(f"{r:.3g}" for r in ratios))
    if not fits:
        return say("the style weights are wrong by a factor that differs from layer to layer "
                   "{spread}. Each layer's part is paper_beta / L * ||A_l||^2 / (4 C_l^2).",
                   spread=spread)
    if _is(slope, 2):
        return say("the style weights do not divide by C^2 {spread}. C is the channels of each "
                   "layer: A.shape[-1] (A.shape[0] is the batch, 1).", spread=spread)
    if _is(slope, 1):
        return say("the style weights divide by C, not by C^2 {spread}.", spread=spread)
    if not _is(slope, 0):
        return say("the style weights are off by a factor that grows as C^{slope:.3g} {spread}: "
                   "divide by 4 C^2.", slope=slope, spread=spread)
    ratio, count = ratios[0], len(layers)
    if _is(ratio, 1):
        return None
    factors = {value: again(text) for value, text in STYLE_FACTORS.items()}
    factors[float(count)] = say("yours leaves out the paper's layer weight 1/L: the paper weighs "
                                "each of its L style layers by 1/L (here L = {count})",
                                count=count)
    factors[4.0 * count] = say("yours has neither the 4 of 1/(4 C^2) nor the layer weight 1/L "
                               "(L = {count})", count=count)
    factors[count / 5] = say("yours uses 1/5 as the paper's layer weight; with the {count} layers "
                             "given it is 1/L = 1/{count}: 1 / len(target_grams)", count=count)
    near = [text for value, text in factors.items() if _is(ratio / value, 1)]
    return say("the style weights are {ratio:.4g} times the right value in every layer{why}.",
               ratio=ratio, why=say(": {text}", text=near[0]) if near else "")
