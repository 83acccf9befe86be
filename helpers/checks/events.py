"""Order of events, for the closure check: record what a closure does, in which order, and name
the first thing out of place.

Recorder wraps the optimizer (zero_grad, step) and loss_fn (its argument, whether gradients
were on, a hook on each loss it returns, so that every backward() is seen with the part it
started from, its weight and what image.grad held at that moment) and looks at the pixels and
image.grad between events (a change of the pixels; a gradient cleared by hand). first_problem
walks the events of one call of the closure against the contract:
    clear the gradient -> loss_fn(image), once -> backward() on losses["total"], once -> return it.
"""

from __future__ import annotations

import torch

from ..messages import again, listed, say


def _grad_state(grad) -> str:
    if grad is None:
        return "none"
    return "zero" if not grad.any() else "full"


def describe_change(old: torch.Tensor, new: torch.Tensor) -> str:
    """'3 pixels outside [0, 1] were clamped to [0, 1]', or how many pixels moved and how far."""
    moved = int((old != new).sum())
    if torch.equal(new, old.clamp(0, 1)):
        return say("{moved} pixels outside [0, 1] were clamped to [0, 1]", moved=moved)
    return say("{moved} of {count} pixels changed, by up to {largest:.3g}", moved=moved,
               count=old.numel(), largest=(new - old).abs().max().item())


class _Optimizer:
    """The student's optimizer as the closure sees it: zero_grad and step are recorded."""

    def __init__(self, optimizer, recorder):
        self._optimizer, self._recorder = optimizer, recorder

    def zero_grad(self, *args, **kwargs):
        return self._recorder.note("zero_grad", lambda: self._optimizer.zero_grad(*args, **kwargs))

    def step(self, *args, **kwargs):
        return self._recorder.note("step", lambda: self._optimizer.step(*args, **kwargs))

    def __getattr__(self, name):
        return getattr(self._optimizer, name)


class Recorder:
    """Records the events of make_closure and of each call of the closure (see module doc)."""

    def __init__(self, image: torch.Tensor, optimizer, loss_fn):
        self.image, self.loss_fn, self.events = image, loss_fn, []
        self.optimizer = _Optimizer(optimizer, self)
        self.phase, self.results = "make", []
        self.snapshot()

    def snapshot(self) -> None:
        self.pixels = self.image.detach().clone()
        self.grad = _grad_state(self.image.grad)

    def changes(self) -> None:
        """Events that happened without a call we see: the pixels moved, a gradient cleared."""
        if not torch.equal(self.image.detach(), self.pixels):
            self.events.append(("image changed", self.phase,
                                {"how": describe_change(self.pixels, self.image.detach())}))
        if self.grad == "full" and _grad_state(self.image.grad) != "full":
            self.events.append(("zero_grad", self.phase, {"by hand": True}))
        self.snapshot()

    def note(self, what: str, action=None, **info):
        """Record `what` (first, so that a step() calling the closure again is seen), then run it."""
        self.changes()
        self.events.append((what, self.phase, info))
        result = action() if action else None
        self.snapshot()
        return result

    def __call__(self, pixels):
        """The loss_fn the student's code gets."""
        seen = pixels.detach().cpu() if isinstance(pixels, torch.Tensor) else None
        info = {"is_image": pixels is self.image, "grad_on": torch.is_grad_enabled(),
                "linked": bool(getattr(pixels, "requires_grad", False)),
                "same": seen is not None and torch.equal(seen, self.image.detach())}
        if not info["same"] and seen is not None and seen.shape == self.image.shape:
            info["how"] = describe_change(self.image.detach(), seen)
        losses = self.note("loss_fn", lambda: self.loss_fn(pixels), **info)
        self.results.append(losses)
        for key, value in losses.items():
            if isinstance(value, torch.Tensor) and value.requires_grad:
                value.register_hook(lambda grad, key=key: self.backward(key, grad))
        return losses

    def backward(self, key: str, grad: torch.Tensor) -> None:
        last = self.events[-1] if self.events else None
        if last and last[0] == "backward" and key not in last[2]["parts"]:
            last[2]["parts"][key] = grad.item()   # the same backward() reaching another part
            return
        self.note("backward", parts={key: grad.item()}, grad_before=_grad_state(self.image.grad))


