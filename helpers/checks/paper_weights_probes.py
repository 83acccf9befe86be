"""How check_series_weights (paper_weights.py) names a mistake: from how each weight follows
one input changed at a time. `found` maps a change ("base", "alpha", "beta", "values",
"positions", "channels", "grams") to the student's content_weight, or to its
{layer: style_weight * layer weight}.
"""

from __future__ import annotations

import math


def _power(a: float, b: float, base: float) -> float:
    return math.log(abs(b / a), base) if a and b else float("nan")


def _is(e: float, target: float) -> bool:
    return abs(e - target) < 0.05


CONTENT_POWERS = {  # powers for (P's values x2, positions x2, channels x2): what it used
    (1, 0.5, 0.5): "||P|| (the norm, P.norm()) where ||P||^2 (the sum of squares) belongs",
    (1, 1, 1): "the sum of P, not the sum of its squares: P.pow(2).sum()",
    (2, 0, 0): "the mean of P^2, not the sum: use P.pow(2).sum()",
    (0, 0, 0): "no P at all. Ours divides the error by ||P||^2 and the paper does not, so the "
               "weight must multiply by it: alpha ||P||^2 / 2",
    (-2, -1, -1): "1 / ||P||^2: multiply by ||P||^2, do not divide",
    (4, 2, 2): "(||P||^2)^2: use ||P||^2 = P.pow(2).sum() once",
    (2, 0, 1): "||P||^2 / M (M = H*W of P): the paper's content loss is a plain sum, no M",
    (2, -1, 1): "||P||^2 / M^2 (M = H*W of P): the paper's content loss is a plain sum, no M",
    (2, 1, 0): "||P||^2 / C (C = channels of P): the paper's content loss is a plain sum",
}


def content_text(found, right: float) -> str | None:
    """What content_weight gets wrong; found: {change: value}."""
    base = found["base"]
    if base <= 0:
        return f"content_weight is {base:.4g}; it must be positive: paper_alpha ||P||^2 / 2."
    e_alpha, e_beta = _power(base, found["alpha"], 10), _power(base, found["beta"], 10)
    if _is(e_alpha, 0) and _is(e_beta, 1):
        return ("content_weight follows paper_beta, not paper_alpha: it grows 10 times when "
                "paper_beta does. You swapped the two: content_weight comes from paper_alpha, "
                "style_weight from paper_beta.")
    if not _is(e_alpha, 1):
        return (f"content_weight should grow with paper_alpha: when paper_alpha is 10 times "
                f"larger, yours is {10 ** e_alpha:.3g} times larger (expected 10).")
    for change, what in [("beta", "paper_beta"), ("grams", "the style's A")]:
        e = _power(base, found[change], 2 if change == "grams" else 10)
        if not _is(e, 0):
            return (f"content_weight changes when only {what} changes (it becomes "
                    f"{found[change] / base:.3g} times as large): it depends on paper_alpha and "
                    "P only.")
    powers = tuple(_power(base, found[change], 2) for change in ("values", "positions", "channels"))
    if not all(_is(e, t) for e, t in zip(powers, (2, 1, 1))):
        for key, text in CONTENT_POWERS.items():
            if all(_is(e, t) for e, t in zip(powers, key)):
                return f"content_weight uses {text}."
        return (f"content_weight grows {2 ** powers[0]:.3g} times when P's values double "
                f"(expected 4), {2 ** powers[1]:.3g} times when P has twice the positions "
                f"(expected 2), {2 ** powers[2]:.3g} times for twice the channels (expected 2). "
                "It should be paper_alpha * P.pow(2).sum() / 2.")
    ratio = base / right
    if _is(ratio, 1):
        return None
    say = {2.0: "twice the right value: the paper's content loss has a factor 1/2 "
                "(1/2 ||F - P||^2), so content_weight = paper_alpha ||P||^2 / 2",
           0.5: "half the right value: take the 1/2 once, paper_alpha ||P||^2 / 2"}
    near = [text for value, text in say.items() if _is(ratio, value)]
    return "content_weight is " + (near[0] if near else f"{ratio:.4g} times the right value, "
                                   f"paper_alpha ||P||^2 / 2 = {right:.5g}") + "."


STYLE_FACTORS = {  # a factor that is the same in every layer: what it is
    4.0: "yours does not divide by the 4 of 1/(4 C^2)",
    0.25: "yours divides by 4 twice",
}


