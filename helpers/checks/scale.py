"""Scale: is yours the reference times a fixed power of the shape (N, C, H, W) and of a few sums?

`fit` takes, for many inputs of different shapes and sizes, the ratio yours / reference and the
quantities that could explain it (the sizes of the axes; sums such as sum(P^2)). It fits
ratio = c * prod(q ** e) with exponents in halves, and returns (c, {name: e}) only when that
formula holds for EVERY input (to 2e-4): a message built from it is then true by construction.
`explain` writes the result as two formulas, yours and the reference's, in the quantities' labels.
"""

from __future__ import annotations

import math

import torch

from ..messages import again, say

#: How far (in log) one input may be from the fitted formula: float32 sums are good to ~1e-6.
TOL = 2e-4


def fit(ratios, quantities: list[dict[str, float]], tol: float = TOL):
    """(c, {name: exponent}) with ratios[k] = c * prod(quantities[k][name] ** exponent) for
    every k, exponents in halves from -3 to 3; None when no such formula fits every input."""
    ratios = [float(r) for r in ratios]
    if len(ratios) < 4 or not all(math.isfinite(r) and r != 0 for r in ratios):
        return None
    sign = 1.0 if ratios[0] > 0 else -1.0
    if any(r * sign <= 0 for r in ratios):
        return None
    names = list(quantities[0])
    y = torch.tensor([math.log(abs(r)) for r in ratios], dtype=torch.float64)
    x = torch.tensor([[math.log(q[name]) for name in names] for q in quantities],
                     dtype=torch.float64).reshape(len(ratios), len(names))
    design = torch.cat([torch.ones(len(ratios), 1, dtype=torch.float64), x], dim=1)
    solution = torch.linalg.lstsq(design, y.unsqueeze(1), driver="gelsd").solution.squeeze(1)
    exponents = (solution[1:] * 2).round().clamp(-6, 6) / 2
    rest = y - x @ exponents
    constant = rest.median()
    if (rest - constant).abs().max() > tol:
        return None
    c = math.exp(constant.item())
    if abs(constant.item()) < tol:
        c = 1.0
    return sign * c, {name: e.item() for name, e in zip(names, exponents) if e != 0}


def _power(text: str, e: float, grouped: bool) -> str:
    if e == 1:
        return text
    if e == 0.5:
        return f"sqrt({text})"
    inner = f"({text})" if grouped else text
    return f"{inner}^{e:g}"


def _standalone(label: str) -> bool:
    """A sum or a product such as "F F^T" stands alone; axis sizes are grouped: (H*W)^2."""
    return label.startswith("sum") or (" " in label and not label.startswith("("))


def formula(exponents: dict[str, float], labels: dict[str, str], constant: float = 1.0) -> str:
    """Write c * prod(q ** e) as text: quantities with the same power are grouped,
    {"S": 1, "H": -1, "W": -1} -> "S / (H*W)"; `labels` gives each name's text, in order."""
    top, bottom = [], []
    for power in sorted({abs(e) for e in exponents.values()}):
        for side, sign in [(top, 1), (bottom, -1)]:
            names = [n for n in labels if exponents.get(n, 0) == sign * power]
            alone = [n for n in names if _standalone(labels[n])]
            for n in alone:
                side.append(_power(labels[n], power, " " in labels[n]))
            rest = [labels[n] for n in names if n not in alone]
            if rest:
                side.append(_power("*".join(rest), power, len(rest) > 1))
    head = " * ".join(top) or "1"
    if constant != 1.0:
        head = f"{_number(constant)} * {head}" if top else _number(constant)
    if not bottom:
        return head
    tail = " * ".join(bottom)
    if len(bottom) > 1 or ("*" in tail and not tail.startswith("(") and "sqrt" not in tail):
        tail = f"({tail})"
    return f"{head} / {tail}"


def _number(c: float) -> str:
    if abs(2 * c - round(2 * c)) < 1e-4 * max(1.0, abs(c)):
        return f"{round(2 * c) / 2:g}"
    if abs(1 / c - round(1 / c)) < 1e-4 * abs(1 / c):
        return f"1/{round(1 / c)}"
    return f"{c:.4g}"


def factor_text(constant: float, exponents: dict[str, float], labels: dict[str, str]) -> str:
    """"times H*W", "divided by (N*C*H*W)", "times 0.5"."""
    if all(e < 0 for e in exponents.values()) and exponents and constant == 1.0:
        return say("divided by {formula}",
                   formula=formula({n: -e for n, e in exponents.items()}, labels))
    return say("times {formula}", formula=formula(exponents, labels, constant))


def explain(found, reference: dict[str, float], labels: dict[str, str], count: int,
            what: str = "inputs of different shapes and sizes") -> str:
    """The message for a fitted factor: what yours computes, what the reference computes.
    `what`: the inputs, in English (a Scale's `what`); said in the reader's language (again)."""
    constant, extra = found
    what = again(what)
    yours = {n: reference.get(n, 0) + extra.get(n, 0) for n in labels}
    yours = {n: e for n, e in yours.items() if e != 0}
    if not extra:
        if constant == -1.0:
            return say("On {count} {what}, yours is always minus the reference: a sign is "
                       "wrong.", count=count, what=what)
        return say("On {count} {what}, yours is always {number} times the reference: a fixed "
                   "number. Look at the numbers in your formula.", count=count, what=what,
                   number=_number(constant))
    text = say("On {count} {what}, yours is always the reference {factor}. Yours computes "
               "{yours}; it should compute {reference}.", count=count, what=what,
               factor=factor_text(constant, extra, labels),
               yours=formula(yours, labels, constant), reference=formula(reference, labels))
    if constant == 1.0 and yours == {n: 0.5 * e for n, e in reference.items()}:
        text += say(" That is the square root of the reference: there is one square root too "
                    "many (.norm(), .sqrt() or ** 0.5). A sum of squares is .pow(2).sum().")
    if constant == 1.0 and yours == {n: 2 * e for n, e in reference.items()}:
        text += say(" That is the square of the reference: do not square the result again.")
    return text
