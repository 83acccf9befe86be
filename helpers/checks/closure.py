"""Self-check for the L-BFGS closure exercise: check_closure runs the student's make_closure
against a small loss with known gradients, records what the closure does and in which order
(events.py), then runs it with torch.optim.LBFGS. Notebooks import it from helpers.checks
(contract in its docstring).
"""

from __future__ import annotations

import torch

from .. import losses
from ..messages import again, listed, say
from .base import CheckFailed, _Check, _close, _short, type_text
from .events import Recorder, first_problem
from .idioms import explain_error
from .stubs import NotDone, is_stub


class _SmallLoss:
    """A small loss with known gradients (no network needed): image -> {"total", ...}."""

    def __init__(self, target: torch.Tensor):
        self.target = target

    def __call__(self, image: torch.Tensor) -> dict:
        content = losses.content_loss(image, self.target)
        tv = losses.total_variation_loss(image)
        return {"total": content + 0.1 * tv, "content": content, "tv": tv}


def _true_gradient(image: torch.Tensor, loss_fn) -> torch.Tensor:
    pixels = image.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(loss_fn(pixels)["total"], pixels)
    return grad


#: (a piece of the error text, what it means in a closure: marked `listed`, said with `again`)
CLOSURE_ERRORS = [
    ("does not require grad", listed(
        "backward() failed: the loss has no link back to the image. Pass `image` itself to "
        "loss_fn (no .detach(), .data, .clone().detach() or torch.no_grad()).")),
    ("second time", listed(
        "backward() ran twice on the same graph. Call loss_fn once and backward() once in each "
        "call of the closure.")),
    ("required positional argument", listed(
        "closure() must take no arguments: L-BFGS calls it as closure(). It sees image, "
        "optimizer and loss_fn from make_closure.")),
    ("'dict' object has no attribute 'backward'", listed(
        "loss_fn returns a dict of losses: call backward() on its 'total', "
        "losses['total'].backward().")),
    ("'float' object has no attribute 'backward'", listed(
        "backward() needs the loss tensor: .item() or float() gives a Python number. Call "
        "losses['total'].backward().")),
    ("'NoneType' object has no attribute", listed(
        "image.grad is None before the first backward(), so image.grad.zero_() fails. Use "
        "optimizer.zero_grad(), which handles that.")),
    ("leaf Variable that requires grad is being used in an in-place", listed(
        "the closure changes the image in place (such as image.clamp_(0, 1)). It must leave the "
        "pixels alone: only the optimizer moves them.")),
]


def _run(check: _Check, recorder: Recorder, closure, phase: str):
    """Call the closure as `phase`; fail on the first event out of place, or on a crash."""
    recorder.phase = phase
    with check.watching() as caught:
        try:
            out = closure()
        except CheckFailed:
            raise
        except Exception as err:
            if is_stub(err):  # the exercise is not done yet (stubs.py)
                raise NotDone(check.name, err) from err
            check.warnings += [str(w.message) for w in caught]  # for fail()'s "Also:"
            caught.clear()
            recorder.changes()
            found = first_problem(recorder.events, phase)
            advice = found or explain_error(err) or next(
                (again(text) for piece, text in CLOSURE_ERRORS if piece in str(err)), None)
            if advice:
                check.fail(say("{advice}\n(The closure raised {kind}: {err})", advice=advice,
                               kind=type(err).__name__, err=err), False)
            raised = say("the closure raised {kind}: {err}", kind=type(err).__name__, err=err)
            raise CheckFailed(f"{check.name}: {raised}") from err
    recorder.changes()
    found = first_problem(recorder.events, phase)
    if found:
        check.fail(found, diagnose=False)
    return out


def _returned(check: _Check, recorder: Recorder, out, expected: torch.Tensor, earlier) -> None:
    """The closure must return losses["total"] of this call's loss_fn (`expected`), not the
    value of an `earlier` call (other pixels)."""
    parts = recorder.results[-1] if recorder.results else {}
    if out is None:
        check.fail(say("the closure returns nothing (None). End it with `return "
                       "losses['total']`: L-BFGS needs the value of the loss."))
    if isinstance(out, dict):
        check.fail(say("the closure returned the whole dict of losses. Return losses['total']."))
    if isinstance(out, (int, float)):
        check.fail(say("the closure returned a Python number ({out:.6g}; .item() or float()?). "
                       "Return the loss tensor itself, losses['total'].", out=out))
    if not isinstance(out, torch.Tensor):
        check.fail(say("the closure returned {what}: losses['total'].", what=type_text(out)))
    if out.dim() != 0:
        check.fail(say("the closure should return the scalar loss tensor losses['total'], got "
                       "{what}.", what=_short(out)))
    for key, value in parts.items():
        if out is value and key != "total":
            check.fail(say("the closure returns losses['{key}'], one part of the loss. Return "
                           "losses['total'].", key=key))
    if earlier is not None and not _close(out, expected) and _close(out, earlier):
        check.fail(say("on its second call, after the pixels changed, the closure returned "
                       "{out:.6g}, the loss of the first call's pixels; the loss of the new "
                       "pixels is {expected:.6g}. Compute the loss anew in every call.",
                       out=out.item(), expected=expected.item()))
    if not _close(out, expected):
        same = [k for k, v in parts.items() if _close(out, v)]
        known = say(" That is the value of losses['{key}'].", key=same[0]) if same else ""
        check.fail(say("the closure returned {out:.6g}, but loss_fn(image)['total'] is "
                       "{expected:.6g}.{known} Return losses['total'] of this call.",
                       out=out.item(), expected=expected.item(), known=known))
    if not out.requires_grad:
        check.fail(say("the closure returns a copy of losses['total'] cut from the graph "
                       "(.detach(), .data or torch.tensor(...)). Return the tensor itself: "
                       "`return losses['total']`."))


