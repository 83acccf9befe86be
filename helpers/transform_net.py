"""A feed-forward transform network: photo in, painting out, in one pass (notebook 09).

Johnson, Alahi and Fei-Fei (2016, arXiv:1603.08155) train such a network once per painting, with
the perceptual loss of Gatys et al. as its training objective. Ours is the same plan, made small
enough to train on a laptop CPU in minutes (about 277 000 weights, 1.1 MB in float32):

    9x9 conv, 16 channels                      sees a 9 x 9 patch of the photo
    3x3 conv, stride 2, 32 channels            half the height and width
    3x3 conv, stride 2, 64 channels            a quarter: the residual blocks work on few pixels
    3 residual blocks, 64 channels             x + block(x): each block adds a correction
    nearest-neighbour upsampling + 3x3 conv    back to full size, without checkerboards
    9x9 conv to 3 colours, then a sigmoid      values in [0, 1], like every image in the series

Every conv but the last is followed by instance normalisation (Ulyanov, Vedaldi and Lempitsky
2016, arXiv:1607.08022) and a ReLU. Padding is by reflection, so the borders show no dark frame.

An option that Johnson et al. do not have (from_photo=True; notebook 09 tried it and did not keep
it): the last layer computes a change that is added to the photo (in logit space, so the sum
stays inside [0, 1]), and it starts at 0, so an untrained network returns the photo, as
`stylize` starts from it.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as nnf

#: The factor by which the two strided convolutions shrink the picture.
DOWNSAMPLING = 4
#: Pixels are kept this far from 0 and 1 before logit(), which is infinite there.
LOGIT_EDGE = 1e-3


def instance_norm(z: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """Normalise each channel of each image on its own: mean 0, standard deviation 1.

    Args:
        z: activations (N, C, H, W), N > 0, H * W > 1.
        eps: added to the variance, so that a constant channel does not divide by 0.

    Returns:
        (z - mean) / sqrt(var + eps), with the mean and the (biased) variance taken over the
        H * W positions of one channel of one image. The same as nn.InstanceNorm2d without
        its learned scale and shift, and as torch.nn.functional.instance_norm.
    """
    mean = z.mean(dim=(2, 3), keepdim=True)
    var = z.var(dim=(2, 3), keepdim=True, unbiased=False)
    return (z - mean) / torch.sqrt(var + eps)


def _norm(channels: int, kind: str) -> nn.Module:
    if kind == "instance":
        return nn.InstanceNorm2d(channels, affine=True)
    if kind == "batch":
        return nn.BatchNorm2d(channels)
    if kind == "none":
        return nn.Identity()
    raise ValueError(f"norm={kind!r}: choose 'instance' (the default), 'batch' or 'none'")


class ConvLayer(nn.Sequential):
    """Reflection padding, a convolution, then (optionally) a normalisation and a ReLU."""

    def __init__(self, c_in: int, c_out: int, kernel: int, stride: int = 1,
                 norm: str = "instance", relu: bool = True):
        layers = [nn.ReflectionPad2d(kernel // 2), nn.Conv2d(c_in, c_out, kernel, stride)]
        if norm != "none":
            layers.append(_norm(c_out, norm))
        if relu:
            layers.append(nn.ReLU())
        super().__init__(*layers)


class ResidualBlock(nn.Module):
    """x + (conv, norm, ReLU, conv, norm)(x): the block learns a change to its input.

    A network of such blocks starts close to "pass the input through", which trains easily
    (He et al. 2016, arXiv:1512.03385). Input and output have the same shape (N, C, H, W).
    """

    def __init__(self, channels: int, norm: str = "instance"):
        super().__init__()
        self.body = nn.Sequential(ConvLayer(channels, channels, 3, norm=norm),
                                  ConvLayer(channels, channels, 3, norm=norm, relu=False))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class UpsampleConv(nn.Module):
    """Double the height and width by repeating each value, then a convolution.

    A transposed convolution with stride 2 would do both in one layer, but its kernel overlaps
    itself unevenly, which paints a checkerboard (Odena, Dumoulin and Olah, Distill 2016).
    Repeating first and convolving after covers every output pixel the same way.
    """

    def __init__(self, c_in: int, c_out: int, kernel: int = 3, norm: str = "instance"):
        super().__init__()
        self.conv = ConvLayer(c_in, c_out, kernel, norm=norm)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(nnf.interpolate(x, scale_factor=2, mode="nearest"))


class TransformNet(nn.Module):
    """photo (N, 3, H, W) in [0, 1] -> painting (N, 3, H, W) in [0, 1], any H and W.

    Args:
        channels: the widths at full, half and quarter size (default 16, 32, 64).
        residual_blocks: how many residual blocks at quarter size (default 3).
        norm: "instance" (the default), "batch" (to compare) or "none".
        from_photo: False (the default): output = sigmoid(change), as in Johnson et al.;
            True: output = sigmoid(logit(photo) + change), the change 0 before training.

    An H or W that is not a multiple of 4 is padded by reflection before the network and cut
    back after it, so the output always has the input's size.
    """

    def __init__(self, channels: tuple[int, int, int] = (16, 32, 64), residual_blocks: int = 3,
                 norm: str = "instance", from_photo: bool = False):
        super().__init__()
        _norm(1, norm)  # refuse an unknown kind before building anything
        c1, c2, c3 = channels
        self.norm, self.from_photo = norm, from_photo
        self.down = nn.Sequential(ConvLayer(3, c1, 9, norm=norm),
                                  ConvLayer(c1, c2, 3, stride=2, norm=norm),
                                  ConvLayer(c2, c3, 3, stride=2, norm=norm))
        self.residual = nn.Sequential(*[ResidualBlock(c3, norm) for _ in range(residual_blocks)])
        self.up = nn.Sequential(UpsampleConv(c3, c2, norm=norm), UpsampleConv(c2, c1, norm=norm),
                                ConvLayer(c1, 3, 9, norm="none", relu=False))
        if from_photo:  # the change starts at 0: before training, the output is the photo
            nn.init.zeros_(self.up[-1][1].weight)
            nn.init.zeros_(self.up[-1][1].bias)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        if image.dim() != 4 or image.shape[1] != 3:
            raise ValueError(f"TransformNet takes images (N, 3, H, W), got {tuple(image.shape)}")
        height, width = image.shape[-2:]
        pad_h, pad_w = -height % DOWNSAMPLING, -width % DOWNSAMPLING
        if pad_h or pad_w:
            if min(height, width) <= max(pad_h, pad_w):
                raise ValueError(f"an image of {width} x {height} px is too small; "
                                 "give at least 4 px a side")
            image = nnf.pad(image, (0, pad_w, 0, pad_h), mode="reflect")
        change = self.up(self.residual(self.down(image)))
        if self.from_photo:  # photo + change, added where sigmoid() keeps it inside [0, 1]
            change = change + torch.logit(image.clamp(LOGIT_EDGE, 1 - LOGIT_EDGE))
        return torch.sigmoid(change)[..., :height, :width]


def count_parameters(net: nn.Module) -> int:
    """How many numbers the network learns (weights and biases, normalisation scales too)."""
    return sum(p.numel() for p in net.parameters() if p.requires_grad)


@torch.no_grad()
def paint(net: nn.Module, image: torch.Tensor) -> torch.Tensor:
    """Apply a trained network to one image (1, 3, H, W) or a batch, without autograd.

    The network is put in eval mode (it matters for batch norm only); the result is on the
    image's device, float32, values in [0, 1].
    """
    was_training = net.training
    net.eval()
    try:
        device = next(net.parameters()).device
        return net(image.to(device, torch.float32)).to(image.device)
    finally:
        net.train(was_training)


@torch.no_grad()
def upsampling_pattern(kind: str = "transposed", kernel: int = 3, size: int = 12) -> torch.Tensor:
    """What a 2x upsampling layer with every weight 1 makes of a flat image (notebook 09).

    kind: "transposed" (a transposed convolution, stride 2) or "nearest" (`UpsampleConv`'s
    way: repeat each value, then a convolution). Returns (1, 1, H, W): the inside of the output
    (the borders cut off), divided by its mean. 1 everywhere: every pixel got the same; a
    checkerboard of values: some output pixels were painted more often than others.
    """
    flat = torch.ones(1, 1, size, size)
    if kind == "transposed":
        layer = nn.ConvTranspose2d(1, 1, kernel, stride=2, bias=False)
        nn.init.ones_(layer.weight)
        out = layer(flat)
    elif kind == "nearest":
        layer = nn.Conv2d(1, 1, kernel, bias=False)
        nn.init.ones_(layer.weight)
        out = layer(nnf.interpolate(flat, scale_factor=2, mode="nearest"))
    else:
        raise ValueError(f"kind={kind!r}: choose 'transposed' or 'nearest'")
    cut = kernel if kind == "transposed" else 1  # where the borders still show
    inside = out[..., cut:out.shape[-2] - cut, cut:out.shape[-1] - cut]
    return inside / inside.mean()
