"""Self-check for total variation: check_total_variation_loss, with TV_MISTAKES, and the probes
that tell the directions apart: images that change only along W (left to right), only along H
(top to bottom), only across the colour channels or the images of a batch; one channel that
changes; one bright column or row in the middle or at the border. Notebooks import it from
helpers.checks (contract in its docstring).
"""

from __future__ import annotations

import torch

from .. import losses
from ..messages import again, listed, say
from .base import _Check, _shape_text, _varied
from .diagnose import Scale
from .probes import batch_finding

def _dx(x):
    return (x[..., :, 1:] - x[..., :, :-1]).float()


def _dy(x):
    return (x[..., 1:, :] - x[..., :-1, :]).float()


TV_MISTAKES = [
    (listed("used sum instead of mean. Take the mean of each direction's squared differences."),
     lambda x: _dx(x).pow(2).sum() + _dy(x).pow(2).sum()),
    (listed("computed the L1 total variation (absolute differences |x1 - x2|): the textbook "
            "form, and a fine choice, but this exercise asks for the squared form that "
            "helpers.losses uses (Mahendran and Vedaldi's beta = 2). Square the differences "
            "instead."),
     lambda x: _dx(x).abs().mean() + _dy(x).abs().mean()),
    (listed("compared horizontal neighbours only; add the vertical ones (along H)."),
     lambda x: _dx(x).pow(2).mean()),
    (listed("compared vertical neighbours only; add the horizontal ones (along W)."),
     lambda x: _dy(x).pow(2).mean()),
    (listed("both differences go the same way (both along W). One must be along W (the last "
            "axis), the other along H."), lambda x: 2 * _dx(x).pow(2).mean()),
    (listed("both differences go the same way (both along H). One must be along W (the last "
            "axis), the other along H."), lambda x: 2 * _dy(x).pow(2).mean()),
    (listed("averaged the two directions ((a + b) / 2). Add them: mean(dx^2) + mean(dy^2)."),
     lambda x: (_dx(x).pow(2).mean() + _dy(x).pow(2).mean()) / 2),
    (listed("took one mean over all differences together. Take each direction's mean, then add."),
     lambda x: (_dx(x).pow(2).sum() + _dy(x).pow(2).sum()) / (_dx(x).numel() + _dy(x).numel())),
    (listed("compared the last column with the first (torch.roll wraps around). Use slices: "
            "x[..., :, 1:] - x[..., :, :-1]."),
     lambda x: (torch.roll(x, 1, -1) - x).pow(2).mean() + (torch.roll(x, 1, -2) - x).pow(2).mean()),
]



LABELS = {"S": "sum(dx^2)", "A": "sum(|dx|)", "N": "N", "C": "C", "H": "H", "W": "W",
          "H1": "(H - 1)", "W1": "(W - 1)", "ALL": "(the number of all dx and dy)"}
ALONG = {3: ("W", listed("from left to right (along W)"), "x[..., :, 1:] - x[..., :, :-1]"),
         2: ("H", listed("from top to bottom (along H)"), "x[..., 1:, :] - x[..., :-1, :]")}
#: The inputs of each direction's scale fit (Scale.what), said with `again`.
ONE_WAY = {3: listed("images that change only from left to right (along W)"),
           2: listed("images that change only from top to bottom (along H)")}


def _one_way(generator, shape, axis: int) -> torch.Tensor:
    """An image (N, 3, H, W) that changes only along `axis` (3: W, 2: H): every other axis flat."""
    size = [shape[0], shape[1], 1, 1]
    size[axis] = shape[axis]
    return torch.rand(*size, generator=generator).expand(*shape).contiguous()