def _gradient(check: _Check, recorder: Recorder, image: torch.Tensor, true_grad) -> None:
    if not any(what == "backward" for what, _, _ in recorder.events):
        if image.grad is None or not _close(image.grad, true_grad):
            check.fail(say("the closure never calls backward(), so image.grad does not hold "
                           "the gradient of the loss: call losses['total'].backward() inside it, "
                           "so L-BFGS gets the gradient."))
    if image.grad is None or not _close(image.grad, true_grad):
        have = "None" if image.grad is None else say(
            "off by up to {largest:.3g}", largest=(image.grad - true_grad).abs().max())
        check.fail(say("image.grad after the closure is not the gradient of losses['total'] "
                       "({have}). Call backward() on losses['total'], once, after zero_grad().",
                       have=have))


def check_closure(make_closure) -> bool:
    """Check `make_closure(image, optimizer, loss_fn) -> closure` (contract: module docstring).

    Seven checks: a function comes back; it returns loss_fn(image)["total"] as a tensor; it
    leaves the right gradient in image.grad; it zeroes old gradients first (else they add up
    across calls); it does not change the image (no optimizer.step() inside); it calls loss_fn
    once; and torch.optim.LBFGS with it lowers the loss exactly as the reference closure does.
    Each call is recorded (events.py): the first thing out of place is named.
    """
    check = _Check("closure", make_closure)
    generator = torch.Generator().manual_seed(4)
    target = torch.rand(1, 3, 8, 8, generator=generator)
    start = torch.rand(1, 3, 8, 8, generator=generator) * 1.2 - 0.1  # a few pixels outside [0, 1]
    later = torch.rand(1, 3, 8, 8, generator=generator)
    loss_fn = _SmallLoss(target)
    image = start.clone().requires_grad_(True)
    recorder = Recorder(image, torch.optim.SGD([image], lr=0.1), loss_fn)  # a step moves pixels
    closure = check.call(image, recorder.optimizer, recorder)
    if closure is None:
        check.fail(say("make_closure returned None. End it with `return closure` (the "
                       "function itself, without brackets)."))
    if isinstance(closure, (torch.Tensor, float, dict)):
        check.fail(say("make_closure returned a {kind}, not a function. Return the closure "
                       "itself (`return closure`), not the result of calling it.",
                       kind=type(closure).__name__))
    if not callable(closure):
        check.fail(say("make_closure returned a {kind}, not a function.",
                       kind=type(closure).__name__))
    found = first_problem(recorder.events, "make")
    if found:
        check.fail(found, diagnose=False)
    check.ok()

    earlier = None
    for phase, pixels in [("call 1", start), ("call 2", later)]:
        with torch.no_grad():
            image.copy_(pixels)
        image.grad = torch.full_like(start, 5.0)  # left over from an earlier step
        recorder.snapshot()
        out = _run(check, recorder, closure, phase)
        expected = loss_fn(pixels)["total"]
        _returned(check, recorder, out, expected, earlier)
        earlier = expected
        _gradient(check, recorder, image, _true_gradient(pixels, loss_fn))
    for _ in range(5):  # returns the total; the gradient; zeroes first; image unchanged; one call
        check.ok()

    yours, reference = start.clone().requires_grad_(True), start.clone().requires_grad_(True)
    runs = {}
    for name, pixels, make in [("yours", yours, make_closure), ("reference", reference, None)]:
        optimizer = torch.optim.LBFGS([pixels], max_iter=5, line_search_fn="strong_wolfe")
        if make is None:
            def closure(pixels=pixels, optimizer=optimizer):
                optimizer.zero_grad()
                total = loss_fn(pixels)["total"]
                total.backward()
                return total
        else:
            closure = check.call(pixels, optimizer, loss_fn)
        for _ in range(2):
            _run(check, recorder, lambda: optimizer.step(closure), "lbfgs")
        runs[name] = loss_fn(pixels.detach())["total"]
    if not _close(runs["yours"], runs["reference"], rtol=1e-2):
        check.fail(say("with L-BFGS your closure reached loss {yours:.5g}, the reference "
                       "{reference:.5g}. Follow the four steps of the contract exactly.",
                       yours=runs["yours"].item(), reference=runs["reference"].item()))
    check.ok()
    return check.done()
