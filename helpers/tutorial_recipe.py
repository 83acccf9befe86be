"""The recipe of the official PyTorch tutorial ("Neural Transfer Using PyTorch", by Alexis Jacq),
written afresh in our own code: loss modules inserted into an nn.Sequential copy of VGG, L-BFGS
with its default settings (no line search), the image clamped inside every closure.

Notebook 10 runs it next to `stylize` and shows what differs. benchmarks/tutorial.py runs the
same loop with the paper's layers and our relative losses, as the speed baseline.

The tutorial's own choices (`recipe="tutorial"`, the defaults here):
    layers      content conv_4, style conv_1 .. conv_5; its names count the convolutions, so
                its conv_4 is the paper's conv2_2 (`paper_name` translates)
    losses      mean squared errors; its Gram matrix divides F F^T by a*b*c*d (batch, channels,
                height, width); the losses are summed over the layers
    weights     content 1, style 1e6 (TUTORIAL_WEIGHTS)
The series' choices (`recipe="ours"`): relative errors, ||F - P||^2 / ||P||^2 and
||G - A||^2 / ||A||^2 with G = F F^T / M (helpers/losses.py).
"""

from __future__ import annotations

import time

import torch
import torch.nn.functional as nnf
from torch import nn

from .losses import content_loss, total_variation_loss
from .optimize import Result
from .vgg import VGGFeatures

#: The tutorial's layers, in its own names.
TUTORIAL_CONTENT_LAYERS = ("conv_4",)
TUTORIAL_STYLE_LAYERS = ("conv_1", "conv_2", "conv_3", "conv_4", "conv_5")
#: The tutorial's weights of its summed content and style losses (it has no smoothness term).
TUTORIAL_WEIGHTS = {"content_weight": 1.0, "style_weight": 1e6}
RECIPES = ("tutorial", "ours")


def tutorial_names(vgg: VGGFeatures) -> list[str]:
    """The tutorial's name for each layer of `vgg`, in order: conv_1, relu_1, conv_2, relu_2,
    pool_2, conv_3, ... The number is how many convolutions came so far, block or no block."""
    names, convs = [], 0
    for layer in vgg.layers:
        if isinstance(layer, nn.Conv2d):
            convs += 1
            names.append(f"conv_{convs}")
        elif isinstance(layer, nn.ReLU):
            names.append(f"relu_{convs}")
        else:
            names.append(f"pool_{convs}")
    return names


def paper_name(vgg: VGGFeatures, name: str) -> str:
    """A layer's paper name: "conv_4" -> "conv2_2"; a paper name ("relu4_2") comes back as it is.

    Raises KeyError for a name that is neither.
    """
    if name in vgg.index:
        return name
    tutorial = tutorial_names(vgg)
    if name not in tutorial:
        raise KeyError(f"unknown layer {name!r}: give a paper name such as 'conv4_2' or a "
                       f"tutorial name such as 'conv_4'")
    return vgg.names[tutorial.index(name)]


def tutorial_gram(features: torch.Tensor) -> torch.Tensor:
    """The tutorial's Gram matrix: F F^T divided by a*b*c*d, all the numbers of `features`.

    features: (N, C, H, W). Returns (N, C, C): our gram_matrix (which divides by M = H*W only)
    divided by N*C more. A plain matrix product: autograd makes two products in the backward pass.
    """
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    return flat @ flat.transpose(1, 2) / (n * c * h * w)


class _Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.mean, self.std = mean, std

    def forward(self, x):
        return (x - self.mean) / self.std


class ContentLoss(nn.Module):
    """Passes its input through and keeps `.loss`: the mean squared error to the target
    (recipe "tutorial") or our relative error ||F - P||^2 / ||P||^2 (recipe "ours")."""

    def __init__(self, target: torch.Tensor, recipe: str = "tutorial"):
        super().__init__()
        self.target, self.recipe = target.detach(), recipe
        self.loss = None

    def forward(self, x):
        if self.recipe == "tutorial":
            self.loss = nnf.mse_loss(x, self.target)
        else:
            self.loss = content_loss(x, self.target)
        return x


class StyleLoss(nn.Module):
    """Passes its input through and keeps `.loss`: the mean squared error of the tutorial's Gram
    matrices (recipe "tutorial") or our ||G - A||^2 / ||A||^2 with G = F F^T / M ("ours")."""

    def __init__(self, target_features: torch.Tensor, recipe: str = "tutorial"):
        super().__init__()
        self.recipe = recipe
        self.target = self.gram(target_features).detach()
        self.loss = None

    def gram(self, x):
        if self.recipe == "tutorial":
            return tutorial_gram(x)
        return tutorial_gram(x) * x.shape[0] * x.shape[1]  # F F^T / M, as our gram_matrix

    def forward(self, x):
        gram = self.gram(x)
        if self.recipe == "tutorial":
            self.loss = nnf.mse_loss(gram, self.target)
        else:
            self.loss = (gram - self.target).pow(2).sum() / self.target.pow(2).sum()
        return x