def style_text(found, right: dict, grams, target, weights: dict) -> str | None:
    """What style_weight * w_l gets wrong; found: {change: {layer: style_weight * w_l}};
    right: the reference's {layer: style_weight * w_l}; weights: the student's w_l."""
    total = {change: sum(parts.values()) for change, parts in found.items()}
    base = total["base"]
    if any(v < 0 for v in found["base"].values()) or base <= 0:
        return "style_weight * layer weight must be positive for every layer."
    e_alpha, e_beta = _power(base, total["alpha"], 10), _power(base, total["beta"], 10)
    if _is(e_beta, 0) and _is(e_alpha, 1):
        return ("style_weight follows paper_alpha, not paper_beta: you swapped the two.")
    if not _is(e_beta, 1) or not _is(e_alpha, 0):
        return (f"style_weight should grow with paper_beta only: yours is {10 ** e_beta:.3g} "
                f"times larger for 10 times paper_beta (expected 10) and {10 ** e_alpha:.3g} "
                "times for 10 times paper_alpha (expected 1).")
    powers = [_power(base, total[change], 2) for change in ("values", "positions", "channels")]
    if not all(_is(e, 0) for e in powers):
        c = target.shape[1]
        if _is(powers[1], -2) or _is(powers[1], -1):
            square = "^2" if _is(powers[1], -2) else ""
            return (f"the style weights divide by M{square}, the positions of P. M cancels with "
                    "our Gram matrices (averages): the paper's 1/(4 C^2 M^2) sum (M G - M A)^2 "
                    "is ||G - A||^2 / (4 C^2). No M is needed.")
        if _is(powers[2], -2) and _is(powers[0], 0):
            return (f"the style weights use the channels of P (C = {c}) for every layer. Each "
                    "style layer has its own C: A.shape[-1] of that layer's Gram matrix.")
        return (f"the style weights change when only P changes ({2 ** powers[0]:.3g} times for "
                f"P's values x2, {2 ** powers[1]:.3g} for its positions x2, {2 ** powers[2]:.3g} "
                "for its channels x2): they depend on paper_beta and the A's only.")
    e_gram = _power(base, total["grams"], 2)
    if not _is(e_gram, 2):
        used = {1: "as ||A|| (the norm) or the sum of A do", 0: "so they do not use A",
                -2: "as 1 / ||A||^2 does: multiply by ||A||^2, do not divide",
                4: "as (||A||^2)^2 does: use A.pow(2).sum() once"}
        near = [text for e, text in used.items() if _is(e_gram, e)]
        return (f"the style weights grow {2 ** e_gram:.3g} times when every A doubles"
                + (f", {near[0]}" if near else "") + ". They should grow 4 times: each layer "
                "counts by ||A_l||^2 / (4 C_l^2) = A.pow(2).sum() / (4 C^2), because ours "
                "divides by ||A_l||^2.")
    layers = list(right)
    share = [weights[layer] for layer in layers]
    if max(share) - min(share) < 1e-6 * max(share) and len(layers) > 1:
        return (f"the layer weights are all equal ({share[0]:.3g} each), but the right ones "
                "differ from layer to layer: ours divides each layer's error by ||A_l||^2, so "
                "layer l must count by paper_beta / L * ||A_l||^2 / (4 C_l^2).")
    ratios = [found["base"][layer] / right[layer] for layer in layers]
    sizes = [grams[layer].shape[-1] for layer in layers]
    x, y = [math.log(c) for c in sizes], [math.log(r) for r in ratios]
    mx, my = sum(x) / len(x), sum(y) / len(y)
    slope = sum((a - mx) * (b - my) for a, b in zip(x, y)) / sum((a - mx) ** 2 for a in x)
    fits = all(abs(b - my - slope * (a - mx)) < 0.01 for a, b in zip(x, y))
    spread = (f"(C = {', '.join(map(str, sizes))} here; yours is "
              f"{', '.join(f'{r:.3g}' for r in ratios)} times the right value)")
    if not fits:
        return (f"the style weights are wrong by a factor that differs from layer to layer "
                f"{spread}. Each layer's part is paper_beta / L * ||A_l||^2 / (4 C_l^2).")
    if _is(slope, 2):
        return (f"the style weights do not divide by C^2 {spread}. C is the channels of each "
                "layer: A.shape[-1] (A.shape[0] is the batch, 1).")
    if _is(slope, 1):
        return f"the style weights divide by C, not by C^2 {spread}."
    if not _is(slope, 0):
        return (f"the style weights are off by a factor that grows as C^{slope:.3g} {spread}: "
                "divide by 4 C^2.")
    ratio, count = ratios[0], len(layers)
    if _is(ratio, 1):
        return None
    factors = dict(STYLE_FACTORS)
    factors[float(count)] = (f"yours leaves out the paper's layer weight 1/L: the paper weighs "
                             f"each of its L style layers by 1/L (here L = {count})")
    factors[4.0 * count] = (f"yours has neither the 4 of 1/(4 C^2) nor the layer weight 1/L "
                            f"(L = {count})")
    factors[count / 5] = (f"yours uses 1/5 as the paper's layer weight; with the {count} layers "
                          f"given it is 1/L = 1/{count}: 1 / len(target_grams)")
    near = [text for value, text in factors.items() if _is(ratio / value, 1)]
    return ("the style weights are " + f"{ratio:.4g} times the right value in every layer"
            + (f": {near[0]}" if near else "") + ".")
