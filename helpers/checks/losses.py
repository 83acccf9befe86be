"""Self-checks for the two relative errors: check_content_loss and check_style_loss, each with
the list of known mistakes it can name (its probes are in relative.py). check_total_variation_loss
lives in tv.py and is imported here too. Notebooks import them from helpers.checks (contracts in
its docstring).
"""

from __future__ import annotations

import torch

from .. import losses
from ..messages import listed, say
from .base import _Check, _close, _features, _shape_text
from .gram import _raw_gram
from .relative import content_probe, content_scale, style_probe, style_scale, style_zero_finding
from .tv import TV_MISTAKES, check_total_variation_loss  # noqa: F401 (exported from here)


# ---- content loss -----------------------------------------------------------------------

def _sq(x):
    return x.float().pow(2).sum()


CONTENT_MISTAKES = [
    (listed("forgot to divide by ||P||^2 = sum(target^2). Our content loss is a relative error: "
            "sum((F - P)^2) / sum(P^2)."), lambda f, p: _sq(f - p)),
    (listed("used the paper's 1/2 * sum((F - P)^2). Our convention divides by sum(P^2) instead "
            "(a relative error), and has no 1/2."), lambda f, p: 0.5 * _sq(f - p)),
    (listed("used the mean squared error (mean instead of sum, and no division by sum(P^2))."),
     lambda f, p: (f - p).pow(2).mean()),
    (listed("used mean in the numerator but sum in the denominator. Use sum in both (or mean in "
            "both)."),
     lambda f, p: (f - p).pow(2).mean() / _sq(p)),
    (listed("used absolute values |F - P| instead of squares (F - P)^2. Squares are smooth at "
            "0, so the gradient shrinks as the error shrinks."),
     lambda f, p: (f - p).abs().sum() / _sq(p)),
    (listed("used absolute values instead of squares, in both sums."),
     lambda f, p: (f - p).abs().sum() / p.abs().sum()),
    (listed("divided by sum(F^2), the image being made. Divide by sum(P^2), the target's."),
     lambda f, p: _sq(f - p) / _sq(f)),
    (listed("took the norm (a square root) instead of the squared norm: use .pow(2).sum(), not "
            ".norm()."), lambda f, p: (f - p).norm() / p.norm()),
    (listed("divided by C*H*W (the size of one image's feature map) instead of sum(P^2)."),
     lambda f, p: _sq(f - p) / p[0].numel()),
]


def _distinct(loss):
    """Inputs for `loss` with every axis a different size (2, 3, 5, 7), for describe_shape."""
    features = _features(torch.Generator().manual_seed(25), 2, 3, 5, 7)
    if loss is losses.style_loss:
        return features, losses.gram_matrix(features[:1])
    return features, features.flip(0)


def check_content_loss(fn) -> bool:
    """Check `fn(features, target) -> scalar` = sum((F - P)^2) / sum(P^2). Six checks."""
    generator = torch.Generator().manual_seed(0)
    cases = [(_features(generator, *shape), _features(generator, *shape))
             for shape in [(1, 3, 4, 6), (1, 8, 5, 3), (2, 5, 6, 6)]]
    check = _Check("content_loss", fn, cases, CONTENT_MISTAKES, [content_scale()], content_probe)
    features, target = _features(generator, 1, 4, 5, 7), _features(generator, 1, 4, 5, 7)
    before = [features.clone(), target.clone()]
    check.scalar(check.call(features, target), _distinct(losses.content_loss))
    check.ok()
    check.unchanged(before, [features, target], ["features", "target"])
    check.zero_and_positive(check.call(target.clone(), target), check.call(features, target),
                            say("features == target"))
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
        (listed("forgot to divide by ||A||^2 = sum(target_gram^2). Our style loss is a relative "
                "error: sum((G - A)^2) / sum(A^2)."), lambda f, a: _sq(gram(f) - a)),
        (listed("used the paper's factor 1 / (4 N^2 M^2) (N = C channels, M = H*W positions) "
                "instead of dividing by ||A||^2. With our Gram matrices (already divided by M) "
                "the paper's factor double-counts, and its size depends on the image and the "
                "network."),
         lambda f, a: _sq(gram(f) - a) / (4 * f.shape[1] ** 2 * m(f) ** 2)),
        (listed("used the paper's factor 1 / (4 N^2 M^2) instead of dividing by ||A||^2."),
         lambda f, a: _sq(gram(f) - a) / (4 * f.shape[1] ** 2)),
        (listed("used the paper's factor 1 / (4 N^2 M^2), with a Gram matrix of `features` that "
                "is not divided by M while target_gram is. Use gram_matrix for both, and divide "
                "by ||A||^2."),
         lambda f, a: _sq(raw(f) - a) / (4 * f.shape[1] ** 2 * m(f) ** 2)),
        (listed("the Gram matrix of `features` is not divided by M = H*W, but target_gram is. "
                "Build both with the same gram_matrix (G = F F^T / M)."),
         lambda f, a: _sq(raw(f) - a) / _sq(a)),
        (listed("the Gram matrix of `features` is divided by C*H*W, but target_gram only by M = "
                "H*W. Build both with the same gram_matrix."),
         lambda f, a: _sq(gram(f) / f.shape[1] - a) / _sq(a)),
        (listed("used mean instead of sum for the squared differences. Use sum in both "
                "numerator and denominator."), lambda f, a: (gram(f) - a).pow(2).mean() / _sq(a)),
        (listed("used the mean squared error: mean instead of sum, and no division by sum(A^2)."),
         lambda f, a: (gram(f) - a).pow(2).mean()),
        (listed("used absolute values |G - A| instead of squares (G - A)^2."),
         lambda f, a: (gram(f) - a).abs().sum() / _sq(a)),
        (listed("used absolute values instead of squares, in both sums."),
         lambda f, a: (gram(f) - a).abs().sum() / a.abs().sum()),
        (listed("took the norm (a square root) instead of the squared norm: use .pow(2).sum(), "
                "not .norm()."), lambda f, a: (gram(f) - a).norm() / a.norm()),
        (listed("divided by sum(G^2), the image being made. Divide by sum(A^2), the style "
                "target's."),
         lambda f, a: _sq(gram(f) - a) / _sq(gram(f))),
    ]


