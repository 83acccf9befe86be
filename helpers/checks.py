"""Self-checks for the "Your turn" exercises: test YOUR function and say what is wrong.

    from helpers.checks import check_content_loss
    check_content_loss(content_loss)       # prints "content_loss: all 6 checks passed"

Each check calls your function on small random inputs, tests properties (shape, symmetry, zero
when it should be, no change to the inputs, gradients that flow) and compares it with the
reference in helpers.losses. When something is wrong it raises `CheckFailed` (an AssertionError)
whose message says what, in words; when a known normalisation mistake explains the numbers, it
names it. On success it prints one line and returns True. A stub that still raises
NotImplementedError("Your turn: ...") is passed through unchanged.

The contracts (the same conventions as helpers.losses; F: features (N, C, H, W), M = H*W):

    content_loss(features, target) -> scalar tensor
        sum((F - P)^2) / sum(P^2)             F: features, P: target, same shape
    gram_matrix(features) -> tensor (N, C, C)
        G = F F^T / M                         one C x C matrix per image
    style_loss(features, target_gram) -> scalar tensor
        sum((G - A)^2) / sum(A^2)             G = gram_matrix(features), A = target_gram (1, C, C)
    total_variation_loss(image) -> scalar tensor
        mean((x[..., :, 1:] - x[..., :, :-1])^2) + mean((x[..., 1:, :] - x[..., :-1, :])^2)
    make_closure(image, optimizer, loss_fn) -> closure
        image: the pixels being optimised (a leaf tensor with requires_grad=True);
        optimizer: a torch.optim optimizer over [image]; loss_fn: image -> dict with "total".
        closure() takes no arguments and, each time it is called:
          1. zeroes the gradients (optimizer.zero_grad()),
          2. computes losses = loss_fn(image), ONE call,
          3. calls losses["total"].backward(),
          4. returns losses["total"] (the tensor itself).
        It does not call optimizer.step() and does not change the image: L-BFGS does both.

Every function must return torch tensors that keep the autograd graph (no .item(), .numpy(),
.detach() or torch.no_grad()), and must not change its inputs in place.
"""

from __future__ import annotations

import torch

from . import losses

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


# ---- content loss -----------------------------------------------------------------------

def _sq(x):
    return x.float().pow(2).sum()


CONTENT_MISTAKES = [
    ("forgot to divide by ||P||^2 = sum(target^2). Our content loss is a relative error: "
     "sum((F - P)^2) / sum(P^2).", lambda f, p: _sq(f - p)),
    ("used the paper's 1/2 * sum((F - P)^2). Our convention divides by sum(P^2) instead "
     "(a relative error), and has no 1/2.", lambda f, p: 0.5 * _sq(f - p)),
    ("used the mean squared error (mean instead of sum, and no division by sum(P^2)).",
     lambda f, p: (f - p).pow(2).mean()),
    ("used mean in the numerator but sum in the denominator. Use sum in both (or mean in both).",
     lambda f, p: (f - p).pow(2).mean() / _sq(p)),
    ("used absolute values |F - P| instead of squares (F - P)^2. Squares are smooth at 0, so the "
     "gradient shrinks as the error shrinks.", lambda f, p: (f - p).abs().sum() / _sq(p)),
    ("used absolute values instead of squares, in both sums.",
     lambda f, p: (f - p).abs().sum() / p.abs().sum()),
    ("divided by sum(F^2), the image being made. Divide by sum(P^2), the target's.",
     lambda f, p: _sq(f - p) / _sq(f)),
    ("took the norm (a square root) instead of the squared norm: use .pow(2).sum(), "
     "not .norm().", lambda f, p: (f - p).norm() / p.norm()),
    ("divided by C*H*W (the size of one image's feature map) instead of sum(P^2).",
     lambda f, p: _sq(f - p) / p[0].numel()),
]


def check_content_loss(fn) -> bool:
    """Check `fn(features, target) -> scalar` = sum((F - P)^2) / sum(P^2). Six checks."""
    generator = torch.Generator().manual_seed(0)
    cases = [(_features(generator, *shape), _features(generator, *shape))
             for shape in [(1, 3, 4, 6), (1, 8, 5, 3), (2, 5, 6, 6)]]
    check = _Check("content_loss", fn, cases, CONTENT_MISTAKES)
    features, target = _features(generator, 1, 4, 5, 7), _features(generator, 1, 4, 5, 7)
    before = [features.clone(), target.clone()]
    check.scalar(check.call(features, target))
    check.ok()
    check.unchanged(before, [features, target], ["features", "target"])
    check.zero_and_positive(check.call(target.clone(), target), check.call(features, target),
                            "features == target")
    check.agrees(losses.content_loss, _shape_text)
    check.gradient(lambda: [_features(generator, 1, 6, 5, 4), _features(generator, 1, 6, 5, 4)],
                   losses.content_loss)
    return check.done()


