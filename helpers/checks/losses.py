"""Self-checks for the three losses: check_content_loss, check_style_loss and
check_total_variation_loss, each with the list of known mistakes it can name. Notebooks import
them from helpers.checks (contracts in its docstring).
"""

from __future__ import annotations

import torch

from .. import losses
from .base import _Check, _close, _features, _shape_text
from .gram import _raw_gram


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
    ("computed the L1 total variation (absolute differences |x1 - x2|): the textbook form, "
     "and a fine choice, but this exercise asks for the squared form that helpers.losses "
     "uses (Mahendran and Vedaldi's beta = 2). Square the differences instead.",
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
