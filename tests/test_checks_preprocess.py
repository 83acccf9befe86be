"""check_to_caffe_input (notebook 01): the reference passes; each planted mistake gets its own message."""

import numpy as np
import pytest
import torch

from helpers.checks import CheckFailed, check_to_caffe_input, to_caffe_input
from helpers.weights import CAFFE_MEAN_BGR, IMAGENET_STD


def mean(x):
    return x.new_tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1)


def test_reference_passes(capsys):
    assert check_to_caffe_input(to_caffe_input) is True
    assert "to_caffe_input: all 7 checks passed" in capsys.readouterr().out


def test_reference_is_caffe_input():
    image = torch.rand(2, 3, 4, 5)
    out = to_caffe_input(image)
    for k in range(3):  # out[:, k] = 255 * image[:, 2 - k] - CAFFE_MEAN_BGR[k]
        assert torch.allclose(out[:, k], 255 * image[:, 2 - k] - CAFFE_MEAN_BGR[k])


# Formula variants: the numbers of the convention are wrong.
def keeps_rgb(x):
    return x * 255 - mean(x)


def mean_in_rgb_order(x):
    return x.flip(1) * 255 - mean(x).flip(1)


def mean_before_the_flip(x):
    return (x * 255 - mean(x)).flip(1)


def no_255(x):
    return x.flip(1) - mean(x)


def mean_on_the_0_1_scale(x):
    return x.flip(1) * 255 - mean(x) / 255


def mean_times_255(x):
    return (x.flip(1) - mean(x)) * 255


def divides_by_std(x):
    return (x.flip(1) * 255 - mean(x)) / x.new_tensor(IMAGENET_STD[::-1]).view(1, 3, 1, 1)


def adds_the_mean(x):
    return x.flip(1) * 255 + mean(x)


def grey(x):
    return (x.mean(1, keepdim=True) * 255).expand(-1, 3, -1, -1) - mean(x)


# Not formula variants: axes, batch, in place, types, devices.
def flips_the_width(x):
    return x.flip(3) * 255 - mean(x)


def flips_the_batch(x):
    return x.flip(0) * 255 - mean(x)


def in_place(x):
    x.mul_(255)
    return x.flip(1) - mean(x)


def drops_the_batch(x):
    return x[0].flip(0) * 255 - mean(x)[0]


def first_image_only(x):
    return x[:1].flip(1) * 255 - mean(x)


def channels_last(x):
    return (x.flip(1) * 255 - mean(x)).permute(0, 2, 3, 1)


def mean_of_shape_3(x):
    return x.flip(1) * 255 - torch.tensor(CAFFE_MEAN_BGR)


def negative_step(x):
    return x[:, ::-1] * 255 - mean(x)


def returns_numpy(x):
    return x.flip(1).numpy() * 255 - np.array(CAFFE_MEAN_BGR).reshape(1, 3, 1, 1)


def as_bytes(x):
    return (x.flip(1) * 255 - mean(x)).to(torch.uint8)


def mean_on_the_cpu(x):
    return x.flip(1) * 255 - torch.tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1)


def float64_mean(x):
    return x.flip(1) * 255 - torch.from_numpy(np.array(CAFFE_MEAN_BGR)).view(1, 3, 1, 1)


def clamped(x):
    return (x.flip(1) * 255 - mean(x)).clamp(min=0)


def rounded(x):
    return (x.flip(1) * 255).round() - mean(x)


FORMULA = [
    (keeps_rgb, "keeps the R, G, B order; Caffe wants B, G, R"),
    (mean_in_rgb_order, "subtracts the mean in the wrong order, 123.68 from B"),
    (mean_before_the_flip, "subtracts the mean in the wrong order, 123.68 from B"),
    (no_255, "keeps the 0-1 scale: multiply by 255"),
    (mean_on_the_0_1_scale, "subtracts the mean on the 0-1 scale (m / 255)"),
    (mean_times_255, "multiplies the mean by 255 too"),
    (divides_by_std, "divides by torchvision's standard deviation sigma"),
    (adds_the_mean, "adds the mean pixel: subtract it"),
    (grey, "mixes the colours: each output channel should be 255 times ONE input channel"),
]
STRUCTURE = [
    (flips_the_width, "flips the wrong axis: yours gives the picture mirrored left to right (dim 3"),
    (flips_the_batch, "with the images of the batch in reverse order (dim 0, the batch)"),
    (in_place, "changed its input `image` in place"),
    (drops_the_batch, "dropped the batch axis N: yours has shape (3, 5, 7)"),
    (first_image_only, "kept only the first image of a batch of 2"),
    (channels_last, "returned channels last, (N, H, W, C) = (2, 5, 7, 3)"),
    (mean_of_shape_3, "the 3 numbers of the mean were lined up with dim 3 of the image"),
    (negative_step, "PyTorch tensors do not take a negative step"),
    (returns_numpy, "returned a NumPy array"),
    (as_bytes, "returned whole numbers (torch.uint8)"),
    (mean_on_the_cpu, "works on the CPU but not for an image on another device"),
    (float64_mean, "returned torch.float64 values"),
    (clamped, "clips the values at 0"),
    (rounded, "rounds to whole grey levels"),
]


@pytest.mark.parametrize("mistake, words", FORMULA + STRUCTURE,
                         ids=[f.__name__ for f, _ in FORMULA + STRUCTURE])
def test_each_mistake_is_named(mistake, words):
    with pytest.raises(CheckFailed, match="^to_caffe_input: ") as failure:
        check_to_caffe_input(mistake)
    assert words in str(failure.value)


def test_enough_planted_mistakes():
    assert len(FORMULA) + len(STRUCTURE) >= 8 and len(STRUCTURE) >= len(FORMULA)