def _scale(axis: int) -> Scale:
    generator = torch.Generator().manual_seed(30 + axis)
    cases = [(_one_way(generator, (n, 3, h, w), axis) * s,)
             for (n, _, h, w), s in _varied(generator)]

    def quantities(case, expected):
        x = case[0].double()
        d = x.diff(dim=axis)
        n, c, h, w = x.shape
        return {"S": d.pow(2).sum().item(), "A": d.abs().sum().item(), "N": n, "H": h, "W": w,
                "H1": h - 1, "W1": w - 1, "ALL": n * c * (h * (w - 1) + (h - 1) * w)}
    exponents = {"S": 1, "N": -1, "C": -1, "H": -1, "W1": -1} if axis == 3 else \
        {"S": 1, "N": -1, "C": -1, "H1": -1, "W": -1}
    d = "dx" if axis == 3 else "dy"
    labels = {**LABELS, "S": f"sum({d}^2)", "A": f"sum(|{d}|)"}
    return Scale(losses.total_variation_loss, cases, quantities, labels, exponents,
                 ONE_WAY[axis], {"C": 3})


def _value(check, x) -> float:
    return float(check.call(x.clone()))


def _ratio(check, x) -> float:
    return _value(check, x) / losses.total_variation_loss(x).item()


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-3 * max(abs(a), abs(b)) + 1e-7


def tv_probe(check):
    """(finding or None, facts) for a total variation that disagrees with the reference."""
    generator = torch.Generator().manual_seed(33)
    shape = (2, 3, 5, 7)
    flat = _value(check, torch.full((1, 3, 5, 7), 0.4))
    if abs(flat) > 1e-6:
        return say("should be 0 for an image of one colour everywhere, got {flat:.4g}. A total "
                   "variation adds up differences between neighbouring pixels only: where nothing "
                   "changes, it is 0.", flat=flat), []
    noise = torch.rand(*shape, generator=generator)
    plain, inverted = _value(check, noise[:1]), _value(check, 1 - noise[:1])
    if not _same(plain, inverted):
        return say("changes when the image is inverted (x becomes 1 - x, so every difference "
                   "changes sign): {plain:.5g}, then {inverted:.5g}. A step up and a step down "
                   "must count the same: square each difference.", plain=plain,
                   inverted=inverted), []
    colours = torch.rand(1, 3, 1, 1, generator=generator).expand(1, 3, 5, 7).contiguous()
    if abs(_value(check, colours)) > 1e-6:
        return say("is not 0 for an image in which every pixel has the same colour (the three "
                   "channels differ, the pixels do not): yours gives {value:.4g}. You take "
                   "differences across the colour channels (dim 1). Take them along H (dim 2) and "
                   "W (dim 3) only.", value=_value(check, colours)), []
    greys = torch.rand(2, 1, 1, 1, generator=generator).expand(*shape).contiguous()
    if abs(_value(check, greys)) > 1e-6:
        return say("is not 0 for a batch of two flat images of different greys: you take "
                   "differences between the images of the batch (dim 0). Take them along H "
                   "(dim 2) and W (dim 3) only."), []
    facts, ratios = [], {}
    for axis, (name, what, code) in ALONG.items():
        ratios[name] = _ratio(check, _one_way(generator, shape, axis))
        if abs(ratios[name]) < 1e-6:
            return say("is 0 for an image that changes only {what}: the differences along {name} "
                       "are missing. Add the mean of the squares of {code}.", what=again(what),
                       name=name, code=code), []
        facts.append(say("For an image that changes only {what}, yours is {ratio:.4g} times the "
                         "reference.", what=again(what), ratio=ratios[name]))
    single, pattern = [], torch.rand(5, 7, generator=generator)
    for channel in range(3):  # the same pattern in one channel, the others flat
        image = colours.clone()
        image[:, channel] = pattern
        single.append(_ratio(check, image))
    missing = [str(c) for c, r in enumerate(single) if abs(r) < 1e-6]
    if missing:
        return say("is 0 for an image in which only colour channel {channels} changes: that "
                   "channel is left out. Use every channel (x[:, :, ...], not x[:, 0]).",
                   channels=say(" or ").join(missing)), []
    if not (_same(single[0], single[1]) and _same(single[0], single[2])):
        return say("treats the colour channels differently: for an image in which only channel "
                   "0, 1 or 2 changes, yours is {first:.4g}, {second:.4g} or {third:.4g} times "
                   "the reference. Treat every channel the same way.", first=single[0],
                   second=single[1], third=single[2]), []
    every = _ratio(check, colours + pattern)
    if not _same(every, single[0]):
        return say("mixes the colour channels: for an image in which one channel changes, yours "
                   "is {one:.4g} times the reference, but {every:.4g} times when all three "
                   "change in the same way (does it average or add the channels first?). Take "
                   "the differences in every channel on its own.", one=single[0],
                   every=every), []
    noise[1] *= 0.3
    found = batch_finding(check, [noise], losses.total_variation_loss, listed(
        "The reference takes one mean over every image, channel and position."))
    if found:
        return found, []
    found = _border(check)
    if found:
        return found, []
    if _same(ratios["W"], 1.0) and _same(ratios["H"], 1.0):
        return say("is right for images that change along W only and along H only, but not for "
                   "images that change along both. Add two separate terms, mean(dx^2) + "
                   "mean(dy^2), each with its own mean."), []
    mirrored = _value(check, noise[:1].flip(3))
    if not _same(mirrored, plain):
        return say("changes when the image is mirrored left to right ({plain:.5g}, then "
                   "{mirrored:.5g}; the reference does not change): some pairs of neighbours "
                   "count more than others. Each pair must count once: x[..., :, 1:] - "
                   "x[..., :, :-1] and x[..., 1:, :] - x[..., :-1, :].", plain=plain,
                   mirrored=mirrored), []
    return None, facts