# ---- Gram matrix --------------------------------------------------------------------------

def _flat(f):
    n, c, h, w = f.shape
    return f.float().reshape(n, c, h * w)


def _raw_gram(f):
    flat = _flat(f)
    return flat @ flat.transpose(1, 2)


GRAM_MISTAKES = [
    ("forgot to divide by M = H*W (the number of positions). G = F F^T / M.", _raw_gram),
    ("divided by C*H*W. Our convention divides by M = H*W only (notebook 04 compares the "
     "normalisations).", lambda f: _raw_gram(f) / (f.shape[1] * f.shape[2] * f.shape[3])),
    ("divided by M = H*W twice (by M^2). Divide once.",
     lambda f: _raw_gram(f) / (f.shape[2] * f.shape[3]) ** 2),
    ("divided by C (the channels) instead of M = H*W (the positions).",
     lambda f: _raw_gram(f) / f.shape[1]),
    ("divided by H or by W only. M = H*W, the number of positions.",
     lambda f: _raw_gram(f) / f.shape[2]),
    ("divided by H or by W only. M = H*W, the number of positions.",
     lambda f: _raw_gram(f) / f.shape[3]),
    ("subtracted each channel's mean first: that is a covariance matrix, not the Gram matrix. "
     "Use the features as they are.",
     lambda f: (lambda c: c @ c.transpose(1, 2) / c.shape[2])(_flat(f) - _flat(f).mean(2, True))),
]


def check_gram_matrix(fn) -> bool:
    """Check `fn(features (N, C, H, W)) -> (N, C, C)` = F F^T / (H*W). Seven checks."""
    generator = torch.Generator().manual_seed(1)
    cases = [(_features(generator, *shape),)
             for shape in [(1, 3, 4, 6), (1, 6, 5, 3), (1, 2, 7, 4)]]
    check = _Check("gram_matrix", fn, cases, GRAM_MISTAKES)
    features = _features(generator, 1, 4, 5, 7)
    before = [features.clone()]
    gram = check.call(features)
    if not isinstance(gram, torch.Tensor):
        check.fail(f"returned a {type(gram).__name__}, expected a torch tensor of shape (1, 4, 4).")
    n, c, h, w = features.shape
    if tuple(gram.shape) in {(h * w, h * w), (n, h * w, h * w)}:
        check.fail(f"returned shape {tuple(gram.shape)}: positions x positions. You transposed the "
                   "wrong factor: (C x M)^T (C x M) is M x M. The Gram matrix is F F^T, C x C: "
                   "flat @ flat.transpose(1, 2) with flat of shape (N, C, M).")
    if tuple(gram.shape) == (c, c):
        check.fail(f"returned shape {(c, c)}, expected {(n, c, c)} = (N, C, C). Keep the batch "
                   "dimension: reshape to (N, C, H*W) and use flat @ flat.transpose(1, 2).")
    if tuple(gram.shape) != (n, c, c):
        check.fail(f"for features of shape {(n, c, h, w)} expected shape {(n, c, c)} = (N, C, C), "
                   f"got {tuple(gram.shape)}.")
    check.ok()
    check.unchanged(before, [features], ["features"])
    if not _close(gram, gram.transpose(1, 2), rtol=1e-5):
        i, j = divmod(int((gram - gram.transpose(1, 2)).abs()[0].argmax()), c)
        check.fail(f"is not symmetric: G[0, {i}, {j}] = {gram[0, i, j].item():.4g} but "
                   f"G[0, {j}, {i}] = {gram[0, j, i].item():.4g}. Multiply F by its own "
                   "transpose: flat @ flat.transpose(1, 2).")
    check.ok()
    eigenvalues = torch.linalg.eigvalsh(gram.detach().double()[0])
    if eigenvalues.min() < -1e-4 * eigenvalues.abs().max():
        check.fail("has a negative eigenvalue, so it cannot be F F^T / M: a Gram matrix is "
                   "positive semi-definite (v^T G v = |F^T v|^2 / M >= 0 for every v). "
                   "Look for a stray minus sign.")
    check.ok()
    check.agrees(losses.gram_matrix, _shape_text)
    batch = _features(generator, 2, 3, 4, 5)
    out = check.call(batch)
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (2, 3, 3):
        got = _short(out) if isinstance(out, torch.Tensor) else repr(out)
        check.fail(f"works for one image but not for a batch: features of shape (2, 3, 4, 5) "
                   f"should give (2, 3, 3), got {got}. "
                   "Use n, c, h, w = features.shape and reshape to (n, c, h * w).")
    if not _close(out, losses.gram_matrix(batch)):
        check.fail("works for one image but not for a batch of two: each image must get its own "
                   "Gram matrix. Reshape to (n, c, h * w), not (c, -1).")
    check.ok()
    check.gradient(lambda: [_features(generator, 1, 4, 3, 5)], losses.gram_matrix)
    return check.done()


