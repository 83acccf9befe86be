"""Self-check for the instance normalisation exercise of notebook 09: check_instance_norm, with
INSTANCE_NORM_MISTAKES, the wrong normalisations it can name. Notebooks import it from
helpers.checks (contract in its docstring).
"""

from __future__ import annotations

import torch

from ..messages import listed, say
from ..transform_net import instance_norm
from .base import _Check, _close, _shape_text

EPS = 1e-5


def _normalise(z, dims, unbiased=False, eps=EPS, outside=False):
    mean = z.mean(dim=dims, keepdim=True)
    var = z.var(dim=dims, keepdim=True, unbiased=unbiased)
    return (z - mean) / (var.sqrt() + eps if outside else (var + eps).sqrt())


INSTANCE_NORM_MISTAKES = [
    (listed("took the mean and the variance over the batch as well, dim=(0, 2, 3): that is "
            "batch normalisation. Instance normalisation uses one image at a time: dim=(2, 3)."),
     lambda z: _normalise(z, (0, 2, 3))),
    (listed("took the mean and the variance over the channels as well, dim=(1, 2, 3): that is "
            "layer normalisation. Each channel gets its own mean and variance: dim=(2, 3)."),
     lambda z: _normalise(z, (1, 2, 3))),
    (listed("took the mean and the variance over everything. Use dim=(2, 3): one channel of one "
            "image."),
     lambda z: _normalise(z, (0, 1, 2, 3))),
    (listed("used the unbiased variance (divided by M - 1, torch's default). Divide by M, the "
            "number of positions: z.var(dim=(2, 3), unbiased=False), as torch's instance_norm "
            "does."),
     lambda z: _normalise(z, (2, 3), unbiased=True)),
    (listed("added eps to the standard deviation, not to the variance. Put it inside the square "
            "root: sqrt(var + eps)."), lambda z: _normalise(z, (2, 3), outside=True)),
    (listed("divided by the variance, not by its square root (the standard deviation)."),
     lambda z: (z - z.mean((2, 3), True)) / (z.var((2, 3), unbiased=False, keepdim=True) + EPS)),
    (listed("divided by the standard deviation but did not subtract the mean first."),
     lambda z: z / (z.var((2, 3), unbiased=False, keepdim=True) + EPS).sqrt()),
    (listed("subtracted the mean but did not divide by the standard deviation."),
     lambda z: z - z.mean((2, 3), True)),
]


def check_instance_norm(fn) -> bool:
    """Check `fn(z (N, C, H, W)) -> (N, C, H, W)` = (z - mean) / sqrt(var + 1e-5), with the
    mean and the biased variance over the H*W positions of each channel of each image.
    Six checks."""
    generator = torch.Generator().manual_seed(9)

    def activations(*shape):  # channels with their own offsets and spreads, as in a network
        scale = torch.rand(shape[0], shape[1], 1, 1, generator=generator) * 3 + 0.2
        offset = torch.randn(shape[0], shape[1], 1, 1, generator=generator) * 2
        return torch.randn(*shape, generator=generator) * scale + offset

    cases = [(activations(*shape),) for shape in [(2, 3, 2, 3), (3, 4, 3, 3), (2, 2, 5, 4)]]
    quiet = activations(2, 3, 4, 4)
    quiet[:, 0] = quiet[:, 0] * 1e-3  # a nearly constant channel: where eps matters
    cases.append((quiet,))
    check = _Check("instance_norm", fn, cases, INSTANCE_NORM_MISTAKES)
    z = activations(2, 3, 5, 6)
    before = [z.clone()]
    out = check.call(z)
    if not isinstance(out, torch.Tensor) or out.shape != z.shape:
        got = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        check.fail(say("for z of shape {shape} expected the same shape back, got {got}. Use "
                       "keepdim=True in mean and var, so that they broadcast.",
                       shape=tuple(z.shape), got=got))
    check.ok()
    check.unchanged(before, [z], ["z"])
    means = out.detach().mean(dim=(2, 3))
    if means.abs().max() > 1e-4:
        check.fail(say("each channel of each image should have mean 0 afterwards; one has "
                       "{mean:.3g}.", mean=means.flatten()[means.abs().argmax()].item()))
    check.ok()
    flat = torch.zeros(1, 2, 4, 4)
    flat[:, 1] = torch.arange(16.0).reshape(4, 4)
    constant = check.call(flat)
    if not isinstance(constant, torch.Tensor) or not bool(torch.isfinite(constant).all()):
        check.fail(say("a constant channel (variance 0) gave NaN or inf. Add eps = 1e-5 to the "
                       "variance before the square root: sqrt(var + eps)."))
    check.ok()
    _agrees(check)
    _gradient(check, activations(2, 3, 4, 4))
    return check.done()


def _agrees(check: _Check) -> None:
    """The student's function against the reference on every case; a known mistake is named."""
    got = [check.call(*[x.clone() for x in case]) for case in check.cases]
    expected = [instance_norm(*case) for case in check.cases]
    if all(_close(g, e) for g, e in zip(got, expected)):
        check.ok()
        return
    named = check.named_mistake()
    if named:
        check.fail(named, diagnose=False)
    k = next(i for i, (g, e) in enumerate(zip(got, expected)) if not _close(g, e))
    worst = (got[k].detach().double() - expected[k].double()).abs().max().item() \
        if isinstance(got[k], torch.Tensor) and got[k].shape == expected[k].shape else None
    largest = say(" (largest difference {worst:.3g})", worst=worst) if worst is not None else ""
    check.fail(say("does not match the reference for {inputs}{largest}. Subtract each channel's "
                   "mean and divide by sqrt(var + eps), eps = 1e-5, both over the H*W positions "
                   "of one image: dim=(2, 3).", inputs=_shape_text(check.cases[k]),
                   largest=largest), diagnose=False)


def _gradient(check: _Check, z: torch.Tensor) -> None:
    """The gradient must flow back to z, and equal the reference's."""
    leaf = z.clone().requires_grad_(True)
    out = check.call(leaf)
    if not isinstance(out, torch.Tensor) or not out.requires_grad:
        check.fail(say("no gradient flows back to the input: the result is cut off from the "
                       "autograd graph (.detach(), .data, .item(), .numpy(), torch.tensor(...) or "
                       "torch.no_grad()). The network could not learn through it."),
                   diagnose=False)
    weights = torch.randn(out.shape, generator=torch.Generator().manual_seed(7))
    (grad,) = torch.autograd.grad((out * weights).sum(), leaf, allow_unused=True)
    reference = z.clone().requires_grad_(True)
    (expected,) = torch.autograd.grad((instance_norm(reference) * weights).sum(), reference)
    if grad is None or not _close(grad, expected, rtol=1e-2):
        check.fail(say("the values are right but the gradient is not: part of the computation "
                       "is detached (for example the mean or the variance taken with "
                       ".detach())."), diagnose=False)
    check.ok()