STYLE_MISTAKES = _style_mistakes()


def check_style_loss(fn) -> bool:
    """Check `fn(features, target_gram) -> scalar` = ||G - A||^2 / ||A||^2. Seven checks."""
    generator = torch.Generator().manual_seed(2)
    sizes = [(1, 3, (4, 6), (5, 5)), (1, 6, (5, 3), (5, 3)), (1, 5, (6, 6), (8, 4)),
             (2, 4, (5, 4), (6, 6))]  # batch, channels, image size, style image size
    cases = [(_features(generator, n, c, h, w),
              losses.gram_matrix(_features(generator, 1, c, hs, ws)))
             for n, c, (h, w), (hs, ws) in sizes]
    check = _Check("style_loss", fn, cases, STYLE_MISTAKES, [style_scale()], style_probe)
    check.hints = [("must match the size of tensor", listed(
        "your code combines two tensors of different sizes. The features have shape (N, C, H, W), "
        "the Gram matrices (N, C, C): compare the Gram matrix of the features with target_gram."))]
    features = _features(generator, 1, 4, 6, 5)
    target_gram = losses.gram_matrix(_features(generator, 1, 4, 7, 9))  # another size: fine
    before = [features.clone(), target_gram.clone()]
    check.scalar(check.call(features, target_gram), _distinct(losses.style_loss))
    check.ok()
    check.unchanged(before, [features, target_gram], ["features", "target_gram"])
    shuffled = features.flatten(2)[:, :, torch.randperm(30, generator=generator)].reshape(
        features.shape)
    moved, still = check.call(shuffled, target_gram), check.call(features, target_gram)
    if not _close(check.scalar(moved), check.scalar(still)):
        check.fail(say("changed when the positions in the feature map were shuffled. Style must "
                       "not depend on where things are: compare Gram matrices, not feature maps, "
                       "and reshape features to (N, C, H*W), channels first."), diagnose=False)
    check.ok()
    zero = check.scalar(check.call(features, losses.gram_matrix(features))).item()
    found = None
    if abs(zero) > 1e-5:
        found = check.named_mistake() or style_zero_finding(check, features, zero)
    if found:
        check.fail(found, diagnose=False)
    check.zero_and_positive(check.call(features, losses.gram_matrix(features)),
                            check.call(features, target_gram),
                            say("target_gram is the Gram matrix of the features"))
    check.agrees(losses.style_loss,
                 lambda case: say("features of shape {features} and a target Gram matrix of "
                                  "shape {gram}", features=tuple(case[0].shape),
                                  gram=tuple(case[1].shape)))
    check.gradient(lambda: [_features(generator, 1, 5, 4, 6),
                            losses.gram_matrix(_features(generator, 1, 5, 6, 4))],
                   losses.style_loss)
    return check.done()
