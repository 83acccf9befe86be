"""Self-checks for the "Your turn" exercises: test YOUR function and say what is wrong.

    from helpers.checks import check_content_loss
    check_content_loss(content_loss)       # prints "content_loss: all 6 checks passed"

Each check calls your function on small random inputs, tests properties (shape, symmetry, zero
when it should be, no change to the inputs, gradients that flow) and compares it with the
reference in helpers.losses. When something is wrong it raises `CheckFailed` (an AssertionError)
whose message says what, in words, and only what the check has verified: a known mistake from a
*_MISTAKES list; a factor fitted over many shapes ("yours is the reference times H*W"); what
probes built to isolate one cause show (a batch, one channel, one direction, a sign); for the
closure, the first thing out of place in the order of events; the current form of an old
PyTorch idiom. On success it prints one line and returns True. On an exercise not done yet
(the function still raises NotImplementedError("Your turn: ...")) it prints "not done yet" and
returns False, so that Run All goes on; cells that need the function then take
`yours_or_reference(my_function, reference)`, which gives the reference and says so (stubs).
Every message comes in the reader's language (helpers.messages: English, or 简体中文 after
config.set_language("zh") or with NST_LANG=zh); a check's name and PyTorch's own words stay.

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
    to_caffe_input(image) -> tensor (N, 3, H, W)          reference: preprocess.to_caffe_input
        image: R, G, B in [0, 1]. Returns Caffe's input, float32, on the image's device:
        channels B, G, R, values 0-255, minus the mean pixel (103.939, 116.779, 123.68) in
        B, G, R order: out[:, k] = 255 * image[:, 2 - k] - CAFFE_MEAN_BGR[k].
    receptive_fields(kinds) -> list of ints            reference: receptive_field.receptive_fields
        kinds: VGG's layers in order, each "conv" (3x3, stride 1), "relu" or "pool" (2x2,
        stride 2). One r per layer, after it. Start r = 1, j = 1; a conv adds 2j; a pool adds
        j, then doubles j; a ReLU keeps both. Leaves `kinds` as it was.
    masked_gram(features, mask) -> tensor (N, C, C)   reference: losses.gram_matrix(features, mask)
        mask: omega, (N or 1, 1, H, W) in [0, 1] at the features' size (a batch of 1 is shared).
        G_ij = sum_k omega_k F_ik F_jk / sum_k omega_k, for each image.
    series_weights(paper_alpha, paper_beta, content_target, target_grams) -> dict
        reference: paper_weights.series_weights. P = content_target (1, C, H, W); target_grams:
        {layer: A (1, C_l, C_l)}, our Gram matrices. Returns {"content_weight": ...,
        "style_weight": ..., "layer_weights": {layer: w_l}} (numbers, w_l summing to 1) with
        which our loss equals the paper's, paper_alpha/2 ||F - P||^2 + paper_beta sum_l
        1/L ||G_l - A_l||^2 / (4 C_l^2) (L layers): content_weight = paper_alpha ||P||^2 / 2,
        style_weight * w_l = paper_beta / L * ||A_l||^2 / (4 C_l^2).
    instance_norm(z) -> tensor (N, C, H, W)          reference: transform_net.instance_norm
        z: activations (N, C, H, W). For each image and each channel: (z - mean) /
        sqrt(var + 1e-5), mean and biased variance (divide by M) over the H*W positions.

Every function must return torch tensors that keep the autograd graph (no .item(), .numpy(),
.detach() or torch.no_grad()), and must not change its inputs in place. (receptive_fields and
series_weights return Python lists and numbers.)

Where they live (this package's modules; this file only gathers them, so a notebook needs one import):
    base            CheckFailed, the _Check runner, random inputs: what every check shares
    losses          check_content_loss, check_style_loss (their probes: relative)
    tv              check_total_variation_loss
    gram            check_gram_matrix (its probes: gram_probes)
    closure         check_closure (the order of events: events)
    diagnose, scale, probes, idioms, words   how a wrong result is explained (see diagnose)
    preprocess      check_to_caffe_input, to_caffe_input (notebook 01; probes: preprocess_probes)
    receptive_field check_receptive_fields, receptive_fields (notebook 02)
    paper_weights   check_series_weights, series_weights (notebook 05; probes: paper_weights_probes)
    masked_gram     check_masked_gram (notebook 08)
    transform       check_instance_norm (notebook 09)
    stubs           an exercise not done yet: "not done yet", False, yours_or_reference
"""

from __future__ import annotations

from .base import RTOL, CheckFailed
from .closure import check_closure
from .gram import GRAM_MISTAKES, check_gram_matrix
from .losses import (CONTENT_MISTAKES, STYLE_MISTAKES, TV_MISTAKES, check_content_loss,
                           check_style_loss, check_total_variation_loss)
from .masked_gram import check_masked_gram
from .paper_weights import check_series_weights, series_weights
from .preprocess import check_to_caffe_input, to_caffe_input
from .receptive_field import check_receptive_fields, receptive_fields
from .transform import INSTANCE_NORM_MISTAKES, check_instance_norm
from .stubs import returns_false_when_not_done, yours_or_reference

__all__ = [
    "CheckFailed", "check_content_loss", "check_gram_matrix", "check_style_loss",
    "check_total_variation_loss", "check_closure",
    "RTOL", "CONTENT_MISTAKES", "GRAM_MISTAKES", "STYLE_MISTAKES", "TV_MISTAKES",
    "check_to_caffe_input", "check_receptive_fields", "check_masked_gram", "check_series_weights",
    "to_caffe_input", "receptive_fields", "series_weights", "yours_or_reference",
    "check_instance_norm", "INSTANCE_NORM_MISTAKES",
]

# Every check exported here: an exercise not done yet prints so and gives False (stubs.py).
for _name in [name for name in __all__ if name.startswith("check_")]:
    globals()[_name] = returns_false_when_not_done(globals()[_name])
del _name