def build_model(vgg: VGGFeatures, content: torch.Tensor, style: torch.Tensor,
                content_layers=TUTORIAL_CONTENT_LAYERS, style_layers=TUTORIAL_STYLE_LAYERS,
                recipe: str = "tutorial"):
    """An nn.Sequential copy of `vgg` with a loss module after each chosen layer, cut after the
    last of them (the tutorial's `get_style_model_and_losses`).

    content, style: (1, 3, H, W) in [0, 1], of any sizes (the tutorial needs one size: see the
        comment below).
    content_layers, style_layers: tutorial names ("conv_4") or paper names ("relu4_2").
    Returns (seq, content_losses, style_losses); the modules of seq have the tutorial's names.
    Raises KeyError (an unknown layer) or ValueError (an unknown recipe).
    """
    if recipe not in RECIPES:
        raise ValueError(f"recipe={recipe!r}: choose one of {RECIPES}")
    wanted_content = {paper_name(vgg, name) for name in content_layers}
    wanted_style = {paper_name(vgg, name) for name in style_layers}
    seq = nn.Sequential(_Normalize(vgg.mean, vgg.std))
    # The targets come from the layers alone. The tutorial runs the painting through the copy with
    # its loss modules, so its content module compares the painting with the photo: one size only.
    layers_only = nn.Sequential(_Normalize(vgg.mean, vgg.std))
    content_losses, style_losses = [], []
    for name, short, layer in zip(vgg.names, tutorial_names(vgg), vgg.layers):
        # A ReLU in place would overwrite the conv output a loss module has just seen.
        layer = nn.ReLU(inplace=False) if isinstance(layer, nn.ReLU) else layer
        seq.add_module(short, layer)
        layers_only.add_module(short, layer)
        if name in wanted_content:
            with torch.no_grad():
                module = ContentLoss(layers_only(content), recipe)
            seq.add_module(f"content_loss_{short}", module)
            content_losses.append(module)
        if name in wanted_style:
            with torch.no_grad():
                module = StyleLoss(layers_only(style), recipe)
            seq.add_module(f"style_loss_{short}", module)
            style_losses.append(module)
        if len(content_losses) == len(wanted_content) and len(style_losses) == len(wanted_style):
            break
    return seq, content_losses, style_losses


class _Stop(Exception):
    pass


def run_recipe(seq, content_losses, style_losses, init: torch.Tensor, evaluations: int, *,
               content_weight: float = TUTORIAL_WEIGHTS["content_weight"],
               style_weight: float = TUTORIAL_WEIGHTS["style_weight"], tv_weight: float = 0.0,
               mean_over_layers: bool = False, line_search: str | None = None,
               clamp: bool = True, callback=None) -> Result:
    """The tutorial's loop: torch.optim.LBFGS with its defaults (lr 1, max_iter 20, history 100,
    no line search unless `line_search="strong_wolfe"`), the pixels clamped to [0, 1] at the
    start of every closure and once at the end (`clamp=False`: never; notebook 10 shows why a
    line search and a clamp inside the closure do not mix).

    The loss is content_weight * content + style_weight * style (+ tv_weight * tv), each part
    summed over its layers (the tutorial) or averaged (`mean_over_layers`). The run stops after
    exactly `evaluations` loss evaluations (the tutorial checks its count only between two
    step() calls, so it runs a few more).

    Returns a Result. Unlike `optimize_image`, `.image` is the LAST image, as the tutorial
    returns it; `.best_loss` is still the lowest loss seen. `.history`: per evaluation the
    unweighted "content", "style" (and "tv") and the weighted "total". callback(count, values)
    after each evaluation, values being that dict. Ctrl-C (Stop) ends the run early with
    `.interrupted = True`.
    """
    image = init.detach().clone().requires_grad_(True)
    optimizer = torch.optim.LBFGS([image], line_search_fn=line_search)
    result = Result(image=image.detach().clone())
    start = time.perf_counter()

    def closure():
        if result.evaluations >= evaluations:
            raise _Stop
        if clamp:
            with torch.no_grad():
                image.clamp_(0, 1)
        optimizer.zero_grad()
        seq(image)
        content = sum(m.loss for m in content_losses)
        style = sum(m.loss for m in style_losses)
        if mean_over_layers:
            content, style = content / len(content_losses), style / len(style_losses)
        parts = {"content": content, "style": style}
        if tv_weight:
            parts["tv"] = total_variation_loss(image)
        loss = content_weight * content + style_weight * style + tv_weight * parts.get("tv", 0.0)
        loss.backward()
        values = dict(zip(["total", *parts],
                          torch.stack([loss, *parts.values()]).detach().tolist()))
        values["seconds"] = time.perf_counter() - start
        result.history.append(values)
        result.evaluations += 1
        if callback is not None:
            callback(result.evaluations, values)
        return loss

    try:
        while result.evaluations < evaluations:
            before = result.evaluations
            optimizer.step(closure)
            if result.evaluations == before:
                break
    except _Stop:
        pass
    except KeyboardInterrupt:  # Jupyter's Stop: keep the image so far, as optimize_image does
        result.interrupted = True
        print(f"Stopped after {result.evaluations} of {evaluations} evaluations.")
    result.image = (image.detach().clamp(0, 1) if clamp else image.detach()).cpu()
    result.seconds = time.perf_counter() - start
    return result