def _border(check) -> str | None:
    """One bright column (row) in the middle and at the border: the same ratio?"""
    for axis, (name, _, code) in ALONG.items():
        line = say("column") if name == "W" else say("row")
        middle, border = torch.zeros(1, 3, 6, 8), torch.zeros(1, 3, 6, 8)
        middle.select(axis, 3).fill_(1.0)
        border.select(axis, -1).fill_(1.0)
        inside, edge = _ratio(check, middle), _ratio(check, border)
        if not _same(inside, edge):
            text = say("treats the border differently: with one bright {line} in the middle "
                       "yours is {inside:.4g} times the reference, at the last {line} {edge:.4g} "
                       "times.", line=line, inside=inside, edge=edge)
            if _same(edge, 2 * inside):
                text += say(" At the border yours counts one difference too many, as if the last "
                            "pixel were next to the first (torch.roll wraps around). Use slices: "
                            "{code}.", code=code)
            return text
    return None


def check_total_variation_loss(fn) -> bool:
    """Check `fn(image (N, 3, H, W)) -> scalar` = mean(dx^2) + mean(dy^2). Six checks."""
    generator = torch.Generator().manual_seed(3)
    cases = [(torch.rand(*shape, generator=generator),) for shape in
             [(1, 3, 5, 8), (1, 3, 9, 4), (2, 3, 6, 7)]]
    check = _Check("total_variation_loss", fn, cases, TV_MISTAKES, [_scale(3), _scale(2)], tv_probe)
    check.hints = [("must match the size of tensor", listed(
        "your code combines two tensors of different sizes. dx has shape (N, C, H, W - 1) and dy "
        "has shape (N, C, H - 1, W): they cannot be added element by element. Take the mean of "
        "each, then add them."))]
    noise = torch.rand(1, 3, 6, 9, generator=generator)
    before = [noise.clone()]
    check.scalar(check.call(noise), (torch.rand(2, 3, 5, 7, generator=generator),))
    check.ok()
    check.unchanged(before, [noise], ["image"])
    check.zero_and_positive(check.call(torch.full((1, 3, 6, 9), 0.4)), check.call(noise),
                            say("the image has one colour everywhere"))
    ramp = torch.linspace(0, 1, 9).expand(1, 3, 6, 9).contiguous()  # smooth: small steps
    if not check.scalar(check.call(noise)) > check.scalar(check.call(ramp)):
        check.fail(say("should be larger for noise than for a smooth colour ramp."))
    check.ok()
    check.agrees(losses.total_variation_loss, _shape_text)
    check.gradient(lambda: [torch.rand(1, 3, 7, 5, generator=generator)],
                   losses.total_variation_loss)
    return check.done()
