"""ImageNet predictions: a check that a pretrained network is the one we think it is.

Style transfer uses only VGG's convolutional part, but the full network also names what it sees.
If a photo of a cat comes out as "tabby cat", the weights and the input normalisation are right.
"""

from __future__ import annotations

import torch
import torchvision

from . import config
from .weights import (BUILDERS, IMAGENET_MEAN, IMAGENET_STD, imagenet_categories,
                      imagenet_state_dict, resolve)


def load_classifier(arch: str | None = None, weights: str | None = None,
                    device: str | torch.device | None = None) -> torch.nn.Module | None:
    """The whole VGG (features + classifier) with ImageNet weights, in eval mode.

    Returns None when the chosen weights have no ImageNet classifier (NST_WEIGHTS=random or a
    features-only file), so a notebook can say why it skips the check instead of failing.
    """
    arch = arch or config.default_arch()
    weights = weights or config.default_weights()
    if resolve(weights) != "torchvision":
        return None
    model = BUILDERS[arch](weights=None)
    model.load_state_dict(imagenet_state_dict(arch))
    return model.eval().requires_grad_(False).to(config.get_device(device))


@torch.no_grad()
def top_predictions(classifier: torch.nn.Module, image: torch.Tensor, k: int = 5,
                    normalize: bool = True) -> list[tuple[str, float]]:
    """The k most likely ImageNet classes for `image`.

    image: (1, 3, H, W) RGB in [0, 1]; resized to 224 px on the short side and centre-cropped.
    normalize: apply the ImageNet mean/std (False shows what goes wrong without it).
    Returns [(class name, probability)] best first.
    """
    device = next(classifier.parameters()).device
    x = torchvision.transforms.functional.resize(image, 224, antialias=True)
    x = torchvision.transforms.functional.center_crop(x, 224).to(device)
    if normalize:
        mean = torch.tensor(IMAGENET_MEAN, device=device).view(1, 3, 1, 1)
        std = torch.tensor(IMAGENET_STD, device=device).view(1, 3, 1, 1)
        x = (x - mean) / std
    probs = classifier(x).softmax(dim=1)[0]
    top = probs.topk(k)
    names = imagenet_categories()
    return [(names[i], float(p)) for p, i in zip(top.values.tolist(), top.indices.tolist())]
