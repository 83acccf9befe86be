"""Paint ink_waves.png: a Hokusai-like woodblock print of waves and a far mountain.

Rows of trochoid waves, from small and pale far away to big and dark in front, with carved
lines, foam claws and spray, on beige paper under a snow-capped mountain.
"""

import numpy as np
from PIL import Image, ImageDraw

from .tools import (SIZE, SUPER, canvas_grain, grid, mix, paint, rgb, scaled, smooth_noise,
                    smoothstep, to_255, to_image)

__all__ = ["ink_waves"]

FOAM = "#f8f3e6"


def crest_curve(base, amplitude, wavelength, phase, lean, size):
    """Points of a wind-blown wave line, and the indices of its crest tips.

    A trochoid, x = L t / 2pi + a sin t, y = base + a cos t, has sharp crests
    and round troughs, like sea waves. Shearing it (x += lean * height) tips
    the crests forward, as wind does.
    """
    amplitude = min(amplitude, 0.9 * wavelength / (2 * np.pi))  # larger would loop
    waves = size / wavelength + 3
    steps_per_wave = 80
    t = np.linspace(0, 2 * np.pi * waves, int(waves * steps_per_wave) + 1)
    height = -amplitude * np.cos(t)  # up is positive
    x = wavelength * t / (2 * np.pi) + amplitude * np.sin(t) - wavelength + phase + lean * height
    y = base - height
    tips = np.arange(steps_per_wave // 2, len(t), steps_per_wave)  # where t = pi (mod 2 pi)
    return np.stack([x, y], -1), height / amplitude, tips


def tapered_stroke(draw, points, widths, color):
    """A brush-like stroke: overlapping discs whose size follows `widths`."""
    for (x, y), w in zip(points, widths):
        r = w / 2
        draw.ellipse(scaled([x - r, y - r, x + r, y + r]), fill=color)


def foam_claw(draw, tip, size, turn):
    """A white foam finger curling forward and down from a crest, thinning to a point."""
    angle = np.linspace(-np.pi / 2, -np.pi / 2 + turn, 14)
    radius = size * np.linspace(1, 0.55, 14)
    center = np.array(tip) + [0, size]
    points = center + np.stack([np.cos(angle), np.sin(angle)], -1) * radius[:, None]
    tapered_stroke(draw, points, np.linspace(0.45, 0.08, 14) * size, paint(FOAM))


def wave_row(draw, rng, base, amplitude, wavelength, water, outline, claws):
    """One row of waves: flat body, carved inner lines, foam on the crests."""
    points, height, tips = crest_curve(base, amplitude, wavelength,
                                       rng.uniform(0, wavelength), 0.9, SIZE)
    body = np.concatenate([points, [[SIZE + 60, SIZE + 60], [-60, SIZE + 60]]])
    draw.polygon(scaled(body.ravel().tolist()), fill=paint(water))
    # Lighter carved lines that follow the crest, as in a woodblock print.
    line_color = to_255(mix(rgb(water), rgb(FOAM), 0.3))
    for depth in np.arange(1, 9) * max(3.0, amplitude / 4):
        draw.line(scaled((points + [0, depth]).ravel().tolist()), fill=line_color, width=SUPER)
    draw.line(scaled(points.ravel().tolist()), fill=paint(outline), width=2 * SUPER)
    # Foam: a white band on the upper part of each crest, widest at the tip.
    foam = smoothstep(0.1, 1.0, height) * max(2.0, amplitude / 2.5)
    keep = foam > 0.4
    below = np.stack([np.zeros_like(foam), 0.3 * foam], -1)  # sit on the water, not above it
    tapered_stroke(draw, (points + below)[keep], foam[keep], paint(FOAM))
    for tip in points[tips]:
        if claws:
            # A few fingers of foam along the steep front face of the crest.
            for k in range(4):
                size = amplitude * rng.uniform(0.3, 0.4) * (1 - 0.15 * k)
                spot = tip + [size * 0.8 * k, 0.7 * size * k]
                foam_claw(draw, spot, size, rng.uniform(1.1, 1.6) * np.pi)
        # Spray: white dots flung up and ahead of the crest.
        for _ in range(int(amplitude / 2.5)):
            dx, dy = rng.normal([amplitude * 0.5, -amplitude * 0.35], amplitude * 0.3)
            r = rng.uniform(0.8, 2.2)
            x, y = tip[0] + dx, tip[1] + dy
            draw.ellipse(scaled([x - r, y - r, x + r, y + r]), fill=paint(FOAM))


def mountain(draw, peak_x, peak_y, half_width, base_y):
    """A small snow-capped volcano far away."""
    top = 0.08 * half_width  # a flat crater top, not a point
    draw.polygon(scaled([peak_x - half_width, base_y, peak_x - top, peak_y, peak_x + top, peak_y,
                         peak_x + half_width, base_y]), fill=paint("#3d5a80"))
    # Snow, its lower edge jagged like run-off gullies.
    snow = [peak_x - top, peak_y, peak_x + top, peak_y]
    depth = base_y - peak_y
    for k, dy in enumerate([0.34, 0.22, 0.40, 0.30, 0.44, 0.20, 0.36]):
        across = 1 - 2 * k / 6  # from the right slope (1) to the left slope (-1)
        slope_half_width = top + dy * (half_width - top)  # the mountain's width there
        snow += [peak_x + across * slope_half_width, peak_y + dy * depth]
    draw.polygon(scaled(snow), fill=paint(FOAM))


def ink_waves() -> Image.Image:
    """Woodblock-print sea: rows of Prussian-blue waves with white foam claws."""
    rng = np.random.default_rng(5)
    _, y = grid(SIZE)
    v = y / SIZE
    # Paper, darker and greyer towards the top of the sky, with soft cloud bands.
    sky = mix(rgb("#bfae8c"), rgb("#f1e5c8"), smoothstep(0.0, 0.35, v))
    clouds = smooth_noise(rng, SIZE, 4) * np.exp(-((v - 0.12) / 0.05) ** 2)
    sky = mix(sky, rgb("#fbf6ea"), 0.7 * clouds)
    big = SIZE * SUPER
    paper = to_image(sky * canvas_grain(rng, SIZE, 0.08))
    image = paper.resize((big, big), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image, "RGBA")

    mountain(draw, 330, 112, 95, 200)
    rows = [  # (base, amplitude, wavelength, water, outline, foam claws)
        (185, 5, 45, "#a9c0cb", "#7d9bb0", False),
        (210, 8, 70, "#86a6bf", "#5b82a6", False),
        (242, 12, 100, "#5f88b0", "#3a6696", False),
        (284, 18, 140, "#3a6a9e", "#21497c", True),
        (337, 27, 185, "#235386", "#143764", True),
        (405, 38, 240, "#163f70", "#0c2648", True),
        (490, 48, 310, "#0d2a52", "#07182f", True),
    ]
    for base, amplitude, wavelength, water, outline, claws in rows:
        wave_row(draw, rng, base, amplitude, wavelength, water, outline, claws)
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
