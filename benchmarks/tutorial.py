"""The baseline: the loop of the official PyTorch tutorial ("Neural Transfer Using PyTorch"),
written afresh. Loss modules inserted into an nn.Sequential copy of VGG, torch.optim.LBFGS with
its default settings, the image clamped inside every closure; the paper's layers and our relative
losses and WEIGHTS, so that it minimises the same function as `stylize` (tests/test_bench.py)."""

from __future__ import annotations

import torch
from torch import nn

from helpers.losses import content_loss, total_variation_loss
from helpers.objective import CONTENT_LAYERS, STYLE_LAYERS
from helpers.vgg import VGGFeatures

#: The common loss that judges every image: our objective with these weights, in float32.
WEIGHTS = {"content_weight": 1.0, "style_weight": 10.0, "tv_weight": 1.0}


class _Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.mean, self.std = mean, std

    def forward(self, x):
        return (x - self.mean) / self.std


class _ContentLoss(nn.Module):
    """Passes its input through and remembers the content loss of it."""

    def __init__(self, target):
        super().__init__()
        self.target = target.detach()
        self.loss = None

    def forward(self, x):
        self.loss = content_loss(x, self.target)
        return x


def _tutorial_gram(x):
    """The tutorial's Gram matrix: a plain matrix product, differentiated by autograd (two
    products in the backward pass). Divided by the positions only, as ours, so the values
    are the same as `gram_matrix`."""
    n, c, h, w = x.shape
    flat = x.reshape(n, c, h * w)
    return flat @ flat.transpose(1, 2) / (h * w)


class _StyleLoss(nn.Module):
    """Passes its input through and remembers the style loss of it (||G - A||^2 / ||A||^2)."""

    def __init__(self, target_features):
        super().__init__()
        self.target = _tutorial_gram(target_features).detach()
        self.loss = None

    def forward(self, x):
        self.loss = (_tutorial_gram(x) - self.target).pow(2).sum() / self.target.pow(2).sum()
        return x


def build_tutorial_model(vgg: VGGFeatures, content, style, content_layers=CONTENT_LAYERS,
                         style_layers=STYLE_LAYERS):
    """An nn.Sequential copy of VGG with loss modules inserted after the chosen layers, cut
    after the last of them (the tutorial's `get_style_model_and_losses`, our layer names)."""
    seq = nn.Sequential(_Normalize(vgg.mean, vgg.std))
    content_losses, style_losses = [], []
    for name, layer in zip(vgg.names, vgg.layers):
        seq.add_module(name, nn.ReLU(inplace=False) if isinstance(layer, nn.ReLU) else layer)
        if name in content_layers:
            with torch.no_grad():
                module = _ContentLoss(seq(content))
            seq.add_module(f"content_loss_{name}", module)
            content_losses.append(module)
        if name in style_layers:
            with torch.no_grad():
                module = _StyleLoss(seq(style))
            seq.add_module(f"style_loss_{name}", module)
            style_losses.append(module)
        if len(content_losses) == len(content_layers) and len(style_losses) == len(style_layers):
            break
    return seq, content_losses, style_losses


class _Stop(Exception):
    pass


def run_tutorial(seq, content_losses, style_losses, init, evaluations, callback=None):
    """The tutorial's optimisation loop: LBFGS with default settings, clamp in every closure.

    Stops after exactly `evaluations` loss evaluations. Returns the final (clamped) image.
    """
    image = init.detach().clone().requires_grad_(True)
    optimizer = torch.optim.LBFGS([image])
    count = 0

    def closure():
        nonlocal count
        if count >= evaluations:
            raise _Stop
        with torch.no_grad():
            image.clamp_(0, 1)
        optimizer.zero_grad()
        seq(image)
        content = sum(m.loss for m in content_losses) / len(content_losses)
        style = sum(m.loss for m in style_losses) / len(style_losses)
        loss = (WEIGHTS["content_weight"] * content + WEIGHTS["style_weight"] * style
                + WEIGHTS["tv_weight"] * total_variation_loss(image))
        loss.backward()
        count += 1
        if callback is not None:
            callback(count, float(loss.detach()))
        return loss

    try:
        while count < evaluations:
            before = count
            optimizer.step(closure)
            if count == before:
                break
    except _Stop:
        pass
    with torch.no_grad():
        image.clamp_(0, 1)
    return image.detach()
