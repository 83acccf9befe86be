"""helpers.color: YIQ, luminance-only transfer, colour histogram matching (Gatys et al. 2016)."""

import pytest
import torch

from helpers import color
from helpers.color import (color_stats, keep_content_color, luminance, match_color,
                           match_luminance, rgb_to_yiq, to_luminance, yiq_to_rgb)


def smooth_image(height=24, width=32, seed=0):
    """A colourful image in [0.1, 0.9]: smooth gradients plus a little noise (full-rank colours)."""
    generator = torch.Generator().manual_seed(seed)
    y = torch.linspace(0, 1, height)[:, None]
    x = torch.linspace(0, 1, width)[None, :]
    channels = torch.stack([0.5 + 0.3 * torch.sin(6 * x + 2 * y),
                            0.5 + 0.3 * torch.cos(4 * y - x),
                            0.5 + 0.3 * torch.sin(3 * x * y + 1)])
    noise = 0.05 * torch.randn(3, height, width, generator=generator)
    return (channels + noise).clamp(0.1, 0.9)[None].contiguous()


def test_yiq_shapes_and_ranges():
    image = torch.rand(2, 3, 8, 9, generator=torch.Generator().manual_seed(1))
    yiq = rgb_to_yiq(image)
    assert yiq.shape == image.shape
    assert yiq[:, 0].min() >= 0 and yiq[:, 0].max() <= 1
    assert yiq[:, 1].abs().max() <= 0.6 and yiq[:, 2].abs().max() <= 0.53
    corners = torch.tensor([[0., 0, 0], [1, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    corner_yiq = corners @ color.RGB_TO_YIQ.float().T
    assert corner_yiq[:, 0].tolist() == pytest.approx([0, 1, 0.299, 0.587, 0.114], abs=1e-6)


def test_grey_has_no_colour():
    grey = torch.full((1, 3, 4, 4), 0.3)
    yiq = rgb_to_yiq(grey)
    assert torch.allclose(yiq[:, 0], torch.full((1, 4, 4), 0.3), atol=1e-6)
    assert yiq[:, 1:].abs().max() < 1e-6


def test_yiq_round_trip_is_exact():
    image = torch.rand(1, 3, 16, 12, generator=torch.Generator().manual_seed(2))
    assert torch.allclose(yiq_to_rgb(rgb_to_yiq(image)), image, atol=1e-6)
    eye = color.YIQ_TO_RGB @ color.RGB_TO_YIQ
    assert torch.allclose(eye, torch.eye(3, dtype=torch.float64), atol=1e-12)


def test_yiq_rejects_wrong_shape():
    with pytest.raises(ValueError, match=r"\(N, 3, H, W\)"):
        rgb_to_yiq(torch.rand(3, 8, 8))


def test_luminance_and_to_luminance():
    image = smooth_image()
    y = luminance(image)
    assert y.shape == (1, 1, 24, 32)
    grey = to_luminance(image)
    assert grey.shape == image.shape
    assert torch.equal(grey[:, 0], grey[:, 1]) and torch.equal(grey[:, 1], grey[:, 2])
    assert torch.allclose(luminance(grey), y, atol=1e-6)   # a grey image's Y is itself


def test_keep_content_color_takes_luminance_from_stylized_and_colour_from_content():
    content, stylized = smooth_image(seed=3), smooth_image(seed=4).flip(-1)
    out = keep_content_color(stylized, content, clamp=False)
    assert out.shape == content.shape
    out_yiq, content_yiq = rgb_to_yiq(out), rgb_to_yiq(content)
    assert torch.allclose(out_yiq[:, 0], luminance(stylized)[:, 0], atol=1e-5)
    assert torch.allclose(out_yiq[:, 1:], content_yiq[:, 1:], atol=1e-5)


def test_keep_content_color_clamped_stays_in_range_and_close():
    content = torch.rand(1, 3, 20, 20, generator=torch.Generator().manual_seed(5))
    stylized = torch.rand(1, 3, 20, 20, generator=torch.Generator().manual_seed(6))
    out = keep_content_color(stylized, content)
    assert out.min() >= 0 and out.max() <= 1
    exact = keep_content_color(stylized, content, clamp=False)
    inside = ((exact >= 0) & (exact <= 1)).all(dim=1, keepdim=True).expand_as(exact)
    assert torch.equal(out[inside], exact[inside])   # only out-of-gamut pixels change


def test_keep_content_color_rejects_different_sizes():
    with pytest.raises(ValueError, match="must match"):
        keep_content_color(torch.rand(1, 3, 8, 8), torch.rand(1, 3, 8, 9))


def test_match_luminance_sets_mean_and_std():
    content, style = smooth_image(seed=7), 0.3 * smooth_image(40, 40, seed=8)   # a dark style
    matched = match_luminance(style, content)
    assert matched.shape == (1, 3, 40, 40)
    y_matched, y_content = luminance(matched), luminance(content)
    assert float(y_matched.mean()) == pytest.approx(float(y_content.mean()), abs=1e-4)
    assert float(y_matched.std()) == pytest.approx(float(y_content.std()), rel=1e-3)
    assert torch.equal(matched[:, 0], matched[:, 2])


@pytest.mark.parametrize("method", ["cholesky", "analogies"])
def test_match_color_gives_target_mean_and_covariance(method):
    content = smooth_image(seed=9)
    style = smooth_image(30, 20, seed=10)[:, [2, 0, 1]] * 0.6 + 0.2   # other colours, other size
    out = match_color(style, content, method=method, clamp=False)
    assert out.shape == style.shape
    mean_out, cov_out = color_stats(out)
    mean_c, cov_c = color_stats(content)
    assert torch.allclose(mean_out, mean_c, atol=1e-5)
    assert torch.allclose(cov_out, cov_c, atol=5e-5)
    clamped = match_color(style, content, method=method)
    assert clamped.min() >= 0 and clamped.max() <= 1
    assert torch.allclose(color_stats(clamped)[0], mean_c, atol=0.02)


def test_match_color_keeps_the_spatial_pattern():
    # One affine map x -> A x + b for every pixel, and A is invertible: fitting an affine
    # map from the output back to the style image recovers the style exactly.
    content, style = smooth_image(seed=11), smooth_image(seed=12)
    out = match_color(style, content, clamp=False)
    back = torch.linalg.lstsq(
        torch.cat([out.reshape(3, -1).T, torch.ones(out[0, 0].numel(), 1)], 1).double(),
        style.reshape(3, -1).T.double()).solution
    rebuilt = torch.cat([out.reshape(3, -1).T, torch.ones(out[0, 0].numel(), 1)], 1).double() @ back
    assert torch.allclose(rebuilt.float(), style.reshape(3, -1).T, atol=1e-4)


def test_match_color_methods_differ_but_agree_on_statistics():
    content, style = smooth_image(seed=13), smooth_image(seed=14)[:, [1, 2, 0]]
    a = match_color(style, content, "cholesky", clamp=False)
    b = match_color(style, content, "analogies", clamp=False)
    assert not torch.allclose(a, b, atol=1e-3)
    assert torch.allclose(color_stats(a)[1], color_stats(b)[1], atol=5e-5)


def test_match_color_survives_a_grey_style_and_rejects_bad_method():
    grey_style = to_luminance(smooth_image(seed=15))
    out = match_color(grey_style, smooth_image(seed=16))
    assert torch.isfinite(out).all() and out.shape == grey_style.shape
    with pytest.raises(ValueError, match="cholesky"):
        match_color(grey_style, grey_style, method="pca")