def first_problem(events: list, phase: str) -> str | None:
    """The first event of `phase` ("make" or a call) that breaks the contract, in words."""
    if phase != "make":
        made = first_problem(events, "make")
        if made:
            return made
    found = _walk(events, phase)
    return say("your closure {found}", found=found) if found and phase != "make" else found


def _walk(events: list, phase: str) -> str | None:
    cleared, calls, backwards = False, 0, 0
    for what, when, info in events:
        if when != phase:
            continue
        if phase == "make" and what != "zero_grad":
            step = {"loss_fn": listed("calls loss_fn"), "backward": listed("calls backward()"),
                    "step": listed("calls optimizer.step()"),
                    "image changed": listed("changes the image")}[what]
            return say("make_closure {step} itself, when it makes the closure. Do that inside "
                       "closure(): L-BFGS calls closure() many times, each time with new pixels, "
                       "and each call needs its own loss and gradient.", step=again(step))
        if what == "step":
            return say("calls optimizer.step(). L-BFGS calls the closure from inside its own "
                       "step(), and moves the pixels itself: remove the step() call.")
        if what == "image changed":
            stage = [listed("before it calls loss_fn"), listed("after loss_fn"),
                     listed("after backward()")][min(calls + (backwards > 0), 2)]
            return say("changes the image {stage}: {how}. The closure must leave the pixels "
                       "alone: only the optimizer moves them, between its calls of closure().",
                       stage=again(stage), how=info["how"])
        if what == "zero_grad":
            if backwards:
                done = say("clears image.grad") if info.get("by hand") else say("calls zero_grad()")
                return say("{done} after backward(): that wipes the gradient that backward() just "
                           "computed, so the optimizer gets none. Call optimizer.zero_grad() "
                           "first, before loss_fn.", done=done)
            cleared = True
        if what == "loss_fn":
            calls += 1
            found = _loss_call_problem(info, calls, events, phase)
            if found:
                return found
        if what == "backward":
            backwards += 1
            later = [i for w, p, i in events if w == "zero_grad" and p == phase]
            found = _backward_problem(info, cleared or bool(later), backwards)
            if found:
                return found
    return None


def _loss_call_problem(info: dict, calls: int, events: list, phase: str) -> str | None:
    if calls > 1:
        count = sum(1 for what, when, _ in events if what == "loss_fn" and when == phase)
        return say("calls loss_fn {count} times in one call. Once is enough: keep the dict it "
                   "returns and use its 'total' for backward() and as the return value.",
                   count=count)
    if not info["grad_on"]:
        return say("calls loss_fn under torch.no_grad(): the loss then has no graph, and "
                   "backward() cannot compute a gradient. Compute the loss with gradients on.")
    if not info["linked"]:
        return say("passes loss_fn a copy of the image that is cut from the graph (.detach(), "
                   ".data, torch.tensor(...) or Variable(...)): no gradient can reach the pixels. "
                   "Pass `image` itself: loss_fn(image).")
    if not info["same"]:
        how = info.get("how") or say("another shape")
        return say("passes loss_fn a changed copy of the image ({how}). Pass `image` itself: the "
                   "loss must be that of the pixels the optimizer gave.", how=how)
    return None


def _backward_problem(info: dict, cleared: bool, backwards: int) -> str | None:
    if backwards > 1:
        return say("calls backward() twice in one call: PyTorch adds the gradients, so "
                   "image.grad is twice the right one. Call it once.")
    if not cleared and info["grad_before"] == "full":
        return say("calls backward() while image.grad still holds the gradient of an earlier "
                   "call: PyTorch adds each backward() to what is in .grad, and L-BFGS calls the "
                   "closure many times. Start the closure with optimizer.zero_grad().")
    parts = info["parts"]
    if "total" not in parts:
        names = " + ".join(f"losses['{k}']" for k in parts)
        return say("calls backward() on {names}, not on losses['total']: the gradient misses "
                   "the other parts (and their weights). Call losses['total'].backward().",
                   names=names)
    if abs(parts["total"] - 1) > 1e-6:
        return say("calls backward() on something other than losses['total'] itself: the "
                   "gradient that reaches losses['total'] is {value:.4g}, not 1 (a multiple or a "
                   "power of it?), so image.grad is off by that much. Call "
                   "losses['total'].backward().", value=parts["total"])
    return None
