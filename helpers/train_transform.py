"""Training a transform network with the perceptual loss (notebook 09).

The objective is the series' own (`Objective`: alpha * content + beta * style + gamma * tv, with
the relative losses of losses.py). What changes is the parameter: in `stylize` the pixels of one
image are optimised; here the weights of a network are, over many photos, so that afterwards
one forward pass paints any photo. Each training step:

    1. cut a batch of N random crops from the training photos (random size, random flips);
    2. P = VGG features of the crops (the content targets, no autograd);
    3. x = net(crops); the losses of x against P and the painting's Gram matrices A;
    4. one Adam step on the network's weights. The step size falls from lr to lr / 10 as the
       budget (steps, or max_seconds if that runs out first) is spent: the last steps make
       small changes, so the weights do not depend much on exactly where training stops.

Ctrl-C (Jupyter's Stop) ends training and keeps the weights of the last finished step.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import torch
from tqdm.auto import tqdm

from . import config
from .budget import check_run
from .images import resize
from .inputs import InputError, check_image
from .messages import translate
from .objective import CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget, content_targets, \
    style_grams
from .optimize import NonFiniteLossError
from .stylize import CONTENT_WEIGHT, TV_WEIGHT
from .transform_net import TransformNet
from .vgg import VGGFeatures, default_model


@dataclass
class TrainResult:
    """What `train_transform_net` returns.

    net: the trained network (the same object that was passed in), in eval mode.
    history: one dict per finished step: "total", "content", "style", "tv" (the batch's mean
        losses, unweighted as in `Objective`), "seconds" since the start and "lr", the step's
        Adam step size.
    seconds: wall time. steps: finished steps. interrupted: True when Ctrl-C ended training
        early; the weights are those after the last finished step. out_of_time: True when
        `max_seconds` ended it before `steps`.
    """
    net: TransformNet
    history: list[dict[str, float]] = field(default_factory=list)
    seconds: float = 0.0
    steps: int = 0
    interrupted: bool = False
    out_of_time: bool = False

    def curve(self, part: str = "total") -> list[float]:
        return [entry[part] for entry in self.history]


def make_net(seed: int = config.DEFAULT_SEED, **kwargs) -> TransformNet:
    """A new TransformNet with seeded starting weights; the global random generators are kept."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return TransformNet(**kwargs)


def random_crops(photos: Sequence[torch.Tensor], size: int, count: int,
                 generator: torch.Generator, scale: tuple[float, float] = (0.5, 1.0),
                 flip: bool = True, shuffle_colours: bool = False) -> torch.Tensor:
    """`count` square crops, each resized to `size` x `size`: a batch (count, 3, size, size).

    Each crop comes from a photo chosen at random; its side is a random fraction in `scale` of
    the photo's short side (but at least `size`, when the photo allows), so the network sees
    things at several sizes; with `flip`, half the crops are mirrored left to right; with
    `shuffle_colours`, the red, green and blue channels of each crop are put in a random order
    (a brown cup may become a blue one), so a few photos show the network many colours.
    """
    crops = []
    for _ in range(count):
        photo = photos[int(torch.randint(len(photos), (1,), generator=generator))]
        height, width = photo.shape[-2:]
        short = min(height, width)
        low = min(short, max(size, round(scale[0] * short)))
        high = max(low, round(scale[1] * short))
        side = int(torch.randint(low, high + 1, (1,), generator=generator))
        top = int(torch.randint(height - side + 1, (1,), generator=generator))
        left = int(torch.randint(width - side + 1, (1,), generator=generator))
        crop = photo[..., top:top + side, left:left + side]
        if side != size:
            crop = resize(crop, (size, size))
        if flip and bool(torch.rand((), generator=generator) < 0.5):
            crop = crop.flip(-1)
        if shuffle_colours:
            crop = crop[:, torch.randperm(3, generator=generator)]
        crops.append(crop)
    return torch.cat(crops).clamp(0, 1)


def step_size(lr: float, step: int, steps: int, seconds: float, max_seconds: float | None) -> float:
    """Adam's step size for step `step` (1 to steps): lr at the start, falling linearly to lr / 10
    as the budget is spent (the larger of the steps done and the seconds used, as fractions)."""
    spent = max((step - 1) / steps, seconds / max_seconds if max_seconds else 0.0)
    return lr * (1.0 - 0.9 * min(1.0, spent))


