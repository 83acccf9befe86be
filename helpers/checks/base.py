"""What every self-check shares: CheckFailed, the _Check runner (calls the student's function,
counts passed checks, turns a crash into advice, names a known mistake when one fits), and
random inputs to test with. Its diagnose, agrees and gradient use diagnose.py: named mistakes,
scale fits (scale.py) and each check's structure probe explain a wrong result.

The checks themselves live in losses, tv, gram and closure; notebooks import them from
helpers.checks, whose docstring states the contracts they test.
"""

from __future__ import annotations

import contextlib
import warnings

import torch

from ..messages import again, say
from .idioms import STAY, explain_error, explain_warnings
from .words import _shape_text, _short, describe_shape, type_text  # noqa: F401 (used by the checks)
from .stubs import NotDone, is_stub

#: Relative tolerance for "agrees with the reference": float32 sums of a few hundred terms.
RTOL = 1e-3


class CheckFailed(AssertionError):
    """Your function does not do what the exercise asks. The message says what to fix."""


def _close(got, expected: torch.Tensor, rtol: float = RTOL) -> bool:
    if not isinstance(got, torch.Tensor):
        return False
    got, expected = got.detach().double().cpu(), expected.detach().double().cpu()
    if got.shape != expected.shape:
        return False
    scale = expected.abs().max().clamp_min(1e-12)
    return bool(((got - expected).abs() <= rtol * expected.abs() + 1e-6 * scale).all())


def _features(generator: torch.Generator, *shape: int) -> torch.Tensor:
    """Random feature maps like a ReLU's output: >= 0, some exact zeros."""
    return torch.randn(*shape, generator=generator).clamp_min(0) + 0.1 * torch.rand(
        *shape, generator=generator)


def _varied(generator: torch.Generator, count: int = 16, batch: int = 3):
    """`count` (shape, size) pairs: shapes (N, C, H, W) with every axis varied, and a size
    factor between 0.3 and 3, so that a fitted factor can tell N, C, H, W and sums apart."""
    def pick(low, high):
        return int(torch.randint(low, high + 1, (1,), generator=generator))
    return [((pick(1, batch), pick(2, 6), pick(3, 8), pick(3, 8)),
             10 ** (torch.rand(1, generator=generator).item() - 0.5)) for _ in range(count)]


@contextlib.contextmanager
def _torch_warns_always():
    """Let PyTorch repeat its warn-once warnings (an old idiom is seen every time)."""
    before = torch.is_warn_always_enabled()
    torch.set_warn_always(True)
    try:
        yield
    finally:
        torch.set_warn_always(before)


