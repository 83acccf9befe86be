"""Probes for the two relative errors, content_loss and style_loss: the scale fits (which sums and
axis sizes explain a wrong factor) and the structure probes (a batch, a sign, a doubling, a
common size change, a shuffle; for style, which Gram matrix makes yours 0).

Each probe changes one thing that must leave the reference's answer fixed or change it in a
known way, and a finding says what yours did instead, with the numbers.
"""

from __future__ import annotations

import torch

from .. import losses
from ..messages import say
from .base import _close, _features, _varied
from .diagnose import Scale
from .probes import batch_finding

SHAPE_LABELS = {"N": "N", "C": "C", "H": "H", "W": "W"}
CONTENT_LABELS = {"Sd": "sum((F - P)^2)", "Ad": "sum(|F - P|)", "SP": "sum(P^2)",
                  "AP": "sum(|P|)", "SF": "sum(F^2)", **SHAPE_LABELS}
STYLE_LABELS = {"Sd": "sum((G - A)^2)", "Ad": "sum(|G - A|)", "SA": "sum(A^2)",
                "AA": "sum(|A|)", "SG": "sum(G^2)", **SHAPE_LABELS}


def _sums(d, named: dict, shape) -> dict:
    out = {"Sd": d.pow(2).sum().item(), "Ad": d.abs().sum().item()}
    for name, x in named.items():
        out[name] = x.pow(2).sum().item() if name[0] == "S" else x.abs().sum().item()
    return {**out, **dict(zip("NCHW", shape))}


def content_scale() -> Scale:
    generator = torch.Generator().manual_seed(21)
    cases = [(_features(generator, *shape) * s, _features(generator, *shape) * t)
             for (shape, s), (_, t) in zip(_varied(generator), _varied(generator))]

    def quantities(case, expected):
        f, p = (x.double() for x in case)
        return _sums(f - p, {"SP": p, "AP": p, "SF": f}, f.shape)
    return Scale(losses.content_loss, cases, quantities, CONTENT_LABELS, {"Sd": 1, "SP": -1})


def style_scale() -> Scale:
    generator = torch.Generator().manual_seed(22)
    cases = []
    for (shape, s), (style, t) in zip(_varied(generator), _varied(generator, batch=1)):
        target = losses.gram_matrix(_features(generator, 1, shape[1], *style[2:]) * t)
        cases.append((_features(generator, *shape) * s, target))

    def quantities(case, expected):
        f, a = case[0].double(), case[1].double()
        g = losses.gram_matrix(f).double()
        return _sums(g - a, {"SA": a, "AA": a, "SG": g}, f.shape)
    return Scale(losses.style_loss, cases, quantities, STYLE_LABELS, {"Sd": 1, "SA": -1})


def _value(check, *args) -> float:
    return float(check.call(*[a.clone() for a in args]))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-3 * max(abs(a), abs(b)) + 1e-7


