"""Paint the procedural style images in images/style/.

No famous painting can ship with the series under a clear licence, so we paint
our own "artworks" from code. Each one imitates a well-known look (swirling
brush strokes, stained glass, pointillism, geometric abstraction, woodblock
waves) with strong colours and texture at several scales, which is what the
Gram-matrix style loss picks up. The images are ours and are dedicated to the
public domain (CC0).

Only numpy and Pillow are used, with fixed random seeds, so the output is the
same on every run:

    python scripts/make_style_images.py            # all images
    python scripts/make_style_images.py stained_glass ink_waves
"""

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "images" / "style"
SIZE = 512  # final width and height in pixels
SUPER = 2  # draw shapes at SUPER x size, then shrink: smooth (anti-aliased) edges


# ---------------------------------------------------------------- small tools

def rgb(hex_code: str) -> np.ndarray:
    """'#rrggbb' -> float array of three values in [0, 1]."""
    hex_code = hex_code.lstrip("#")
    return np.array([int(hex_code[i:i + 2], 16) for i in (0, 2, 4)]) / 255.0


def to_255(color) -> tuple:
    """Float RGB in [0, 1] -> integer tuple that Pillow's drawing accepts."""
    return tuple(int(round(v * 255)) for v in np.clip(color, 0, 1))


def to_image(array: np.ndarray) -> Image.Image:
    """Float H x W x 3 array in [0, 1] -> RGB image."""
    return Image.fromarray((np.clip(array, 0, 1) * 255 + 0.5).astype(np.uint8))


def to_array(image: Image.Image) -> np.ndarray:
    """RGB image -> float H x W x 3 array in [0, 1]."""
    return np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0


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


def grid(size: int):
    """Pixel-centre coordinates (x, y), each size x size, in pixels."""
    coords = np.arange(size, dtype=np.float32) + 0.5
    return np.meshgrid(coords, coords)


def smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    """0 below edge0, 1 above edge1, a smooth S-curve between."""
    t = np.clip((x - edge0) / (edge1 - edge0), 0, 1)
    return t * t * (3 - 2 * t)


def mix(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Linear blend of colour arrays a and b by weight t (broadcast over RGB)."""
    t = np.asarray(t)[..., None] if np.ndim(t) else t
    return a * (1 - t) + b * t


def canvas_grain(rng, size: int, strength: float) -> np.ndarray:
    """Fine multiplicative grain (H x W x 1) so flat areas look painted, not digital."""
    fine = smooth_noise(rng, size, size // 3) - 0.5
    return (1 + strength * fine)[..., None]


def save(image: Image.Image, file_name: str) -> None:
    """Save into images/style/ and report the size."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / file_name
    if path.suffix == ".jpg":
        image.save(path, quality=92)
    else:
        image.save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}: {image.width}x{image.height}, "
          f"{path.stat().st_size / 1024:.0f} KB")


def palette_ramp(t: np.ndarray, hex_colors) -> np.ndarray:
    """Map values t in [0, 1] onto a smooth ramp through the given colours."""
    colors = np.stack([rgb(c) for c in hex_colors])
    position = np.clip(t, 0, 1) * (len(colors) - 1)
    low = np.minimum(position.astype(int), len(colors) - 2)
    frac = (position - low)[..., None]
    return colors[low] * (1 - frac) + colors[low + 1] * frac


# ------------------------------------------------------------ swirl strokes

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


# ------------------------------------------------------------ stained glass

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


# ------------------------------------------------------------ pointillist dots

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


# ------------------------------------------------------------ geometric abstract

RED, YELLOW, BLUE = "#d7301f", "#f4c025", "#1d4e9e"
BLACK, VIOLET, PINK, GREEN = "#151515", "#5b2f8f", "#e0689a", "#2f8f5b"


def paint(hex_code: str, alpha: int = 255) -> tuple:
    """Pillow RGBA colour: see-through shapes let overlaps mix, as glazes do."""
    return to_255(rgb(hex_code)) + (alpha,)


def scaled(points, k=SUPER):
    """Scale a flat list of coordinates (given at final size) to drawing size."""
    return [c * k for c in points]


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


# ------------------------------------------------------------ ink waves

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


# Name on the command line -> (function that paints it, file name in images/style/).
PAINTINGS = {
    "swirl_strokes": (swirl_strokes, "swirl_strokes.png"),
    "stained_glass": (stained_glass, "stained_glass.png"),
    "pointillist_dots": (pointillist_dots, "pointillist_dots.png"),
    "geometric_abstract": (geometric_abstract, "geometric_abstract.png"),
    "ink_waves": (ink_waves, "ink_waves.png"),
}


def main(names) -> None:
    """Paint and save the named images, or all of them."""
    unknown = set(names) - set(PAINTINGS)
    if unknown:
        sys.exit(f"Unknown image(s): {', '.join(sorted(unknown))}. "
                 f"Choose from: {', '.join(PAINTINGS)}")
    for name in names or PAINTINGS:
        make, file_name = PAINTINGS[name]
        save(make(), file_name)


if __name__ == "__main__":
    main(sys.argv[1:])
