"""Paint stained_glass.png: a rose window of jewel-coloured glass in thick dark lead.

Panes are Voronoi cells: seeds on rings inside the rose, random seeds round it. The lead is
drawn wherever a pixel is close to the edge between two panes, or to the window's tracery.
"""

import numpy as np
from PIL import Image

from .tools import SIZE, fractal_noise, grid, mix, rgb, smoothstep, to_image

__all__ = ["stained_glass"]

JEWELS = {
    "ruby": "#b3122e", "garnet": "#7d0a2a", "sapphire": "#123f9c", "cobalt": "#1f63c6",
    "emerald": "#0f8a4a", "jade": "#3aa86b", "amber": "#e39a12", "gold": "#f2c530",
    "amethyst": "#6b2a9c", "turquoise": "#1aa3a8", "pale": "#e9dfb4", "rose": "#d8487a",
}


def voronoi(x, y, seeds):
    """Nearest seed index and the distances to the nearest two seeds, per pixel.

    Looping over seeds (not pixels) keeps every step a whole-image numpy operation.
    """
    best = np.full(x.shape, np.inf, np.float32)
    second = np.full(x.shape, np.inf, np.float32)
    label = np.zeros(x.shape, np.int32)
    for index, (sx, sy) in enumerate(seeds):
        dist = np.hypot(x - sx, y - sy)
        closer = dist < best
        second = np.where(closer, best, np.minimum(second, dist))
        label = np.where(closer, index, label)
        best = np.where(closer, dist, best)
    return label, best, second


def rose_window_seeds(center, rng):
    """Seeds on concentric rings, with the colour of each: a rose window.

    Seeds on rings give panes in rings; the colours repeat round each ring,
    so the window has the symmetry of a real one.
    """
    rings = [  # (radius, count, turn in steps, colour cycle)
        (0, 1, 0, ["gold"]),
        (34, 6, 0.5, ["ruby", "amber"]),
        (72, 12, 0, ["sapphire", "emerald", "sapphire", "amethyst"]),
        (108, 12, 0, ["gold", "ruby"]),
        (152, 24, 0.5, ["cobalt", "turquoise", "amethyst", "turquoise"]),
        (188, 24, 0.5, ["ruby", "gold", "emerald", "gold"]),
    ]
    seeds, names = [], []
    for radius, count, turn, cycle in rings:
        for k in range(count):
            # Seeds sit between the spokes of rose_tracery, so no pane is cut in two.
            angle = 2 * np.pi * (k + turn) / count
            wobble = rng.normal(0, 1.2, 2)  # hand-cut glass is never exact
            seeds.append(center + radius * np.array([np.cos(angle), np.sin(angle)]) + wobble)
            names.append(cycle[k % len(cycle)])
    return np.array(seeds), names


def random_seeds(rng, count, size, keep_out_center, keep_out_radius, min_gap):
    """Roughly even random seeds (dart throwing) outside a circle."""
    seeds = []
    while len(seeds) < count:
        point = rng.random(2) * size
        if np.hypot(*(point - keep_out_center)) < keep_out_radius:
            continue
        if all(np.hypot(*(point - s)) >= min_gap for s in seeds):
            seeds.append(point)
    return np.array(seeds)


def glass_cells(x, y, seeds, names, rng):
    """Colour each Voronoi cell (pane), brighter at its heart.

    Returns the colours and each pixel's distance to the nearest pane edge.
    """
    label, best, second = voronoi(x, y, seeds)
    palette = np.stack([rgb(JEWELS[n]) for n in names])
    # Each pane varies a little in shade, as real glass batches do.
    palette = palette * rng.uniform(0.85, 1.15, (len(names), 1))
    color = palette[label]
    # Light through glass: brightest near the pane's centre, darker at the lead.
    depth = best / (best + second + 1e-6) * 2  # 0 at the seed, 1 at the edge
    color = color * (1.35 - 0.7 * depth ** 2)[..., None]
    # Half the distance gap between the nearest two seeds: distance to the edge.
    return color, (second - best) / 2


def rose_tracery(dx, dy, radius, rim):
    """Distance to the rose window's straight spokes and inner circles of lead."""
    dist = np.minimum(np.abs(radius - 53), np.abs(radius - 131))
    for k in range(12):
        a = 2 * np.pi * (k + 0.5) / 12
        along = dx * np.cos(a) + dy * np.sin(a)  # position along the spoke
        across = np.abs(-dx * np.sin(a) + dy * np.cos(a))
        on_spoke = (along > 53) & (along < rim)
        dist = np.where(on_spoke, np.minimum(dist, across), dist)
    return dist


def stained_glass() -> Image.Image:
    """Rose window of jewel-coloured glass in thick dark lead."""
    rng = np.random.default_rng(2)
    x, y = grid(SIZE)
    center = np.array([SIZE / 2, SIZE / 2])
    rim = 206  # radius of the circular lead that frames the rose

    seeds, names = rose_window_seeds(center, rng)
    inner, inner_edge = glass_cells(x, y, seeds, names, rng)

    outer_seeds = random_seeds(rng, 70, SIZE, center, rim + 12, 40)
    # Darker, mostly blue glass round the rose, so the rose stays the centre of interest.
    outer_names = list(rng.choice(["sapphire", "cobalt", "amethyst", "turquoise", "garnet",
                                   "emerald", "amber", "pale"],
                                  size=len(outer_seeds),
                                  p=[.28, .2, .15, .1, .1, .07, .06, .04]))
    outer, outer_edge = glass_cells(x, y, outer_seeds, outer_names, rng)
    outer = outer * 0.8

    radius = np.hypot(x - center[0], y - center[1])
    inside = radius < rim
    color = np.where(inside[..., None], inner, outer)
    edge = np.where(inside, inner_edge, outer_edge)
    edge = np.minimum(edge, np.abs(radius - rim) - 2)  # the rim is a thicker lead
    edge = np.minimum(edge, rose_tracery(x - center[0], y - center[1], radius, rim))

    # Streaky, mottled glass (stretched noise) and a soft light from the top.
    streaks = np.asarray(Image.fromarray(rng.random((40, 5)).astype(np.float32))
                         .resize((SIZE, SIZE), Image.Resampling.BICUBIC))
    mottle = fractal_noise(rng, SIZE, 12, 3)
    texture = 0.75 + 0.25 * np.clip(streaks, 0, 1) + 0.2 * mottle
    color = color * texture[..., None] * (1.1 - 0.25 * y / SIZE)[..., None]

    # Lead: dark, rounded (a faint highlight along its middle), anti-aliased edge.
    half_width = 3.2
    lead_shade = 0.07 + 0.10 * np.clip(1 - np.abs(edge) / half_width, 0, 1)
    lead = np.stack([lead_shade, lead_shade, lead_shade * 1.15], -1)
    color = mix(lead, color, smoothstep(half_width - 0.6, half_width + 0.6, edge))
    return to_image(color)