def _orthogonal(d: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
    """d with its part along p removed: then sum((p + d)^2) = sum((p - d)^2)."""
    return d - (d * p).sum() / (p * p).sum() * p


def _two_images(generator, shape):
    """A batch of two unlike images: the second one larger, with a smaller difference."""
    p = _features(generator, *shape)
    d = 0.3 * torch.randn(*shape, generator=generator)
    p[1] *= 3
    d[1] *= 0.2
    return p, d


def content_probe(check):
    """(finding or None, facts) for a content loss that disagrees with the reference."""
    got = check.outputs(check.cases)
    if got and all(_close(o, losses.content_loss(p, f)) for o, (f, p) in zip(got, check.cases)):
        return say("is the reference with features and target swapped: you divide by sum(F^2), "
                   "the image being made. Divide by sum(P^2), the target's."), []
    generator = torch.Generator().manual_seed(23)
    p, d = _two_images(generator, (2, 3, 5, 7))
    found = batch_finding(check, [p + d, p], losses.content_loss)
    if found:
        return found, []
    p, d = p[:1], _orthogonal(d[:1], p[:1])
    cancel = _value(check, p + d - d.mean(), p)
    if abs(cancel) < 1e-7:
        return say("is 0 for features that differ from the target whenever the differences "
                   "F - P add up to 0: in yours they cancel out. Square each difference first, "
                   "then add up: sum((F - P)^2)."), []
    plus, minus = _value(check, p + d, p), _value(check, p - d, p)
    growth = _value(check, p + 2 * d, p) / plus
    if not _same(growth, 4.0):
        return say("is not a squared error: with the target P fixed, doubling F - P multiplies "
                   "yours by {growth:.4g}, but it must multiply the loss by exactly 4. The top of "
                   "the fraction is the sum of the squared differences, the bottom depends on P "
                   "only: sum((F - P)^2) / sum(P^2).", growth=growth), []
    if not _same(plus, minus):
        return say("changes when F - P changes sign: F = P + D gives {plus:.5g}, F = P - D "
                   "gives {minus:.5g} (the reference gives the same for both). Square each "
                   "difference, (F - P)^2, before you add up.", plus=plus, minus=minus), []
    bigger = _value(check, 10 * (p + d), 10 * p) / plus
    if not _same(bigger, 1.0):
        return say("is not a relative error: multiplying both features and target by 10 "
                   "multiplies yours by {bigger:.4g}; it must stay the same. Divide by sum(P^2), "
                   "the target's sum of squares.", bigger=bigger), []
    order = torch.randperm(p.numel(), generator=generator)
    shuffled = _value(check, *[x.flatten()[order].reshape(x.shape) for x in (p + d, p)])
    if not _same(shuffled, plus):
        return say("changes when the elements of F and P are shuffled in the same way "
                   "({plus:.5g} before, {shuffled:.5g} after). Compare each element only with the "
                   "element at the same place: (F - P)^2, summed over every element.",
                   plus=plus, shuffled=shuffled), []
    return None, []


def style_zero_finding(check, features: torch.Tensor, value: float) -> str | None:
    """Yours is not 0 for target_gram = gram_matrix(features): which target makes it 0?"""
    n, c, h, w = features.shape
    gram = losses.gram_matrix(features)
    flat = features.reshape(n, c, h * w)
    centred = flat - flat.mean(2, keepdim=True)
    mixed = features.reshape(n, h * w, c).transpose(1, 2)
    factors = [("H*W", h * w), ("1/(H*W)", 1 / (h * w)), ("C", c), ("1/C", 1 / c),
               ("C*H*W", c * h * w), ("1/(C*H*W)", 1 / (c * h * w)), ("(H*W)^2", (h * w) ** 2),
               ("1/(H*W)^2", 1 / (h * w) ** 2), ("2", 2), ("1/2", 0.5)]
    others = [(gram * k, say("gram_matrix(features) times {factor}: the Gram matrix you make "
                             "from `features` is {factor} times ours. Make it as gram_matrix "
                             "does: F F^T / M, with M = H*W", factor=text)) for text, k in factors]
    others += [(centred @ centred.transpose(1, 2) / (h * w), say(
                   "the covariance of the features (channel means subtracted). Use the features "
                   "as they are: F F^T / M")),
               (mixed @ mixed.transpose(1, 2) / (h * w), say(
                   "the Gram matrix of features reshaped to (N, H*W, C): that mixes channels and "
                   "positions. Reshape to (N, C, H*W)"))]
    for target, text in others:
        if abs(_value(check, features, target)) < 1e-5:
            return say("should be 0 when target_gram = gram_matrix(features), got {value:.4g}. "
                       "Yours is 0 when target_gram is {text}.", value=value, text=text)
    return None


def _like(e: torch.Tensor, g: torch.Tensor, norm: torch.Tensor) -> torch.Tensor:
    """A symmetric difference with no part along g and a given size (sum of squares)."""
    e = _orthogonal((e + e.transpose(1, 2)) / 2, g)
    return e * (norm / e.pow(2).sum()).sqrt()


def style_probe(check):
    """(finding or None, facts) for a style loss that disagrees with the reference."""
    generator = torch.Generator().manual_seed(24)
    features, _ = _two_images(generator, (2, 4, 5, 6))
    target = losses.gram_matrix(_features(generator, 1, 4, 6, 3))
    found = batch_finding(check, [features, target], losses.style_loss)
    if found:
        return found, []
    features = features[:1]
    gram = losses.gram_matrix(features)
    if abs(_value(check, features, gram)) > 1e-5:  # yours makes another G: the rest would not tell
        return None, []
    e = _like(torch.randn(1, 4, 4, generator=generator), gram, 0.1 * gram.pow(2).sum())
    other = _like(torch.randn(1, 4, 4, generator=generator), gram, e.pow(2).sum())
    plus, minus, moved = (_value(check, features, gram + x) for x in (e, -e, other))
    same = say("(the reference gives {value:.5g} for all)",
               value=losses.style_loss(features, gram + e).item())
    if not _same(plus, minus):
        return say("changes when G - A changes sign: target_gram = G + E gives {plus:.5g}, G - E "
                   "gives {minus:.5g} {same}. Square each difference, (G - A)^2, before you add "
                   "up.", plus=plus, minus=minus, same=same), []
    if not _same(plus, moved):
        return say("gives {plus:.5g} and {moved:.5g} for two targets that differ from G by two "
                   "patterns with the same sum of squares {same}. The loss may depend only on "
                   "sum((G - A)^2) and sum(A^2), over every entry of the C x C matrices.",
                   plus=plus, moved=moved, same=same), []
    before = _value(check, features, target)
    bigger = _value(check, 10 * features, 100 * target) / before
    if not _same(bigger, 1.0):
        return say("is not a relative error: multiplying the features by 10 (so both Gram "
                   "matrices by 100) multiplies yours by {bigger:.4g}; it must stay the same. "
                   "Divide by sum(A^2), the target's sum of squares.", bigger=bigger), []
    order = torch.randperm(4, generator=generator)
    turned = _value(check, features[:, order], target[:, order][:, :, order])
    if not _same(turned, before):
        return say("changes when the channels are put in another order, in both the features "
                   "and target_gram ({before:.5g} before, {turned:.5g} after). Entry (i, j) of G "
                   "must be compared with entry (i, j) of A only.", before=before,
                   turned=turned), []
    return None, []
