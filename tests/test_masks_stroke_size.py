"""helpers.masks (two styles in two regions) and helpers.scale (style scale)."""

import pytest
import torch

from helpers.masks import ellipse_mask, mask_pair, split_masks, threshold_mask
from helpers.stroke_size import rescale_style


@pytest.mark.parametrize("direction", ["left-right", "top-bottom"])
def test_split_masks_shape_range_and_sum(direction):
    first, second = split_masks((30, 40), direction=direction)
    for mask in (first, second):
        assert mask.shape == (1, 1, 30, 40) and mask.dtype == torch.float32
        assert mask.min() >= 0 and mask.max() <= 1
    assert torch.allclose(first + second, torch.ones(1, 1, 30, 40))


def test_split_masks_edges():
    left, right = split_masks((10, 100), at=0.5, softness=0.2)
    assert torch.all(left[..., :35] == 1) and torch.all(left[..., 65:] == 0)
    assert torch.all(right[..., :35] == 0) and torch.all(right[..., 65:] == 1)
    middle = left[0, 0, 0, 45:55]
    assert torch.all(middle[1:] <= middle[:-1])           # falls monotonically across the edge
    assert float(left[0, 0, 0, 49:51].mean()) == pytest.approx(0.5, abs=1e-6)
    top, bottom = split_masks((100, 10), direction="top-bottom", at=0.3, softness=0)
    assert torch.all(top[:, :, :30] == 1) and torch.all(top[:, :, 30:] == 0)   # hard edge at 30%


def test_split_masks_accepts_an_image_and_checks_arguments():
    image = torch.rand(1, 3, 17, 23)
    assert split_masks(image)[0].shape == (1, 1, 17, 23)
    with pytest.raises(ValueError, match="direction"):
        split_masks((8, 8), direction="diagonal")
    with pytest.raises(ValueError, match="softness"):
        split_masks((8, 8), softness=-1)


def test_ellipse_mask():
    mask = ellipse_mask((50, 80), center=(0.5, 0.5), radii=(0.3, 0.3), softness=0.1)
    assert mask.shape == (1, 1, 50, 80) and mask.min() >= 0 and mask.max() <= 1
    assert mask[0, 0, 25, 40] == 1                        # centre inside
    assert mask[0, 0, 0, 0] == 0 and mask[0, 0, -1, -1] == 0   # corners outside
    inside, outside = mask_pair(mask)
    assert torch.allclose(inside + outside, torch.ones_like(mask))
    with pytest.raises(ValueError, match="radii"):
        ellipse_mask((8, 8), radii=(0, 0.3))


def test_threshold_mask_splits_bright_from_dark():
    image = torch.zeros(1, 3, 20, 20)
    image[..., :, 10:] = 0.9                              # right half bright
    mask = threshold_mask(image, threshold=0.5, softness=0)
    assert mask.shape == (1, 1, 20, 20)
    assert torch.all(mask[..., 10:] == 1) and torch.all(mask[..., :10] == 0)
    photo = torch.rand(1, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    assert float(threshold_mask(photo, softness=0).mean()) == pytest.approx(0.5, abs=0.02)


def test_mask_pair_rejects_wrong_shape():
    with pytest.raises(ValueError, match=r"\(1, 1, H, W\)"):
        mask_pair(torch.rand(1, 3, 8, 8))


def test_rescale_style_sizes():
    style = torch.rand(1, 3, 100, 200)
    assert rescale_style(style, 0.5).shape == (1, 3, 50, 100)
    assert rescale_style(style, 1.5).shape == (1, 3, 150, 300)
    content = torch.rand(1, 3, 64, 48)                    # long side 64
    assert rescale_style(style, 1.0, content=content).shape == (1, 3, 32, 64)
    assert rescale_style(style, 2.0, content=content).shape == (1, 3, 64, 128)
    same = rescale_style(style, 1.0)
    assert torch.equal(same, style) and same is not style


def test_rescale_style_range_and_errors():
    style = torch.rand(1, 3, 64, 64, generator=torch.Generator().manual_seed(1))
    for factor in (0.6, 2.3):
        out = rescale_style(style, factor)
        assert out.min() >= 0 and out.max() <= 1 and out.is_contiguous()
    with pytest.raises(ValueError, match="32 px"):
        rescale_style(style, 0.25)                        # 16 px: too small for VGG
    with pytest.raises(ValueError, match="positive"):
        rescale_style(style, 0)


def test_stylize_runs_with_two_masked_styles():
    from helpers import stylize
    from helpers.vgg import load_vgg

    model = load_vgg("vgg19", "random", device="cpu")     # any network: we test the plumbing
    generator = torch.Generator().manual_seed(0)
    content = torch.rand(1, 3, 40, 48, generator=generator)
    style_a = torch.rand(1, 3, 36, 36, generator=generator)
    style_b = torch.rand(1, 3, 48, 32, generator=generator) * 0.5
    masks = split_masks(content)
    result = stylize(content, [style_a, style_b], masks=masks, model=model, steps=3,
                     style_layers=("relu1_1", "relu2_1"), progress=False)
    assert result.image.shape == content.shape
    assert result.evaluations == 3 and all(torch.isfinite(torch.tensor(result.curve())))
