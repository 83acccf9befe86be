"""Paint swirl_strokes.png: a Van-Gogh-like night sky of short curved brush strokes.

A flow field (wind, eddies, stars, hills, a tree) sets the composition; thousands of
strokes follow it in layers from coarse to fine, over a blurred underpainting.
"""

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .tools import (SIZE, SUPER, canvas_grain, fractal_noise, grid, mix, palette_ramp, rgb,
                    smoothstep, to_255, to_array, to_image)

__all__ = ["swirl_strokes"]


def vortex(u, v, cx, cy, radius, strength):
    """Velocity of a soft vortex: circles round (cx, cy), fading beyond radius."""
    du, dv = u - cx, v - cy
    fade = strength / radius * np.exp(-(du * du + dv * dv) / radius ** 2)
    return -dv * fade, du * fade


def swirl_scene(size: int):
    """Flow field (unit vectors) and underpainting colours for the swirl painting.

    A night sky of wavy wind with two big eddies, glowing stars and a moon,
    rolling hills below and a dark flame-shaped tree on the left. Every brush
    stroke later follows the flow, so the flow is the composition.
    """
    x, y = grid(size)
    u, v = x / size, y / size
    rng = np.random.default_rng(11)

    # Sky: a wavy wind to the right plus eddies. Stars are small strong eddies,
    # so strokes circle them like halos.
    fu = np.ones_like(u)
    fv = 0.45 * np.sin(2 * np.pi * (1.3 * u + 0.15)) * np.cos(2 * np.pi * v)
    stars = [(0.30, 0.13, 0.050), (0.55, 0.10, 0.045), (0.70, 0.45, 0.040),
             (0.92, 0.42, 0.045), (0.38, 0.55, 0.035), (0.08, 0.40, 0.040),
             (0.62, 0.22, 0.030)]
    moon = (0.85, 0.16, 0.12)
    eddies = [(0.43, 0.36, 0.13, 3.0), (0.62, 0.34, 0.09, -2.2), (0.20, 0.28, 0.09, 2.0)]
    for cx, cy, radius, strength in eddies:
        du, dv = vortex(u, v, cx, cy, radius, strength)
        fu, fv = fu + du, fv + dv
    for cx, cy, radius in stars + [moon]:
        du, dv = vortex(u, v, cx, cy, radius, 5.0)
        fu, fv = fu + du, fv + dv

    # Hills: strokes run along the slope of the ridge line.
    phase = 2 * np.pi * 0.9 * u + 0.4
    ridge = 0.70 + 0.045 * np.sin(phase) + 0.02 * np.sin(3.1 * phase)
    slope = (0.045 * np.cos(phase) + 0.062 * np.cos(3.1 * phase)) * 2 * np.pi * 0.9
    hills = smoothstep(-0.01, 0.01, v - ridge)
    hill_flow = np.stack([np.ones_like(u), slope], -1)
    fu, fv = mix(np.stack([fu, fv], -1), hill_flow, hills).transpose(2, 0, 1)

    # Tree: a flame shape, wide at the bottom, pointed at the top; strokes rise.
    half_width = 0.075 * np.clip((v - 0.06) / 0.94, 0, 1) ** 0.7
    tree_dist = np.abs(u - 0.17 - 0.025 * np.sin(9 * v)) - half_width * (1 + 0.25 * np.sin(38 * v))
    tree = smoothstep(0.008, -0.008, tree_dist)
    tree_flow = np.stack([0.35 * np.sin(22 * v + 4 * u), -np.ones_like(u)], -1)
    fu, fv = mix(np.stack([fu, fv], -1), tree_flow, tree).transpose(2, 0, 1)

    length = np.hypot(fu, fv) + 1e-6
    flow = np.stack([fu / length, fv / length], -1)

    # Underpainting colours.
    sky = palette_ramp(fractal_noise(rng, size, 3, 4),
                       ["#0f1d4f", "#1d3a86", "#2f5fae", "#4f86c6", "#8db8df"])
    # The eddies get a lighter, greener band of wind, as in the famous sky.
    band = sum(np.exp(-((np.hypot(u - cx, v - cy) - 0.7 * r) / (0.35 * r)) ** 2)
               for cx, cy, r, _ in eddies)
    sky = mix(sky, rgb("#a9cfd8"), 0.55 * np.clip(band, 0, 1))
    for cx, cy, radius in stars + [moon]:
        dist = np.hypot(u - cx, v - cy) / radius
        sky = mix(sky, rgb("#cfe39a"), 0.6 * smoothstep(1.0, 0.55, dist))  # pale halo
        sky = mix(sky, rgb("#f3c93b"), smoothstep(0.62, 0.42, dist))  # yellow ring
        sky = mix(sky, rgb("#fff6cf"), smoothstep(0.30, 0.18, dist))  # white core
    # Bands of colour that follow the ridge, wobbled by noise.
    hill_bands = 0.5 + 0.5 * np.sin(40 * (v - ridge) + 3 * fractal_noise(rng, size, 4, 3))
    hill_colors = palette_ramp(hill_bands, ["#101c3a", "#22406a", "#3b6a86", "#4f7f6c"])
    tree_colors = palette_ramp(fractal_noise(rng, size, 8, 3) ** 1.5,
                               ["#05080a", "#0f1a12", "#233019", "#4a4722"])
    colors = mix(mix(sky, hill_colors, hills), tree_colors, tree)
    return flow, colors