# ---- style loss ---------------------------------------------------------------------------

def _style_mistakes():
    gram, raw = losses.gram_matrix, _raw_gram

    def m(f):
        return f.shape[2] * f.shape[3]
    return [
        ("forgot to divide by ||A||^2 = sum(target_gram^2). Our style loss is a relative error: "
         "sum((G - A)^2) / sum(A^2).", lambda f, a: _sq(gram(f) - a)),
        ("used the paper's factor 1 / (4 N^2 M^2) (N = C channels, M = H*W positions) instead "
         "of dividing by ||A||^2. With our Gram "
         "matrices (already divided by M) the paper's factor double-counts, and its size depends "
         "on the image and the network.",
         lambda f, a: _sq(gram(f) - a) / (4 * f.shape[1] ** 2 * m(f) ** 2)),
        ("used the paper's factor 1 / (4 N^2 M^2) instead of dividing by ||A||^2.",
         lambda f, a: _sq(gram(f) - a) / (4 * f.shape[1] ** 2)),
        ("used the paper's factor 1 / (4 N^2 M^2), with a Gram matrix of `features` that is "
         "not divided by M while target_gram is. Use gram_matrix for both, and divide by "
         "||A||^2.", lambda f, a: _sq(raw(f) - a) / (4 * f.shape[1] ** 2 * m(f) ** 2)),
        ("the Gram matrix of `features` is not divided by M = H*W, but target_gram is. Build both "
         "with the same gram_matrix (G = F F^T / M).", lambda f, a: _sq(raw(f) - a) / _sq(a)),
        ("the Gram matrix of `features` is divided by C*H*W, but target_gram only by M = H*W. "
         "Build both with the same gram_matrix.",
         lambda f, a: _sq(gram(f) / f.shape[1] - a) / _sq(a)),
        ("used mean instead of sum for the squared differences. Use sum in both numerator and "
         "denominator.", lambda f, a: (gram(f) - a).pow(2).mean() / _sq(a)),
        ("used the mean squared error: mean instead of sum, and no division by sum(A^2).",
         lambda f, a: (gram(f) - a).pow(2).mean()),
        ("used absolute values |G - A| instead of squares (G - A)^2.",
         lambda f, a: (gram(f) - a).abs().sum() / _sq(a)),
        ("used absolute values instead of squares, in both sums.",
         lambda f, a: (gram(f) - a).abs().sum() / a.abs().sum()),
        ("took the norm (a square root) instead of the squared norm: use .pow(2).sum(), "
         "not .norm().", lambda f, a: (gram(f) - a).norm() / a.norm()),
        ("divided by sum(G^2), the image being made. Divide by sum(A^2), the style target's.",
         lambda f, a: _sq(gram(f) - a) / _sq(gram(f))),
    ]


STYLE_MISTAKES = _style_mistakes()


