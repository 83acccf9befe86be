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

Where they live (this package's modules; this file only gathers them, so a notebook needs one import):
    base            CheckFailed, the _Check runner, random inputs: what every check shares
    losses          check_content_loss, check_style_loss, check_total_variation_loss
    gram            check_gram_matrix
    closure         check_closure
"""

from __future__ import annotations

from .base import RTOL, CheckFailed
from .closure import check_closure
from .gram import GRAM_MISTAKES, check_gram_matrix
from .losses import (CONTENT_MISTAKES, STYLE_MISTAKES, TV_MISTAKES, check_content_loss,
                           check_style_loss, check_total_variation_loss)

__all__ = [
    "CheckFailed", "check_content_loss", "check_gram_matrix", "check_style_loss",
    "check_total_variation_loss", "check_closure",
    "RTOL", "CONTENT_MISTAKES", "GRAM_MISTAKES", "STYLE_MISTAKES", "TV_MISTAKES",
]
