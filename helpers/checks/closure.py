"""Self-check for the L-BFGS closure exercise: check_closure runs the student's make_closure
against a small loss with known gradients, then with torch.optim.LBFGS. Notebooks import it
from helpers.checks (contract in its docstring).
"""

from __future__ import annotations

import torch

from .. import losses
from .base import CheckFailed, _Check, _close, _short


class _CountingLoss:
    """A small loss with known gradients (no network needed): image -> {"total", ...}."""

    def __init__(self, target: torch.Tensor):
        self.target, self.calls = target, 0

    def __call__(self, image: torch.Tensor) -> dict:
        self.calls += 1
        content = losses.content_loss(image, self.target)
        tv = losses.total_variation_loss(image)
        return {"total": content + 0.1 * tv, "content": content, "tv": tv}


def _true_gradient(image: torch.Tensor, loss_fn) -> torch.Tensor:
    pixels = image.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(loss_fn(pixels)["total"], pixels)
    return grad


def _run_closure(check: _Check, closure):
    try:
        return closure()
    except (NotImplementedError, CheckFailed):
        raise
    except RuntimeError as err:
        if "does not require grad" in str(err):
            check.fail("backward() failed: the loss has no link back to the image. Pass `image` "
                       "itself to loss_fn (no .detach(), .data or .clone().detach()).")
        if "second time" in str(err):
            check.fail("backward() ran twice on the same graph. Call loss_fn once and "
                       "backward() once per closure call.")
        raise CheckFailed(f"{check.name}: the closure raised RuntimeError: {err}") from err
    except Exception as err:
        raise CheckFailed(f"{check.name}: the closure raised {type(err).__name__}: {err}") from err


def check_closure(make_closure) -> bool:
    """Check `make_closure(image, optimizer, loss_fn) -> closure` (contract: module docstring).

    Seven checks: a function comes back; it returns loss_fn(image)["total"] as a tensor; it
    leaves the right gradient in image.grad; it zeroes old gradients first (else they add up
    across calls); it does not change the image (no optimizer.step() inside); it calls loss_fn
    once; and torch.optim.LBFGS with it lowers the loss exactly as the reference closure does.
    """
    check = _Check("closure", make_closure)
    generator = torch.Generator().manual_seed(4)
    target = torch.rand(1, 3, 8, 8, generator=generator)
    start = torch.rand(1, 3, 8, 8, generator=generator)
    loss_fn = _CountingLoss(target)
    image = start.clone().requires_grad_(True)
    optimizer = torch.optim.SGD([image], lr=0.1)  # a real step would move the pixels
    closure = check.call(image, optimizer, loss_fn)
    if closure is None:
        check.fail("make_closure returned None. End it with `return closure` (the function "
                   "itself, without brackets).")
    if isinstance(closure, (torch.Tensor, float, dict)):
        check.fail(f"make_closure returned a {type(closure).__name__}, not a function. Return "
                   "the closure itself (`return closure`), not the result of calling it.")
    if not callable(closure):
        check.fail(f"make_closure returned a {type(closure).__name__}, not a function.")
    check.ok()

    loss_fn.calls = 0
    out = _run_closure(check, closure)
    expected = loss_fn(start)["total"]
    loss_fn.calls -= 1
    if isinstance(out, dict):
        check.fail("the closure returned the whole dict of losses. Return losses['total'].")
    if isinstance(out, (int, float)):
        check.fail("the closure returned a Python number (.item()?). Return the loss tensor "
                   "itself, losses['total'].")
    if not isinstance(out, torch.Tensor) or out.dim() != 0:
        check.fail(f"the closure should return the scalar loss tensor losses['total'], "
                   f"got {out if not isinstance(out, torch.Tensor) else _short(out)}.")
    if not _close(out, expected):
        check.fail(f"the closure returned {out.item():.6g}, but loss_fn(image)['total'] is "
                   f"{expected.item():.6g}. Return losses['total'], not another part.")
    check.ok()

    true_grad = _true_gradient(start, loss_fn)
    loss_fn.calls -= 1
    if image.grad is None:
        check.fail("image.grad is still None after calling the closure: call "
                   "losses['total'].backward() inside it, so L-BFGS gets the gradient.")
    if not _close(image.grad, true_grad):
        check.fail("image.grad is not the gradient of losses['total']. Call backward() on "
                   "losses['total'] (not on one part), once.")
    check.ok()

    with torch.no_grad():
        image.copy_(start)
    image.grad = torch.full_like(start, 5.0)  # left over from an earlier step
    _run_closure(check, closure)
    if _close(image.grad, true_grad + 5.0) or not _close(image.grad, true_grad):
        check.fail("gradients add up across calls: the closure must start with "
                   "optimizer.zero_grad(). PyTorch adds each backward() to what is in .grad, "
                   "and L-BFGS calls the closure many times.")
    check.ok()

    with torch.no_grad():
        image.copy_(start)
    loss_fn.calls = 0
    _run_closure(check, closure)
    if not torch.equal(image.detach(), start):
        check.fail("calling the closure changed the image. Do not call optimizer.step() (or "
                   "change the pixels) inside it: the optimizer calls the closure, then steps.")
    check.ok()
    if loss_fn.calls != 1:
        check.fail(f"the closure called loss_fn {loss_fn.calls} times. Once is enough: keep the "
                   "dict it returns and use its 'total' for backward() and for the return value.")
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
            _run_closure(check, lambda: optimizer.step(closure))
        runs[name] = loss_fn(pixels.detach())["total"]
    if not runs["yours"] < expected:
        check.fail("torch.optim.LBFGS with your closure did not lower the loss.")
    if not _close(runs["yours"], runs["reference"], rtol=1e-2):
        check.fail(f"with L-BFGS your closure reached loss {runs['yours'].item():.5g}, the "
                   f"reference {runs['reference'].item():.5g}. Follow the four steps of the "
                   "contract exactly.")
    check.ok()
    return check.done()
