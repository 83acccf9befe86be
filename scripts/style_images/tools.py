"""Painting tools shared by the style images: colours, noise, blending, canvas grain.

Every painting is drawn at SIZE x SIZE; shapes drawn with Pillow are drawn SUPER times
larger and shrunk at the end, which gives them smooth (anti-aliased) edges.
"""

import numpy as np
from PIL import Image

SIZE = 512  # final width and height in pixels
SUPER = 2  # draw shapes at SUPER x size, then shrink: smooth (anti-aliased) edges


# ---------------------------------------------------------------- colours

def rgb(hex_code: str) -> np.ndarray:
    """'#rrggbb' -> float array of three values in [0, 1]."""
    hex_code = hex_code.lstrip("#")
    return np.array([int(hex_code[i:i + 2], 16) for i in (0, 2, 4)]) / 255.0


def to_255(color) -> tuple:
    """Float RGB in [0, 1] -> integer tuple that Pillow's drawing accepts."""
    return tuple(int(round(v * 255)) for v in np.clip(color, 0, 1))


def paint(hex_code: str, alpha: int = 255) -> tuple:
    """Pillow RGBA colour: see-through shapes let overlaps mix, as glazes do."""
    return to_255(rgb(hex_code)) + (alpha,)


def palette_ramp(t: np.ndarray, hex_colors) -> np.ndarray:
    """Map values t in [0, 1] onto a smooth ramp through the given colours."""
    colors = np.stack([rgb(c) for c in hex_colors])
    position = np.clip(t, 0, 1) * (len(colors) - 1)
    low = np.minimum(position.astype(int), len(colors) - 2)
    frac = (position - low)[..., None]
    return colors[low] * (1 - frac) + colors[low + 1] * frac


# ---------------------------------------------------------------- arrays and images

def to_image(array: np.ndarray) -> Image.Image:
    """Float H x W x 3 array in [0, 1] -> RGB image."""
    return Image.fromarray((np.clip(array, 0, 1) * 255 + 0.5).astype(np.uint8))


def to_array(image: Image.Image) -> np.ndarray:
    """RGB image -> float H x W x 3 array in [0, 1]."""
    return np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0


def scaled(points, k=SUPER):
    """Scale a flat list of coordinates (given at final size) to drawing size."""
    return [c * k for c in points]


def grid(size: int):
    """Pixel-centre coordinates (x, y), each size x size, in pixels."""
    coords = np.arange(size, dtype=np.float32) + 0.5
    return np.meshgrid(coords, coords)


# ---------------------------------------------------------------- blending

def smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    """0 below edge0, 1 above edge1, a smooth S-curve between."""
    t = np.clip((x - edge0) / (edge1 - edge0), 0, 1)
    return t * t * (3 - 2 * t)


def mix(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Linear blend of colour arrays a and b by weight t (broadcast over RGB)."""
    t = np.asarray(t)[..., None] if np.ndim(t) else t
    return a * (1 - t) + b * t


# ---------------------------------------------------------------- noise and grain

def smooth_noise(rng, size: int, cells: int) -> np.ndarray:
    """Smooth random field in [0, 1]: a coarse random grid, enlarged bicubically.

    `cells` sets the feature size: about size / cells pixels per blob.
    """
    coarse = rng.random((cells + 3, cells + 3)).astype(np.float32)
    big = Image.fromarray(coarse).resize(
        (size + 3 * size // cells, size + 3 * size // cells), Image.Resampling.BICUBIC)
    # Crop away the border, where bicubic interpolation has nothing to blend with.
    offset = size // cells
    field = np.asarray(big)[offset:offset + size, offset:offset + size]
    field = field - field.min()
    return field / max(field.max(), 1e-6)


def fractal_noise(rng, size: int, cells: int = 4, octaves: int = 4) -> np.ndarray:
    """Sum of smooth noise at doubling frequencies and halving strength, in [0, 1]."""
    total = np.zeros((size, size), np.float32)
    for octave in range(octaves):
        total += smooth_noise(rng, size, cells * 2 ** octave) * 0.5 ** octave
    total -= total.min()
    return total / total.max()


def canvas_grain(rng, size: int, strength: float) -> np.ndarray:
    """Fine multiplicative grain (H x W x 1) so flat areas look painted, not digital."""
    fine = smooth_noise(rng, size, size // 3) - 0.5
    return (1 + strength * fine)[..., None]
