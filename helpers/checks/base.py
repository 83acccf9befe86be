"""What every self-check shares: CheckFailed, the _Check runner (calls the student's function,
counts passed checks, names a known mistake when one fits), and random inputs to test with.

The checks themselves live in check_losses, check_gram and check_closure; notebooks import them
from helpers.checks, whose docstring states the contracts they test.
"""

from __future__ import annotations

import torch

#: Relative tolerance for "agrees with the reference": float32 sums of a few hundred terms.
RTOL = 1e-3


class CheckFailed(AssertionError):
    """Your function does not do what the exercise asks. The message says what to fix."""


def _close(got, expected: torch.Tensor, rtol: float = RTOL) -> bool:
    if not isinstance(got, torch.Tensor):
        return False
    got, expected = got.detach().double(), expected.detach().double()
    if got.shape != expected.shape:
        return False
    scale = expected.abs().max().clamp_min(1e-12)
    return bool(((got - expected).abs() <= rtol * expected.abs() + 1e-6 * scale).all())


def _features(generator: torch.Generator, *shape: int) -> torch.Tensor:
    """Random feature maps like a ReLU's output: >= 0, some exact zeros."""
    return torch.randn(*shape, generator=generator).clamp_min(0) + 0.1 * torch.rand(
        *shape, generator=generator)