def check_style_loss(fn) -> bool:
    """Check `fn(features, target_gram) -> scalar` = ||G - A||^2 / ||A||^2. Seven checks."""
    generator = torch.Generator().manual_seed(2)
    sizes = [(3, (4, 6), (5, 5)), (6, (5, 3), (5, 3)), (5, (6, 6), (8, 4))]  # image, style
    cases = [(_features(generator, 1, c, h, w),
              losses.gram_matrix(_features(generator, 1, c, hs, ws)))
             for c, (h, w), (hs, ws) in sizes]
    check = _Check("style_loss", fn, cases, STYLE_MISTAKES)
    features = _features(generator, 1, 4, 6, 5)
    target_gram = losses.gram_matrix(_features(generator, 1, 4, 7, 9))  # another size: fine
    before = [features.clone(), target_gram.clone()]
    check.scalar(check.call(features, target_gram))
    check.ok()
    check.unchanged(before, [features, target_gram], ["features", "target_gram"])
    shuffled = features.flatten(2)[:, :, torch.randperm(30, generator=generator)].reshape(
        features.shape)
    moved, still = check.call(shuffled, target_gram), check.call(features, target_gram)
    if not _close(check.scalar(moved), check.scalar(still)):
        check.fail("changed when the positions in the feature map were shuffled. Style must not "
                   "depend on where things are: compare Gram matrices, not feature maps, and "
                   "reshape features to (N, C, H*W), channels first.")
    check.ok()
    check.zero_and_positive(check.call(features, losses.gram_matrix(features)),
                            check.call(features, target_gram),
                            "target_gram is the Gram matrix of the features")
    check.agrees(losses.style_loss,
                 lambda case: f"features of shape {tuple(case[0].shape)} and a target Gram matrix "
                              f"of shape {tuple(case[1].shape)}")
    check.gradient(lambda: [_features(generator, 1, 5, 4, 6),
                            losses.gram_matrix(_features(generator, 1, 5, 6, 4))],
                   losses.style_loss)
    return check.done()


# ---- total variation ----------------------------------------------------------------------

def _dx(x):
    return (x[..., :, 1:] - x[..., :, :-1]).float()


def _dy(x):
    return (x[..., 1:, :] - x[..., :-1, :]).float()


TV_MISTAKES = [
    ("used sum instead of mean. Take the mean of each direction's squared differences.",
     lambda x: _dx(x).pow(2).sum() + _dy(x).pow(2).sum()),
    ("used absolute differences |x1 - x2| instead of squared ones.",
     lambda x: _dx(x).abs().mean() + _dy(x).abs().mean()),
    ("compared horizontal neighbours only; add the vertical ones (along H).",
     lambda x: _dx(x).pow(2).mean()),
    ("compared vertical neighbours only; add the horizontal ones (along W).",
     lambda x: _dy(x).pow(2).mean()),
    ("both differences go the same way (both along W). One must be along W (the last axis), "
     "the other along H.", lambda x: 2 * _dx(x).pow(2).mean()),
    ("both differences go the same way (both along H). One must be along W (the last axis), "
     "the other along H.", lambda x: 2 * _dy(x).pow(2).mean()),
    ("averaged the two directions ((a + b) / 2). Add them: mean(dx^2) + mean(dy^2).",
     lambda x: (_dx(x).pow(2).mean() + _dy(x).pow(2).mean()) / 2),
    ("took one mean over all differences together. Take each direction's mean, then add.",
     lambda x: (_dx(x).pow(2).sum() + _dy(x).pow(2).sum()) / (_dx(x).numel() + _dy(x).numel())),
    ("compared the last column with the first (torch.roll wraps around). Use slices: "
     "x[..., :, 1:] - x[..., :, :-1].",
     lambda x: (torch.roll(x, 1, -1) - x).pow(2).mean() + (torch.roll(x, 1, -2) - x).pow(2).mean()),
]


def check_total_variation_loss(fn) -> bool:
    """Check `fn(image (N, 3, H, W)) -> scalar` = mean(dx^2) + mean(dy^2). Six checks."""
    generator = torch.Generator().manual_seed(3)
    cases = [(torch.rand(*shape, generator=generator),) for shape in
             [(1, 3, 5, 8), (1, 3, 9, 4), (2, 3, 6, 7)]]
    check = _Check("total_variation_loss", fn, cases, TV_MISTAKES)
    noise = torch.rand(1, 3, 6, 9, generator=generator)
    before = [noise.clone()]
    check.scalar(check.call(noise))
    check.ok()
    check.unchanged(before, [noise], ["image"])
    check.zero_and_positive(check.call(torch.full((1, 3, 6, 9), 0.4)), check.call(noise),
                            "the image has one colour everywhere")
    ramp = torch.linspace(0, 1, 9).expand(1, 3, 6, 9).contiguous()  # smooth: small steps
    if not check.scalar(check.call(noise)) > check.scalar(check.call(ramp)):
        check.fail("should be larger for noise than for a smooth colour ramp.")
    check.ok()
    check.agrees(losses.total_variation_loss, _shape_text)
    check.gradient(lambda: [torch.rand(1, 3, 7, 5, generator=generator)],
                   losses.total_variation_loss)
    return check.done()


# ---- the L-BFGS closure -------------------------------------------------------------------

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
