"""Paint pointillist_dots.png: a Seurat-like sunset over a river, made of coloured dots.

A soft colour field of the landscape is painted first; the dots sample it, in layers from
large to small, some of them turned to the complementary hue.
"""

import numpy as np
from PIL import Image, ImageDraw

from .tools import (SIZE, SUPER, fractal_noise, grid, mix, palette_ramp, rgb, smooth_noise,
                    smoothstep, to_255)

__all__ = ["pointillist_dots"]


def landscape(size: int, rng) -> np.ndarray:
    """Soft colour field of a sunset over a river: what the dots will sample."""
    x, y = grid(size)
    u, v = x / size, y / size
    horizon = 0.52

    # Sky: deep blue above, warm orange at the horizon, a low sun with a glow.
    sky = palette_ramp((v / horizon) ** 1.3,
                       ["#2a4f9e", "#5b86c8", "#b9a7cf", "#f4b36b", "#f7d28a"])
    sun_u, sun_v = 0.68, 0.40
    sun_dist = np.hypot(u - sun_u, v - sun_v)
    sky = mix(sky, rgb("#ffd27a"), 0.7 * np.exp(-(sun_dist / 0.16) ** 2))
    sky = mix(sky, rgb("#fff4c2"), smoothstep(0.055, 0.045, sun_dist))

    # Distant violet hills, a river that mirrors the sky, and a green bank.
    hill_top = horizon - 0.06 - 0.05 * smooth_noise(rng, size, 3)[0]
    hills = smoothstep(-0.004, 0.004, v - hill_top)
    far = palette_ramp((v - hill_top) / 0.08, ["#6b5fa6", "#4d5f9a"])

    river = palette_ramp((v - horizon) / 0.18, ["#e9a867", "#5f8fcf", "#2f5f9f"])
    glitter = np.exp(-((u - sun_u) / (0.04 + 0.25 * (v - horizon))) ** 2)
    river = mix(river, rgb("#ffd88a"), 0.8 * glitter)  # the sun's path on the water
    bank_line = 0.71 + 0.06 * np.sin(2 * np.pi * (0.7 * u + 0.1)) - 0.10 * u
    bank = smoothstep(-0.004, 0.004, v - bank_line)
    grass = palette_ramp(fractal_noise(rng, size, 4, 3),
                         ["#2f6b2e", "#4f8f35", "#8fb23f", "#d8c24a"])
    grass = mix(grass, rgb("#234a2a"), 0.5 * smoothstep(0.85, 1.0, v))  # shaded foreground

    field = mix(sky, far, hills)
    field = mix(field, river, smoothstep(-0.003, 0.003, v - horizon))
    field = mix(field, grass, bank)

    # Two round trees on the bank, dark green with a warm, sunlit side.
    for cx, cy, r in [(0.18, 0.53, 0.13), (0.33, 0.59, 0.09)]:
        # A lumpy crown: the radius wobbles with the angle round the centre.
        angle = np.arctan2(v - cy, u - cx)
        lumps = 1 + 0.10 * np.sin(5 * angle + 10 * cx) + 0.06 * np.sin(11 * angle + 3)
        dist = np.hypot((u - cx) / 0.85, (v - cy) / 1.1) / (r * lumps)
        crown = palette_ramp(np.clip(0.5 + 1.2 * (u - cx) / r, 0, 1) * 0.8
                             + 0.2 * fractal_noise(rng, size, 10, 2),
                             ["#14351f", "#2a5d2b", "#6f8f2d"])
        field = mix(field, crown, smoothstep(1.0, 0.9, dist))
        trunk = (np.abs(u - cx) < 0.008) & (v > cy + 0.8 * r) & (v < bank_line + 0.06)
        field[trunk] = rgb("#3b2a1f")
    return field


def complement(colors: np.ndarray) -> np.ndarray:
    """Opposite hue, same lightness: max + min - c, for each colour."""
    return colors.max(-1, keepdims=True) + colors.min(-1, keepdims=True) - colors


def saturate(colors: np.ndarray, amount: float) -> np.ndarray:
    """Push colours away from their grey value: amount > 1 means more vivid."""
    grey = colors.mean(-1, keepdims=True)
    return np.clip(grey + amount * (colors - grey), 0, 1)


def pointillist_dots() -> Image.Image:
    """Seurat-like sunset made of dots of pure, often complementary, colour."""
    rng = np.random.default_rng(3)
    field = landscape(SIZE, rng)
    big = SIZE * SUPER
    image = Image.new("RGB", (big, big), to_255(rgb("#efe6d0")))  # bare canvas between dots
    draw = ImageDraw.Draw(image)

    layers = [  # (count, radius range in final pixels, share of complementary dots)
        (7000, (3.5, 5.0), 0.00),
        (14000, (2.5, 3.5), 0.12),
        (16000, (1.5, 2.5), 0.16),
    ]
    for count, (r_min, r_max), contrast in layers:
        centers = rng.random((count, 2)) * SIZE
        col = centers[:, 0].astype(int)
        row = centers[:, 1].astype(int)
        colors = saturate(field[row, col], 1.5) * rng.uniform(0.85, 1.12, (count, 1))
        # Divisionism: some dots take the opposite hue; the eye mixes them back.
        flip = rng.random(count) < contrast
        colors[flip] = mix(colors[flip], saturate(complement(colors[flip]), 1.6), 0.65)
        # Some dots lean to a nearby pure hue, so areas shimmer instead of being flat.
        shift = rng.integers(0, 3, count)
        colors[np.arange(count), shift] += rng.uniform(0, 0.12, count)
        radii = rng.uniform(r_min, r_max, count) * SUPER
        for (cx, cy), r, color in zip(centers * SUPER, radii, colors):
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=to_255(color))
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