class _Check:
    """Calls the student's function, counts passed checks, and fails with a clear message."""

    def __init__(self, name: str, fn, cases=(), mistakes=(), scales=(), probe=None):
        self.name, self.fn, self.passed = name, fn, 0
        self.cases, self.mistakes = list(cases), list(mistakes)
        self.scales, self.probe = list(scales), probe  # see diagnose.py
        self.warnings: list[str] = []   # warnings the student's code raised (old idioms)
        self.diagnosing = False
        if not callable(fn):
            self.fail(say("expected a function, got {kind}. Pass the function itself ({name}, "
                          "without brackets).", kind=type(fn).__name__, name=name), diagnose=False)

    def fail(self, message: str, diagnose: bool = True):
        """Fail with `message`, or with what explains the numbers if a diagnosis finds it
        (a named mistake tells the student more than the property it broke)."""
        named = None
        if diagnose and not self.diagnosing:
            self.diagnosing = True
            try:
                named = self.diagnose()
            finally:
                self.diagnosing = False
        old = explain_warnings(self.warnings)
        text = named or message
        if old and old not in text:
            text += say(" Also: {old}", old=old)
        raise CheckFailed(f"{self.name}: {text}")

    def diagnose(self) -> str | None:
        """A named mistake, a fitted scale factor or a probe's finding (diagnose.py), or None."""
        from .diagnose import probe_finding, scale_finding
        return self.named_mistake() or scale_finding(self) or probe_finding(self)[0]

    def agrees(self, reference, describe) -> None:
        """Compare with `reference` on every case; if it differs, say why (diagnose.py)."""
        from .diagnose import agrees
        agrees(self, reference, describe)

    def gradient(self, make_inputs, reference, wrt: int = 0) -> None:
        """Gradient of the output (or of a random projection of it) w.r.t. input `wrt`."""
        from .diagnose import gradient
        gradient(self, make_inputs, reference, wrt)

    def outputs(self, cases) -> list | None:
        """The student's results on `cases` (inputs cloned), or None if any call raises."""
        with self.watching():
            try:
                return [self.fn(*[x.clone() for x in case]) for case in cases]
            except Exception:  # a crash is reported by the check that met it
                return None

    @contextlib.contextmanager
    def watching(self):
        """Record the warnings the student's code raises (old idioms); yields their list."""
        with warnings.catch_warnings(record=True) as caught, _torch_warns_always():
            warnings.simplefilter("always")
            try:
                yield caught
            finally:
                self.warnings += [str(w.message) for w in caught]

    def named_mistake(self, cases=None) -> str | None:
        cases = self.cases if cases is None else cases
        got = self.outputs(cases) if cases and self.mistakes else None
        if got is None:
            return None
        for message, variant in self.mistakes:
            if all(_close(g, variant(*case)) for g, case in zip(got, cases)):
                return again(message)  # the lists mark their messages `listed`
        return None

    def call(self, *args):
        """The student's function on `args`; a crash becomes a CheckFailed that says what to do."""
        with self.watching() as caught:
            try:
                out = self.fn(*args)
            except CheckFailed:
                raise
            except Exception as err:
                if is_stub(err):  # the exercise is not done yet (stubs.py)
                    raise NotDone(self.name, err) from err
                old = explain_warnings(self.warnings + [str(w.message) for w in caught])
                also = say("\nAlso: {old}", old=old) if old else ""
                raise CheckFailed(f"{self.name}: {self.crash_text(err, args)}{also}") from err
        where = next((a.device for a in args if isinstance(a, torch.Tensor)), None)
        if isinstance(out, torch.Tensor) and where is not None and out.device != where:
            raise CheckFailed(f"{self.name}: " + say("returned a tensor on {got}, but the inputs "
                                                     "are on {where}. {stay}", got=out.device,
                                                     where=where, stay=again(STAY)))
        return out

    def crash_text(self, err: Exception, args) -> str:
        shapes = ", ".join(str(tuple(a.shape)) for a in args if isinstance(a, torch.Tensor))
        text = say("raised {kind}: {err}\n(called with inputs of shape {shapes})",
                   kind=type(err).__name__, err=err, shapes=shapes)
        advice = explain_error(err) or next(  # a check's hints are marked `listed`
            (again(hint) for piece, hint in getattr(self, "hints", ()) if piece in str(err)),
            None)
        if advice:
            return say("{advice}\n(It raised {kind}: {err}; inputs of shape {shapes})",
                       advice=advice, kind=type(err).__name__, err=err, shapes=shapes)
        first = [a[:1] if isinstance(a, torch.Tensor) and a.dim() == 4 else a for a in args]
        if any(isinstance(a, torch.Tensor) and a.dim() == 4 and a.shape[0] > 1 for a in args):
            try:
                self.fn(*[a.clone() if isinstance(a, torch.Tensor) else a for a in first])
            except Exception:
                return text
            return say("works for one image but crashes for a batch of {count}: {text}. Take the "
                       "sizes from the input (n, c, h, w = features.shape) and keep the batch "
                       "axis: reshape to (n, c, h * w), not (c, -1).", count=args[0].shape[0],
                       text=text)
        return text

    def ok(self) -> None:
        self.passed += 1

    def done(self) -> bool:
        print(say("{name}: all {count} checks passed", name=self.name, count=self.passed))
        return True

    # ---- checks shared by the loss functions ---------------------------------------------
    def scalar(self, out, probe=()) -> torch.Tensor:
        """`out` must be a finite 0-dim tensor. `probe`: inputs whose axes all differ in size,
        to say in words what a wrong shape is made of."""
        if isinstance(out, (int, float)):
            self.fail(say("returned a Python number ({out!r}), not a tensor. Return the torch "
                          "tensor (no .item() or float()), so that backward() can compute "
                          "gradients.", out=out))
        if not isinstance(out, torch.Tensor):
            self.fail(say("returned {what}.", what=type_text(out)))
        if out.dim() != 0:
            where = ""
            if probe:
                try:
                    other = self.call(*[x.clone() for x in probe])
                    where = say(" For inputs of shape {given} yours has shape {described}.",
                                given=tuple(probe[0].shape),
                                described=describe_shape(other.shape, tuple(probe[0].shape)))
                except (CheckFailed, AttributeError):
                    pass
            fix = (say("Return a 0-dim tensor (.squeeze() it, or leave out what adds the axes).")
                   if out.numel() == 1 else
                   say("Add up over every element: .sum() with no dim argument."))
            self.fail(say("expected a scalar, one number of shape (), got shape {shape}.{where} "
                          "{fix}", shape=tuple(out.shape), where=where, fix=fix))
        if not torch.isfinite(out):
            self.fail(say("returned {value}. Look for a division by zero (0/0), or a square root "
                          "or log of a number that can be 0 or negative.", value=out.item()))
        return out

    def unchanged(self, before: list[torch.Tensor], after: list[torch.Tensor], names: list[str]):
        for old, new, name in zip(before, after, names):
            if not torch.equal(old, new):
                self.fail(say("changed its input `{name}` in place. Operations ending in _ "
                              "(.sub_(), .pow_(), .clamp_()) and -=, *=, /= overwrite the "
                              "caller's tensor: compute a new tensor instead (a = b - c).",
                              name=name), diagnose=False)
        self.ok()

    def zero_and_positive(self, same, different, what: str) -> None:
        value = self.scalar(same).item()
        if abs(value) > 1e-5:
            self.fail(say("should be 0 when {what}, got {value:.4g}.", what=what, value=value))
        self.ok()
        value = self.scalar(different).item()
        if value < 0:
            self.fail(say("returned a negative loss ({value:.4g}). A loss made of squares cannot "
                          "be negative: square each difference before you add up.", value=value))
        if value == 0:
            self.fail(say("returned 0 for inputs that differ. It must grow with the difference."))
        self.ok()