def train_transform_net(net: TransformNet, style, photos: Sequence[torch.Tensor], steps: int, *,
                        model: VGGFeatures | None = None, crop: int = 128, batch: int = 4,
                        lr: float = 2e-3, content_weight: float = CONTENT_WEIGHT,
                        style_weight: float = 10.0, tv_weight: float = TV_WEIGHT,
                        content_layers: Sequence[str] = CONTENT_LAYERS,
                        style_layers: Sequence[str] = STYLE_LAYERS,
                        scale: tuple[float, float] = (0.5, 1.0), shuffle_colours: bool = True,
                        seed: int = config.DEFAULT_SEED, max_seconds: float | None = None,
                        callback: Callable | None = None, progress: bool = True) -> TrainResult:
    """Train `net` so that net(photo) has the content of the photo and the style of `style`.

    Args:
        net: a TransformNet (or any module image -> image of the same size); changed in place.
        style: the painting (1, 3, h, w) in [0, 1].
        photos: the training photos, each (1, 3, H, W) in [0, 1], any sizes (short side >= 32).
        steps: Adam steps; each sees `batch` crops of `crop` x `crop` pixels.
        model: the VGG that measures the losses; None: `default_model()`. The losses are
            computed in float32 (no autocast), on the model's device.
        lr: Adam's first step size; it falls linearly to lr / 10 over the budget (`step_size`).
            content_weight, style_weight, tv_weight, content_layers, style_layers: alpha,
            beta, gamma and the layers, as in `stylize`.
        scale, shuffle_colours: the crop sizes, as fractions of a photo's short side, and
            colour channels in a random order (see `random_crops`).
        seed: the crops; with the same seed and starting weights a CPU run repeats exactly.
        max_seconds: stop after the first step that ends later than this (None: no limit), so
            that a class knows how long it waits on a slow computer.
        callback: called as callback(step, net, losses) after every finished step (net in
            training mode; losses a dict of floats). Use it for a live figure.
        progress: a progress bar (tqdm).

    Returns:
        TrainResult. Ctrl-C returns early with .interrupted = True and the weights of the last
        finished step (a step stopped half-way is undone).

    Raises:
        InputError, ImageError: bad photos, style, budget or weights, before any work.
        NonFiniteLossError: the loss became NaN or infinite; the weights of the last finished
            step are restored first, and the error's .result holds the TrainResult.
    """
    steps = check_run(steps, lr=lr, content_weight=content_weight, style_weight=style_weight,
                      tv_weight=tv_weight, max_seconds=max_seconds)
    for name, value in (("crop", crop), ("batch", batch)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"{name}={value!r}: give a whole number >= 1, such as "
                             f"{128 if name == 'crop' else 4}.")
    if not photos:
        raise InputError("photos is empty: give at least one training photo (1, 3, H, W).")
    layers = [*content_layers, *style_layers]
    photos = [check_image(p, f"photos[{i}]", layers=layers) for i, p in enumerate(photos)]
    style = check_image(style, "style", layers=style_layers)
    model = model if model is not None else default_model()
    device = model.device
    net.to(device).train()
    photos = [p.to(device) for p in photos]
    target = StyleTarget(style_grams(model, style.to(device), style_layers), weight=1.0 / batch)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    good = [t.detach().clone() for t in net.state_dict().values()]
    result = TrainResult(net=net)
    start = time.perf_counter()
    bar = tqdm(total=steps, desc=translate("training"), disable=not progress, leave=False,
               mininterval=0.5)
    try:
        for step in range(1, steps + 1):
            crops = random_crops(photos, crop, batch, generator, scale,
                                 shuffle_colours=shuffle_colours)
            objective = Objective(model, content_targets(model, crops, content_layers), [target],
                                  content_weight, style_weight, tv_weight)
            rate = step_size(lr, step, steps, time.perf_counter() - start, max_seconds)
            for group in optimizer.param_groups:
                group["lr"] = rate
            optimizer.zero_grad(set_to_none=True)
            losses = objective(net(crops))
            values = dict(zip(losses, torch.stack([v.detach() for v in losses.values()]).tolist()))
            if not math.isfinite(values["total"]):
                raise NonFiniteLossError(f"the loss became {values['total']} at step {step}. "
                                         "Lower lr or style_weight.", result)
            losses["total"].backward()
            optimizer.step()
            for kept, now in zip(good, net.state_dict().values()):
                kept.copy_(now)  # the weights of the last finished step
            values["seconds"], values["lr"] = time.perf_counter() - start, rate
            result.history.append(values)
            result.steps = step
            bar.update(1)
            if step % 10 == 0:
                bar.set_postfix(loss=f"{values['total']:.4g}", refresh=False)
            if callback is not None:
                callback(step, net, values)
            if max_seconds is not None and step < steps \
                    and time.perf_counter() - start > max_seconds:
                result.out_of_time = True
                break
    except KeyboardInterrupt:
        result.interrupted = True
        print(f"Stopped after {result.steps} of {steps} steps: keeping the weights of step "
              f"{result.steps}; result.interrupted is True.")
    finally:
        bar.close()
        with torch.no_grad():
            for kept, now in zip(good, net.state_dict().values()):
                now.copy_(kept)
        net.eval()
        result.seconds = time.perf_counter() - start
    return result
