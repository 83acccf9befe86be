"""The diagnosis behind every value check: _Check.agrees and _Check.gradient (in base) call the
functions here, with the check as `check`. A wrong result is explained in four ways, tried in
this order (each one only says what it has verified):

    1. a named mistake: a formula from the check's *_MISTAKES list fits every case;
    2. scale: yours is the reference times a power of the shape and of a few sums (scale.fit),
       on many inputs of different shapes; described by a Scale (the check's `scales`);
    3. structure: the check's own probe (inputs built to isolate one cause: a batch, one
       channel, one direction); it returns a finding, and facts for the fallback;
    4. the fallback: the numbers where it differs, and how the ratio moves (probes.not_fixed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import torch

from ..messages import listed, say
from . import scale as _scale
from .base import _close
from .idioms import graph_cutters
from .probes import not_fixed


@dataclass
class Scale:
    """Inputs to fit yours / reference on, and the quantities that may explain the factor.

    quantities(case, expected) gives {name: value} for a scalar result, or a list of such
    dicts, one for each entry of a tensor result (flattened in order)."""
    reference: Callable
    cases: list
    quantities: Callable
    labels: dict
    exponents: dict
    what: str = listed("inputs of different shapes and sizes")
    fixed: dict = field(default_factory=dict)  # axes of one size in every case: {"C": 3}


def scale_finding(check) -> str | None:
    """The scale fit of each of the check's Scales, explained; None if none fits."""
    for spec in check.scales:
        got = check.outputs(spec.cases)
        if got is None:
            continue
        ratios, quantities = [], []
        for out, case in zip(got, spec.cases):
            expected = spec.reference(*case).detach().double()
            if not isinstance(out, torch.Tensor) or out.shape != expected.shape:
                break
            found = spec.quantities(case, expected)
            ratios += (out.detach().double() / expected).flatten().tolist()
            quantities += found if isinstance(found, list) else [found]
        else:
            found = _fixed(_scale.fit(ratios, quantities), spec.fixed)
            if found and (found[0] != 1.0 or found[1]):
                return _scale.explain(found, spec.exponents, spec.labels, len(spec.cases),
                                      spec.what)
    return None

def _fixed(found, fixed: dict):
    """A constant that is a power of an axis of fixed size (3 = C when C is always 3) is
    written as that power of the axis."""
    if not found:
        return found
    constant, extra = found
    for name, size in fixed.items():
        k = math.log(abs(constant)) / math.log(size)
        if k != 0 and abs(2 * k - round(2 * k)) < 1e-3:
            power = extra.get(name, 0) + round(2 * k) / 2
            return math.copysign(1.0, constant), {**extra, name: power}
    return found


def probe_finding(check):
    """(finding or None, facts) from the check's structure probe; a probe that crashes on
    its own inputs finds nothing (the crash is reported by the check that meets it)."""
    if check.probe is None:
        return None, []
    try:
        return check.probe(check)
    except Exception:
        return None, []


def agrees(check, reference, describe) -> None:
    """Compare with `reference` on every case; if it differs, say why (module docstring)."""
    cases = check.cases
    got = [check.call(*[x.clone() for x in case]) for case in cases]
    for out, case in zip(got, cases):
        if isinstance(out, torch.Tensor) and out.dim() == 0:
            check.scalar(out)
    expected = [reference(*case) for case in cases]
    if all(_close(g, e) for g, e in zip(got, expected)):
        check.ok()
        return
    named = check.named_mistake() or scale_finding(check)
    if named:
        check.fail(named, diagnose=False)
    finding, facts = probe_finding(check)
    if finding:
        check.fail(finding, diagnose=False)
    check.fail(not_fixed(describe, cases, got, expected, facts), diagnose=False)

def gradient(check, make_inputs, reference, wrt: int = 0) -> None:
    """Gradient of the output (or of a random projection of it) w.r.t. input `wrt`."""
    inputs = make_inputs()
    leaf = inputs[wrt].clone().requires_grad_(True)
    inputs = [leaf if i == wrt else x for i, x in enumerate(inputs)]
    out = check.call(*inputs)
    cut = say("no gradient flows back to the input: the result is cut off from the autograd "
              "graph, so backward() could not change the image.")
    if not isinstance(out, torch.Tensor) or not out.requires_grad:
        check.fail(cut + (graph_cutters(check.fn) or say(" Look for .detach(), .data, .item(), "
                          ".numpy(), torch.tensor(...) or torch.no_grad().")), diagnose=False)
    generator = torch.Generator().manual_seed(7)
    weights = torch.randn(out.shape, generator=generator, dtype=out.dtype)
    (grad,) = torch.autograd.grad((out * weights).sum(), leaf, allow_unused=True)
    ref_leaf = inputs[wrt].detach().clone().requires_grad_(True)
    ref_out = reference(*[ref_leaf if i == wrt else x for i, x in enumerate(inputs)])
    (expected,) = torch.autograd.grad((ref_out * weights.to(ref_out.dtype)).sum(), ref_leaf)
    if grad is None:
        check.fail(say("no gradient flows back to the input: the result does not depend on it "
                       "through autograd.") + graph_cutters(check.fn), diagnose=False)
    if not _close(grad, expected, rtol=1e-2):
        check.fail(gradient_text(check, grad.double(), expected.double()), diagnose=False)
    check.ok()

def gradient_text(check, grad: torch.Tensor, expected: torch.Tensor) -> str:
    text = say("the value is right but the gradient is not (autograd against the reference: "
               "largest difference {largest:.3g}).",
               largest=(grad - expected).abs().max().item())
    factor = ((grad * expected).sum() / (expected * expected).sum()).item()
    if _close(grad, factor * expected, rtol=1e-2) and abs(factor) > 1e-6:
        text += say(" Your gradient is {factor:.3g} times the right one.", factor=factor)
        if abs(factor - 0.5) < 1e-3:
            text += say(" Exactly half: as when one of the two factors of a square passes no "
                        "gradient, (F - P) * (F - P).detach().")
    elif grad.abs().max() == 0:
        text += say(" Your gradient is 0 everywhere.")
    return text + (graph_cutters(check.fn) or say(" Some part of your computation passes no "
                   "gradient: look for a value used without autograd (a detached copy, "
                   "torch.tensor(...), an in-place change)."))
