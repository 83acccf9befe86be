"""Keeping the photo's colours: the two linear methods of Gatys et al. 2016 (arXiv:1606.05897).

Plain style transfer copies the colours of the style image along with its brush strokes.
Two simple ways keep the colours of the content photo instead:

1. Luminance-only transfer. Split every image into luminance Y (how bright) and two colour
   channels I and Q (which colour) with the YIQ transform of analogue colour TV. Transfer the
   style on the luminance only, then put the content's I and Q back:
       to_luminance(content), match_luminance(style, content)  ->  stylize  ->  keep_content_color
   `keep_content_color` alone also works after an ordinary transfer (colour put back afterwards).

2. Colour histogram matching. Before the transfer, recolour the style image so that the mean
   and the 3x3 covariance of its RGB pixels equal those of the content photo, with a linear map
   x -> A x + b (`match_color`). Then run an ordinary transfer with the recoloured style.

Images are tensors (N, 3, H, W), RGB, float, values in [0, 1], as everywhere in the series.
"""

from __future__ import annotations

import torch

from .inputs import check_image

#: RGB -> YIQ (the NTSC / FCC matrix). Row 0 is the luminance Y; its weights sum to 1, so a
#: grey pixel (r = g = b) has Y = r and I = Q = 0.
RGB_TO_YIQ = torch.tensor([[0.299, 0.587, 0.114],
                           [0.5959, -0.2746, -0.3213],
                           [0.2115, -0.5227, 0.3112]], dtype=torch.float64)
#: YIQ -> RGB: the exact inverse of RGB_TO_YIQ (computed, not a rounded table), so a round
#: trip returns the same image up to float rounding.
YIQ_TO_RGB = torch.linalg.inv(RGB_TO_YIQ)

#: Smallest variance allowed along any colour direction (a standard deviation of about one
#: grey level in 255). Keeps the covariance of a grey image (no colour spread at all) invertible.
COLOR_EPS = 1e-5


def _check_rgb(image: torch.Tensor, name: str = "image", rgb: bool = True) -> None:
    """The gate (inputs.check_image) for (N, 3, H, W). rgb=False: any finite values (the linear
    transforms also take YIQ, or RGB outside [0, 1]). The image is used as given (dtype kept)."""
    check_image(image, name, batch=True, check_range=rgb)


def _mix(matrix: torch.Tensor, image: torch.Tensor) -> torch.Tensor:
    """Apply a 3x3 matrix to the channel vector of every pixel."""
    return torch.einsum("ij,njhw->nihw", matrix.to(image.device, image.dtype), image)


def rgb_to_yiq(image: torch.Tensor) -> torch.Tensor:
    """RGB (N, 3, H, W) in [0, 1] -> YIQ (N, 3, H, W).

    Channel 0 is Y in [0, 1]; channels 1 and 2 are I in about [-0.6, 0.6] and Q in about
    [-0.53, 0.53] (0 for grey pixels).
    """
    _check_rgb(image, rgb=False)
    return _mix(RGB_TO_YIQ, image)


def yiq_to_rgb(yiq: torch.Tensor) -> torch.Tensor:
    """YIQ (N, 3, H, W) -> RGB (N, 3, H, W). Not clamped: a Y, I, Q combination that no
    RGB colour has gives values outside [0, 1]; clamp before showing."""
    _check_rgb(yiq, "yiq", rgb=False)
    return _mix(YIQ_TO_RGB, yiq)


def luminance(image: torch.Tensor) -> torch.Tensor:
    """Y of an RGB image: (N, 3, H, W) in [0, 1] -> (N, 1, H, W) in [0, 1]."""
    return rgb_to_yiq(image)[:, :1]


def to_luminance(image: torch.Tensor) -> torch.Tensor:
    """The greyscale version of an image, as three equal channels (VGG wants three).

    (N, 3, H, W) in [0, 1] -> (N, 3, H, W) in [0, 1] with R = G = B = Y.
    """
    _check_rgb(image)
    return luminance(image).expand(-1, 3, -1, -1).contiguous()


def match_luminance(style: torch.Tensor, content: torch.Tensor) -> torch.Tensor:
    """The style image in grey, with the mean and spread of its brightness set to the content's.

    Y_s' = (Y_s - mean_s) * std_c / std_s + mean_c, as in Gatys et al. 2016, so a
    dark painting does not make a bright photo dark. Returns (N, 3, h, w) (three equal
    channels) at the style's size, clamped to [0, 1].
    """
    _check_rgb(style, "style")
    _check_rgb(content, "content")
    y_style, y_content = luminance(style), luminance(content)
    mean_s, std_s = y_style.mean(), y_style.std()
    mean_c, std_c = y_content.mean(), y_content.std()
    matched = (y_style - mean_s) * (std_c / (std_s + 1e-8)) + mean_c
    return matched.clamp(0, 1).expand(-1, 3, -1, -1).contiguous()


