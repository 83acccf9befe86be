"""The losses: definitions, symmetry, scale-free normalisation, gradients."""

import pytest
import torch

from helpers import content_loss, gram_matrix, style_loss, total_variation_loss


def test_gram_by_definition():
    features = torch.randn(2, 4, 3, 5)
    gram = gram_matrix(features)
    assert gram.shape == (2, 4, 4)
    for n in range(2):
        for i in range(4):
            for j in range(4):
                expected = (features[n, i] * features[n, j]).sum() / 15
                assert torch.isclose(gram[n, i, j], expected, atol=1e-5)


def test_gram_symmetric_psd_and_position_free():
    features = torch.randn(1, 8, 6, 6)
    gram = gram_matrix(features)[0]
    assert torch.allclose(gram, gram.T)
    assert torch.linalg.eigvalsh(gram).min() > -1e-5
    shuffled = features.reshape(1, 8, 36)[:, :, torch.randperm(36)].reshape(1, 8, 6, 6)
    assert torch.allclose(gram_matrix(shuffled)[0], gram, atol=1e-5)  # where things are: forgotten


def test_gram_mask_all_ones_is_plain_gram():
    features = torch.randn(1, 5, 4, 4)
    assert torch.allclose(gram_matrix(features, torch.ones(1, 1, 4, 4)), gram_matrix(features), atol=1e-5)
    half = torch.zeros(1, 1, 4, 4)
    half[..., :2] = 1
    assert torch.allclose(gram_matrix(features, half), gram_matrix(features[..., :2]), atol=1e-5)


def test_content_loss_relative_and_zero_at_target():
    target = torch.rand(1, 8, 5, 5) + 0.1
    assert float(content_loss(target.clone(), target)) == 0
    assert float(content_loss(torch.zeros_like(target), target)) == pytest.approx(1.0, rel=1e-5)
    # Scale-free: multiplying both by 100 (a network with larger activations) changes nothing.
    noisy = target + 0.1 * torch.randn_like(target)
    assert float(content_loss(100 * noisy, 100 * target)) == pytest.approx(float(content_loss(noisy, target)), rel=1e-4)
    with pytest.raises(ValueError, match="shapes differ"):
        content_loss(torch.rand(1, 8, 5, 5), torch.rand(1, 8, 4, 4))


def test_style_loss_size_and_scale_free():
    torch.manual_seed(0)
    base = torch.rand(1, 16, 8, 8)
    target = gram_matrix(torch.rand(1, 16, 8, 8))
    small = float(style_loss(base, target))
    tiled = base.repeat(1, 1, 2, 2)  # the same statistics on a larger image
    assert float(style_loss(tiled, target)) == pytest.approx(small, rel=1e-4)
    assert float(style_loss(10 * base, 100 * target)) == pytest.approx(small, rel=1e-4)
    assert float(style_loss(base, gram_matrix(base))) < 1e-10


def test_losses_have_gradients():
    features = torch.rand(1, 4, 6, 6, requires_grad=True)
    (content_loss(features, torch.rand(1, 4, 6, 6)) + style_loss(features, gram_matrix(torch.rand(1, 4, 6, 6)))).backward()
    assert features.grad is not None and features.grad.abs().sum() > 0


def test_total_variation():
    flat = torch.full((1, 3, 16, 16), 0.5)
    assert float(total_variation_loss(flat)) == 0
    stripes = torch.zeros(1, 3, 16, 16)
    stripes[..., ::2] = 1.0
    assert float(total_variation_loss(stripes)) == pytest.approx(1.0)  # every horizontal pair differs by 1


@pytest.mark.parametrize("channels_last", [False, True])
def test_gram_gradient_matches_autograd_and_keeps_layout(channels_last):
    # gram_matrix has its own backward (one product instead of two): it must agree with
    # autograd's, and hand back a gradient stored like the features.
    features = torch.randn(2, 6, 5, 7, dtype=torch.float64)
    if channels_last:
        features = features.contiguous(memory_format=torch.channels_last)
    weights = torch.randn(2, 6, 6, dtype=torch.float64)  # not symmetric: a general dL/dG
    ours = features.float().detach().requires_grad_(True)
    (gram_matrix(ours) * weights.float()).sum().backward()
    plain = features.detach().requires_grad_(True)
    flat = plain.reshape(2, 6, 35)
    ((flat @ flat.transpose(1, 2) / 35) * weights).sum().backward()
    torch.testing.assert_close(ours.grad.double(), plain.grad, rtol=1e-5, atol=1e-6)
    assert ours.grad.is_contiguous(memory_format=torch.channels_last) == channels_last
