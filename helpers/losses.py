"""The three losses of style transfer, one small function each.

Symbols (as in Gatys et al. 2016, and as the notebooks define them):
    F   features of the image being made at one layer: C channels, each H x W (M = H*W positions)
    P   features of the content image at the same layer
    G   Gram matrix of F: G_ij = how strongly channels i and j are active at the same places
    A   Gram matrix of the style image at the same layer

How we normalise, and why (notebook 04 compares the alternatives):
    The paper's losses are sums, so their size depends on the image size and on the network
    (the paper's Caffe-trained VGG-19 was trained on 0-255 pixels, so its activations are far
    larger than those of torchvision's VGG, trained on inputs of about -2..2; a randomly
    initialised VGG-19 gives activations about 2500x smaller than the Caffe one at relu3_1). The weight a user picks then has to change with both. We divide instead:
        gram_matrix:  G = F F^T / M                (an average over positions: size-free)
        content_loss: ||F - P||^2 / ||P||^2        (relative squared error)
        style_loss:   ||G - A||^2 / ||A||^2        (relative squared error)
    A loss of 1 then always means "the error is as large as the target itself", and a
    weight of 1 means "that much error costs 1". The same weights work at 64 px and 1024 px,
    with VGG-19, VGG-16, Caffe weights or random weights.
"""

from __future__ import annotations

import torch

#: Guards the divisions against an all-zero target (a black image, a dead channel).
EPS = 1e-8


def content_loss(features: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Relative squared error between feature maps.

    Args:
        features: F, shape (N, C, H, W), the image being made.
        target: P, same shape, the content image (no gradient needed).

    Returns:
        A scalar tensor >= 0: sum((F - P)^2) / sum(P^2). 0 means identical features;
        1 means the error is as large as the content features themselves.
    """
    if features.shape != target.shape:
        raise ValueError(f"content_loss: shapes differ, {tuple(features.shape)} vs "
                         f"{tuple(target.shape)}; compare the same layer of equal-size images")
    features, target = features.float(), target.float()
    return (features - target).pow(2).sum() / (target.pow(2).sum() + EPS)


def gram_matrix(features: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    """Gram matrix: which channels fire together, with where they fire forgotten.

    Args:
        features: F, shape (N, C, H, W), any size.
        mask: optional weights of shape (N or 1, 1, H, W) in [0, 1]: only the masked
            positions count (used for two styles in two regions).

    Returns:
        G, shape (N, C, C), float32, symmetric and positive semi-definite:
        G[n, i, j] = mean over positions p of F[n, i, p] * F[n, j, p].
    """
    n, c, h, w = features.shape
    features = features.float()
    if mask is None:
        if features.is_contiguous(memory_format=torch.channels_last) \
                and not features.is_contiguous():
            # Stored pixel by pixel ("channels last"): view it as (N, C, M) without a copy.
            flat = features.permute(0, 2, 3, 1).reshape(n, h * w, c).transpose(1, 2)
        else:
            flat = features.reshape(n, c, h * w)
        return _Gram.apply(flat)
    flat = features.reshape(n, c, h * w)
    weights = mask.float().reshape(mask.shape[0], 1, h * w)
    return (flat * weights) @ flat.transpose(1, 2) / (weights.sum(dim=2, keepdim=True) + EPS)


class _Gram(torch.autograd.Function):
    """G = X X^T / M for X of shape (N, C, M), with a backward of ONE matrix product.

    Autograd would treat the two X's as different inputs: two products and a sum. Here
    dL/dX = (dL/dG + dL/dG^T) X / M, and the gradient comes back in X's memory layout
    (channels last stays channels last). About 10 % of an evaluation at 512 px is Gram work.
    """

    @staticmethod
    def forward(ctx, flat: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(flat)
        return flat @ flat.transpose(1, 2) / flat.shape[-1]

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        (flat,) = ctx.saved_tensors
        sym = (grad + grad.transpose(1, 2)) / flat.shape[-1]
        if flat.stride(-2) == 1:  # positions are rows in memory: keep that layout
            return (flat.transpose(1, 2) @ sym).transpose(1, 2)
        return sym @ flat


def style_loss(features: torch.Tensor, target_gram: torch.Tensor,
               mask: torch.Tensor | None = None) -> torch.Tensor:
    """Relative squared error between the Gram matrix of `features` and a target Gram matrix.

    Args:
        features: F, shape (N, C, H, W), the image being made (any size: Grams are C x C).
        target_gram: A, shape (N or 1, C, C), from `gram_matrix` of the style image.
        mask: optional (N or 1, 1, H, W) weights, see `gram_matrix`.

    Returns:
        A scalar tensor >= 0: ||G - A||^2 / ||A||^2.
    """
    gram = gram_matrix(features, mask)
    if gram.shape[-1] != target_gram.shape[-1]:
        raise ValueError(f"style_loss: {gram.shape[-1]} channels vs a target Gram of "
                         f"{target_gram.shape[-1]}; use the same layer for both")
    target_gram = target_gram.float()
    return (gram - target_gram).pow(2).sum() / (target_gram.pow(2).sum() + EPS)


def total_variation_loss(image: torch.Tensor) -> torch.Tensor:
    """How much neighbouring pixels differ: a penalty on high-frequency noise.

    Args:
        image: (N, 3, H, W) with values in [0, 1].

    Returns:
        A scalar: the mean squared difference between horizontal neighbours plus that between
        vertical neighbours. Pixel values are always in [0, 1], so this needs no network-
        dependent scaling: a typical photo gives about 0.005, white noise about 0.33.
    """
    dx = image[:, :, :, 1:] - image[:, :, :, :-1]
    dy = image[:, :, 1:, :] - image[:, :, :-1, :]
    return dx.float().pow(2).mean() + dy.float().pow(2).mean()
