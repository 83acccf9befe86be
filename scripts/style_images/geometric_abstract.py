"""Paint geometric_abstract.png: a Kandinsky-like composition on a warm off-white ground.

Circles, see-through triangles, rings, bold and thin lines, arcs, a checkerboard and a
small Mondrian-like grid, drawn with Pillow at SUPER size and shrunk.
"""

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .tools import SIZE, SUPER, canvas_grain, fractal_noise, grid, mix, paint, rgb, scaled, to_image

__all__ = ["geometric_abstract"]

RED, YELLOW, BLUE = "#d7301f", "#f4c025", "#1d4e9e"
BLACK, VIOLET, PINK, GREEN = "#151515", "#5b2f8f", "#e0689a", "#2f8f5b"


def warm_ground(rng, size: int) -> np.ndarray:
    """Off-white ground with soft coloured washes, like primed, stained canvas."""
    x, y = grid(size)
    u, v = x / size, y / size
    shade = 0.25 * (u + v) + 0.3 * fractal_noise(rng, size, 3, 3)
    ground = mix(rgb("#f3ead5"), rgb("#e2cfa8"), shade)
    washes = [(0.25, 0.25, 0.30, "#f6dd8a", 0.55), (0.80, 0.30, 0.28, "#a9c4e0", 0.45),
              (0.60, 0.85, 0.25, "#e9b3a6", 0.35)]
    for cx, cy, r, color, strength in washes:
        blob = np.exp(-((u - cx) ** 2 + (v - cy) ** 2) / r ** 2)
        ground = mix(ground, rgb(color), strength * blob)
    return ground * canvas_grain(rng, size, 0.06)


def haloed_circle(image, cx, cy):
    """Kandinsky's big black circle with a violet heart and a blurred pink halo."""
    halo = Image.new("RGBA", image.size, (0, 0, 0, 0))
    r = 98
    ImageDraw.Draw(halo).ellipse(scaled([cx - r, cy - r, cx + r, cy + r]), fill=paint(PINK, 200))
    image.alpha_composite(halo.filter(ImageFilter.GaussianBlur(12 * SUPER)))
    draw = ImageDraw.Draw(image)
    for r, color, dx in [(70, BLACK, 0), (50, VIOLET, 8), (22, "#8a5cc9", 14)]:
        x, y = cx + dx, cy - dx / 2
        draw.ellipse(scaled([x - r, y - r, x + r, y + r]), fill=paint(color))


def target_rings(draw, cx, cy):
    """Concentric rings of primary colours, each ring a little off centre."""
    rings = [(78, BLUE), (64, YELLOW), (52, RED), (40, BLACK), (30, YELLOW), (18, BLUE), (8, RED)]
    for i, (r, color) in enumerate(rings):
        x, y = cx + 1.5 * i, cy - 1.0 * i
        draw.ellipse(scaled([x - r, y - r, x + r, y + r]), fill=paint(color, 235),
                     outline=paint(BLACK), width=2 * SUPER)


def mondrian_block(draw, left, top, right, bottom):
    """A small grid of flat primary rectangles in heavy black lines."""
    xs = [left, left + 0.38 * (right - left), right]
    ys = [top, top + 0.55 * (bottom - top), bottom]
    fills = [[RED, "#f3ead5"], [YELLOW, BLUE]]
    for i in range(2):
        for j in range(2):
            draw.rectangle(scaled([xs[j], ys[i], xs[j + 1], ys[i + 1]]), fill=paint(fills[i][j]),
                           outline=paint(BLACK), width=5 * SUPER)


def checkerboard(draw, left, top, cell, n):
    """An n x n checkerboard: a small, sharp texture among the big shapes."""
    for i in range(n):
        for j in range(n):
            color = BLACK if (i + j) % 2 else "#f3ead5"
            if (i, j) == (1, 2):
                color = RED
            x, y = left + j * cell, top + i * cell
            draw.rectangle(scaled([x, y, x + cell, y + cell]), fill=paint(color))


def geometric_abstract() -> Image.Image:
    """Kandinsky-like composition: circles, triangles, bold and thin lines, arcs."""
    rng = np.random.default_rng(4)
    big = SIZE * SUPER
    ground = to_image(warm_ground(rng, SIZE)).resize((big, big), Image.Resampling.BICUBIC)
    image = ground.convert("RGBA")  # RGBA, so the halo can be composited in

    haloed_circle(image, 128, 120)
    draw = ImageDraw.Draw(image, "RGBA")

    # Big see-through triangles first, so later shapes sit on top of them.
    draw.polygon(scaled([40, 490, 230, 190, 300, 495]), fill=paint(YELLOW, 170))
    draw.polygon(scaled([290, 50, 495, 22, 400, 235]), fill=paint(BLUE, 190))
    draw.polygon(scaled([215, 300, 330, 250, 265, 370]), fill=paint(RED, 200))
    draw.polygon(scaled([440, 455, 500, 330, 505, 470]), fill=paint(GREEN, 200))

    target_rings(draw, 385, 355)
    mondrian_block(draw, 22, 350, 150, 492)
    checkerboard(draw, 420, 430, 13, 5)

    # Bold black lines that cut across the picture, and a fan of thin ones.
    for points, width in [((10, 315, 505, 130), 9), ((150, 12, 262, 505), 6),
                          ((320, 505, 505, 395), 12), ((190, 215, 470, 250), 3)]:
        draw.line(scaled(points), fill=paint(BLACK), width=width * SUPER)
    for k in range(8):
        end_y = 175 + 22 * k
        draw.line(scaled((250, 120, 505, end_y)), fill=paint(BLACK, 220), width=SUPER)

    # Arcs and a half disk.
    draw.arc(scaled([180, 230, 380, 430]), 195, 330, fill=paint(BLACK), width=7 * SUPER)
    draw.arc(scaled([40, 170, 200, 330]), 280, 60, fill=paint(RED), width=5 * SUPER)
    draw.pieslice(scaled([330, 100, 450, 220]), 180, 360, fill=paint(VIOLET, 220))

    # Small circles and dots scattered like notes.
    for cx, cy, r, color in [(255, 75, 15, RED), (470, 280, 11, BLUE), (205, 455, 19, YELLOW),
                             (305, 305, 7, BLACK), (60, 40, 9, GREEN), (490, 80, 6, BLACK),
                             (160, 245, 12, BLUE), (330, 440, 5, RED)]:
        draw.ellipse(scaled([cx - r, cy - r, cx + r, cy + r]), fill=paint(color),
                     outline=paint(BLACK), width=2 * SUPER)

    # Thin empty rings, and a ladder of short strokes: fine detail among big shapes.
    for cx, cy, r, color in [(85, 255, 26, BLACK), (85, 255, 17, RED), (470, 200, 17, BLACK),
                             (300, 150, 40, BLACK)]:
        draw.ellipse(scaled([cx - r, cy - r, cx + r, cy + r]), outline=paint(color),
                     width=2 * SUPER)
    for k in range(9):
        x = 330 + 12 * k
        draw.line(scaled((x, 262 + 2 * k, x + 5, 282 + 2 * k)), fill=paint(BLACK), width=3 * SUPER)

    # A thin wavy line for movement.
    xs = np.linspace(40, 260, 80)
    ys = 40 + 12 * np.sin((xs - 40) / 18)
    draw.line(scaled([c for p in zip(xs, ys) for c in p]), fill=paint(BLACK), width=2 * SUPER)

    return image.convert("RGB").resize((SIZE, SIZE), Image.Resampling.LANCZOS)
