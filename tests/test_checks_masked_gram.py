"""check_masked_gram (notebook 08): helpers.losses.gram_matrix(features, mask) passes; each planted
mistake gets its own message."""

import pytest
import torch

from helpers import losses
from helpers.checks import CheckFailed, check_masked_gram


def test_reference_passes(capsys):
    assert check_masked_gram(losses.gram_matrix) is True
    assert "masked_gram: all 8 checks passed" in capsys.readouterr().out


def parts(features, mask):
    n, c, h, w = features.shape
    return features.reshape(n, c, h * w), mask.reshape(mask.shape[0], 1, h * w)


def solution(features, mask):
    flat, weights = parts(features, mask)
    return (flat * weights) @ flat.transpose(1, 2) / weights.sum(2, keepdim=True)


# Formula variants: the weights or the division are wrong.
def ignores_the_mask(features, mask):
    return losses.gram_matrix(features)


def divides_by_m(features, mask):
    flat, weights = parts(features, mask)
    return (flat * weights) @ flat.transpose(1, 2) / flat.shape[-1]


def mask_on_both_factors(features, mask):
    flat, weights = parts(features, mask)
    masked = flat * weights
    return masked @ masked.transpose(1, 2) / weights.sum(2, keepdim=True)


def thresholded_mask(features, mask):
    return solution(features, (mask > 0.5).float())


def no_division(features, mask):
    flat, weights = parts(features, mask)
    return (flat * weights) @ flat.transpose(1, 2)


def normalised_twice(features, mask):
    flat, weights = parts(features, mask)
    share = weights / weights.sum(2, keepdim=True)
    return (flat * share) @ flat.transpose(1, 2) / weights.sum(2, keepdim=True)


def doubles_the_diagonal(features, mask):
    gram = solution(features, mask)
    return gram * (1 + torch.eye(gram.shape[-1]))


# Not formula variants: batch, axes, in place, graph, types.
def sums_over_the_batch(features, mask):
    flat, weights = parts(features, mask)
    return (flat * weights) @ flat.transpose(1, 2) / weights.sum()


def reshapes_the_mask_with_n(features, mask):
    n, c, h, w = features.shape
    flat, weights = features.reshape(n, c, h * w), mask.reshape(n, 1, h * w)
    return (flat * weights) @ flat.transpose(1, 2) / weights.sum(2, keepdim=True)


def first_mask_for_all(features, mask):
    return solution(features, mask[:1])


def mask_transposed(features, mask):
    return solution(features, mask.transpose(2, 3).reshape(mask.shape))


def in_place(features, mask):
    features.mul_(mask)
    flat, weights = parts(features, mask)
    return flat @ flat.transpose(1, 2) / weights.sum(2, keepdim=True)


def detached(features, mask):
    return solution(features, mask).detach()


def one_factor_detached(features, mask):
    flat, weights = parts(features, mask)
    return (flat * weights) @ flat.detach().transpose(1, 2) / weights.sum(2, keepdim=True)


def positions_not_channels(features, mask):
    flat, weights = parts(features, mask)
    return (flat * weights).transpose(1, 2) @ flat / weights.sum(2, keepdim=True)


def batch_dropped(features, mask):
    return solution(features, mask)[0]


def returns_numpy(features, mask):
    return solution(features, mask).detach().numpy()


FORMULA = [
    (ignores_the_mask, "does not use the mask: yours is the plain Gram matrix"),
    (divides_by_m, "divides by M = H*W, not by the sum of the mask (here sum_k omega_k = 12 and M = 24)"),
    (mask_on_both_factors, "weights by omega squared (the mask on both factors"),
    (thresholded_mask, "turns the mask into 0 and 1 (mask > 0.5)"),
    (no_division, "does not divide: divide by sum_k omega_k"),
    (normalised_twice, "divides twice by the sum of the mask"),
    (doubles_the_diagonal, "only the diagonal entries (i = j) are wrong"),
]
STRUCTURE = [
    (sums_over_the_batch, "divides by the sum of the mask over the whole batch, not per image"),
    (reshapes_the_mask_with_n, "reshapes the mask with the batch size of the features (2)"),
    (first_mask_for_all, "uses the first image's mask for every image"),
    (mask_transposed, "yours is right for the mask with H and W swapped"),
    (in_place, "changed its input `features` in place"),
    (detached, "returns a tensor cut from the autograd graph"),
    (one_factor_detached, "gives the right values but half the gradient"),
    (positions_not_channels, "returned shape (2, 24, 24), one value per pair of POSITIONS"),
    (batch_dropped, "returned shape (3, 3) for a batch of 2"),
    (returns_numpy, "returned a NumPy array"),
]


@pytest.mark.parametrize("mistake, words", FORMULA + STRUCTURE,
                         ids=[f.__name__ for f, _ in FORMULA + STRUCTURE])
def test_each_mistake_is_named(mistake, words):
    with pytest.raises(CheckFailed, match="^masked_gram: ") as failure:
        check_masked_gram(mistake)
    assert words in str(failure.value)


def test_enough_planted_mistakes():
    assert len(FORMULA) + len(STRUCTURE) >= 8 and len(STRUCTURE) >= len(FORMULA)