def keep_content_color(stylized: torch.Tensor, content: torch.Tensor,
                       clamp: bool = True) -> torch.Tensor:
    """Luminance Y from `stylized`, colour channels I and Q from `content`, back to RGB.

    Args:
        stylized: (N, 3, H, W) in [0, 1], the result of a transfer (grey or in colour).
        content: (N, 3, H, W) in [0, 1], the photo whose colours we want; same H and W.
        clamp: clip to [0, 1] (some Y, I, Q combinations lie outside the RGB cube; only those
            pixels change). False returns the exact recombination.

    Returns:
        (N, 3, H, W): the brush strokes of the transfer in the colours of the photo.
    """
    _check_rgb(stylized, "stylized")
    _check_rgb(content, "content")
    if stylized.shape[-2:] != content.shape[-2:]:
        raise ValueError(f"keep_content_color: the stylised image is {tuple(stylized.shape[-2:])}"
                         f" but the content is {tuple(content.shape[-2:])}; they must match")
    yiq = torch.cat([luminance(stylized), rgb_to_yiq(content.to(stylized))[:, 1:]], dim=1)
    rgb = yiq_to_rgb(yiq)
    return rgb.clamp(0, 1) if clamp else rgb


def color_stats(image: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean (3,) and covariance (3, 3) of the RGB values of all pixels, in float64."""
    _check_rgb(image, rgb=False)
    pixels = image.detach().double().permute(1, 0, 2, 3).reshape(3, -1)
    mean = pixels.mean(dim=1)
    centred = pixels - mean[:, None]
    return mean, centred @ centred.T / pixels.shape[1]


def _floor_variance(cov: torch.Tensor) -> torch.Tensor:
    """cov with every eigenvalue raised to at least COLOR_EPS (unchanged when all are above)."""
    values, vectors = torch.linalg.eigh(cov)
    if values.min() >= COLOR_EPS:
        return cov
    return vectors @ torch.diag(values.clamp_min(COLOR_EPS)) @ vectors.T


def _sqrtm(matrix: torch.Tensor, inverse: bool = False) -> torch.Tensor:
    """Symmetric square root (or its inverse) of a symmetric positive definite matrix."""
    values, vectors = torch.linalg.eigh(matrix)
    roots = values.rsqrt() if inverse else values.sqrt()
    return vectors @ torch.diag(roots) @ vectors.T


def match_color(style: torch.Tensor, content: torch.Tensor, method: str = "cholesky",
                clamp: bool = True) -> torch.Tensor:
    """Recolour `style` so that its RGB mean and covariance equal those of `content`.

    Every style pixel x (an RGB vector) becomes A x + b, with b = mean_c - A mean_s and
    A chosen so that A Sigma_s A^T = Sigma_c (Sigma: the 3x3 covariance of the pixels).
    Gatys et al. 2016 give two choices of A; both are here:
        "cholesky": A = L_c L_s^-1, where Sigma = L L^T is the Cholesky factorisation;
        "analogies": A = Sigma_c^(1/2) Sigma_s^(-1/2) with symmetric square roots, the 3-D
            colour matching of Image Analogies (Hertzmann et al. 2001).
    The default is "cholesky".

    Args:
        style: (1, 3, h, w) in [0, 1]; content: (1, 3, H, W) in [0, 1]; sizes may differ.
        method: "cholesky" or "analogies".
        clamp: clip the result to [0, 1]. The clipped pixels move the statistics a little;
            with clamp=False the mean and covariance match exactly (when no colour direction
            of either image has a variance below COLOR_EPS).

    Returns:
        (1, 3, h, w): the style image with the content's colour statistics.
        A style image with almost no colour (a grey photo texture) has almost no covariance
        to stretch: the result stays nearly grey, with some noise amplified.
    """
    _check_rgb(style, "style")
    _check_rgb(content, "content")
    mean_s, cov_s = color_stats(style)
    mean_c, cov_c = color_stats(content)
    cov_s, cov_c = _floor_variance(cov_s), _floor_variance(cov_c)
    if method == "cholesky":
        chol_s, chol_c = torch.linalg.cholesky(cov_s), torch.linalg.cholesky(cov_c)
        matrix = chol_c @ torch.linalg.inv(chol_s)
    elif method == "analogies":
        matrix = _sqrtm(cov_c) @ _sqrtm(cov_s, inverse=True)
    else:
        raise ValueError(f"method={method!r}: choose 'cholesky' or 'analogies'")
    shift = mean_c - matrix @ mean_s
    pixels = style.detach().double().permute(1, 0, 2, 3).reshape(3, -1)
    recoloured = (matrix @ pixels + shift[:, None]).reshape(3, style.shape[0], *style.shape[2:])
    result = recoloured.permute(1, 0, 2, 3).to(style.dtype).contiguous()
    return result.clamp(0, 1) if clamp else result