def trace_strokes(rng, flow, count, steps, step_px, size):
    """Start `count` strokes at random points and follow the flow field.

    Returns an array (count, steps + 1, 2) of points in pixels of `size`.
    All strokes advance together, one vectorised step at a time.
    """
    scale = flow.shape[0] / size
    points = np.empty((count, steps + 1, 2), np.float32)
    points[:, 0] = rng.random((count, 2)) * size
    # Half the strokes are traced backwards, so where the flow converges
    # strokes do not all pile up on the same side.
    sign = np.where(rng.random(count) < 0.5, -1.0, 1.0)[:, None]
    for step in range(steps):
        here = points[:, step]
        col = np.clip((here[:, 0] * scale).astype(int), 0, flow.shape[1] - 1)
        row = np.clip((here[:, 1] * scale).astype(int), 0, flow.shape[0] - 1)
        points[:, step + 1] = here + sign * flow[row, col] * step_px
    return points


def swirl_strokes() -> Image.Image:
    """Van-Gogh-like night sky of short curved brush strokes along a flow field."""
    rng = np.random.default_rng(1)
    flow, colors = swirl_scene(SIZE)
    big = SIZE * SUPER
    # Blurred underpainting: the gaps between strokes show a similar colour.
    image = to_image(colors).filter(ImageFilter.GaussianBlur(3)).resize((big, big))
    draw = ImageDraw.Draw(image)

    # Coarse strokes first, fine and lighter strokes last: texture at several scales.
    layers = [  # (count, width, steps, step length, brightness jitter, lighten)
        (1800, 9, 9, 3.0, 0.10, 0.00),
        (4000, 6, 8, 2.5, 0.12, 0.00),
        (6000, 4, 7, 2.0, 0.14, 0.05),
        (2500, 2, 6, 2.0, 0.10, 0.25),
    ]
    for count, width, steps, step_px, jitter, lighten in layers:
        strokes = trace_strokes(rng, flow, count, steps, step_px, SIZE)
        # Each stroke takes the colour found a little way off its start, so
        # neighbouring strokes differ: broken colour, as in real paint.
        pick = strokes[:, 0] + rng.normal(0, 6, (count, 2))
        col = np.clip(pick[:, 0].astype(int), 0, SIZE - 1)
        row = np.clip(pick[:, 1].astype(int), 0, SIZE - 1)
        stroke_colors = colors[row, col] * (1 + rng.normal(0, jitter, (count, 1)))
        stroke_colors = mix(stroke_colors, np.ones(3), lighten)
        for points, color in zip(strokes * SUPER, stroke_colors):
            draw.line([tuple(p) for p in points], fill=to_255(color),
                      width=width * SUPER, joint="curve")

    image = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    # Fake impasto: light from the top left on the brightness relief of the strokes.
    relief = np.asarray(image.convert("L").filter(ImageFilter.EMBOSS), np.float32) / 255 - 0.5
    painted = to_array(image) * (1 + 0.35 * relief[..., None]) * canvas_grain(rng, SIZE, 0.05)
    return to_image(painted).filter(ImageFilter.UnsharpMask(radius=2, percent=60, threshold=2))