class _Check:
    """Calls the student's function, counts passed checks, and fails with a clear message."""

    def __init__(self, name: str, fn, cases=(), mistakes=()):
        self.name, self.fn, self.passed = name, fn, 0
        self.cases, self.mistakes = list(cases), list(mistakes)
        if not callable(fn):
            self.fail(f"expected a function, got {type(fn).__name__}. Pass the function itself "
                      f"({name}, without brackets).")

    def fail(self, message: str, diagnose: bool = True):
        """Fail with `message`, or with the name of a known mistake if one fits the numbers
        (a named mistake tells the student more than the property it broke)."""
        named = self.named_mistake() if diagnose else None
        raise CheckFailed(f"{self.name}: {named or message}")

    def named_mistake(self) -> str | None:
        if not self.cases or not self.mistakes:
            return None
        try:
            got = [self.fn(*[x.clone() for x in case]) for case in self.cases]
        except Exception:  # a crash is reported by the check that met it
            return None
        for message, variant in self.mistakes:
            if all(_close(g, variant(*case)) for g, case in zip(got, self.cases)):
                return message
        return None

    def call(self, *args):
        try:
            return self.fn(*args)
        except (NotImplementedError, CheckFailed):
            raise
        except Exception as err:
            shapes = ", ".join(str(tuple(a.shape)) for a in args if isinstance(a, torch.Tensor))
            raise CheckFailed(f"{self.name}: raised {type(err).__name__}: {err}\n"
                              f"(called with inputs of shape {shapes})") from err

    def ok(self) -> None:
        self.passed += 1

    def done(self) -> bool:
        print(f"{self.name}: all {self.passed} checks passed")
        return True

    # ---- checks shared by the loss functions ---------------------------------------------
    def scalar(self, out) -> torch.Tensor:
        if isinstance(out, (int, float)):
            self.fail(f"returned a Python number ({out!r}), not a tensor. Return the torch tensor "
                      "(no .item() or float()), so that backward() can compute gradients.")
        if not isinstance(out, torch.Tensor):
            self.fail(f"returned a {type(out).__name__}, expected a torch tensor.")
        if out.dim() != 0:
            self.fail(f"expected a scalar, one number of shape (), got shape {tuple(out.shape)}. "
                      "Add up over every element: .sum() with no dim argument.")
        if not torch.isfinite(out):
            self.fail(f"returned {out.item()}. Is there a division by zero?")
        return out

    def unchanged(self, before: list[torch.Tensor], after: list[torch.Tensor], names: list[str]):
        for old, new, name in zip(before, after, names):
            if not torch.equal(old, new):
                self.fail(f"changed its input `{name}` in place. Operations ending in _ "
                          "(.sub_(), .pow_(), .clamp_()) and -=, *=, /= overwrite the caller's "
                          "tensor: compute a new tensor instead (a = b - c).")
        self.ok()

    def zero_and_positive(self, same, different, what: str) -> None:
        value = self.scalar(same).item()
        if abs(value) > 1e-5:
            self.fail(f"should be 0 when {what}, got {value:.4g}.")
        self.ok()
        value = self.scalar(different).item()
        if value < 0:
            self.fail(f"returned a negative loss ({value:.4g}). A sum of squares cannot be "
                      "negative: square the differences, and do not subtract the other way round.")
        if value == 0:
            self.fail("returned 0 for inputs that differ. It must grow with the difference.")
        self.ok()

    def agrees(self, reference, describe) -> None:
        """Compare with `reference` on every case; if a known mistake fits, name it."""
        cases = self.cases
        got = [self.call(*[x.clone() for x in case]) for case in cases]
        for out in got:
            if isinstance(out, torch.Tensor) and out.dim() == 0:
                self.scalar(out)
        expected = [reference(*case) for case in cases]
        if all(_close(g, e) for g, e in zip(got, expected)):
            self.ok()
            return
        named = self.named_mistake()
        if named:
            self.fail(named, diagnose=False)
        k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not _close(g, e))
        ratios = [(g.double() / e.double()).mean().item() for g, e in zip(got, expected)
                  if isinstance(g, torch.Tensor) and g.shape == e.shape]
        text = (f"does not match the reference. For {describe(cases[k])}: expected "
                f"{_short(expected[k])}, got {_short(got[k])}.")
        if len(ratios) == len(cases) and max(ratios) - min(ratios) < 1e-3 * abs(max(ratios)):
            text += (f" Yours is always {ratios[0]:.4g} times the reference: a constant factor. "
                     "Check how you normalise (what you divide by).")
        self.fail(text, diagnose=False)

    def gradient(self, make_inputs, reference, wrt: int = 0) -> None:
        """Gradient of the output (or of a random projection of it) w.r.t. input `wrt`."""
        inputs = make_inputs()
        leaf = inputs[wrt].clone().requires_grad_(True)
        inputs = [leaf if i == wrt else x for i, x in enumerate(inputs)]
        out = self.call(*inputs)
        if not isinstance(out, torch.Tensor) or not out.requires_grad:
            self.fail("no gradient flows back to the input: the result is cut off from the "
                      "autograd graph (.detach(), .data, .item(), .numpy(), torch.tensor(...) or "
                      "torch.no_grad()). backward() could not change the image.")
        generator = torch.Generator().manual_seed(7)
        weights = torch.randn(out.shape, generator=generator, dtype=out.dtype)
        (grad,) = torch.autograd.grad((out * weights).sum(), leaf, allow_unused=True)
        ref_leaf = inputs[wrt].detach().clone().requires_grad_(True)
        ref_out = reference(*[ref_leaf if i == wrt else x for i, x in enumerate(inputs)])
        (expected,) = torch.autograd.grad((ref_out * weights.to(ref_out.dtype)).sum(), ref_leaf)
        if grad is None:
            self.fail("no gradient flows back to the input: the result does not depend on it "
                      "through autograd.")
        if not _close(grad, expected, rtol=1e-2):
            self.fail("the value is right but the gradient is not (autograd check against the "
                      f"reference: largest difference {(grad - expected).abs().max().item():.3g}). "
                      "Part of the computation is detached (.detach() or .data on one side).",
                      diagnose=False)
        self.ok()


def _short(value: torch.Tensor) -> str:
    value = value.detach()
    if value.dim() == 0:
        return f"{value.item():.6g}"
    return f"a tensor of shape {tuple(value.shape)}"


def _shape_text(case) -> str:
    return "inputs of shape " + ", ".join(str(tuple(x.shape)) for x in case)
