"""Paint the procedural style images in images/style/.

No famous painting can ship with the series under a clear licence, so we paint
our own "artworks" from code. Each one imitates a well-known look (swirling
brush strokes, stained glass, pointillism, geometric abstraction, woodblock
waves) with strong colours and texture at several scales, which is what the
Gram-matrix style loss picks up. The images are ours and are dedicated to the
public domain (CC0).

Only numpy and Pillow are used, with fixed random seeds, so the output is the
same on every run:

    python -m scripts.style_images                          # all five, into images/style/
    python -m scripts.style_images stained_glass ink_waves  # just these
    python -m scripts.style_images --out /tmp/style         # somewhere else

Each painting is one module with one public function of the same name, which
returns the 512 x 512 RGB image; tools.py holds what they share. This file only
lists the paintings and saves them.
"""

import argparse
from pathlib import Path

from PIL import Image

from . import geometric_abstract, ink_waves, pointillist_dots, stained_glass, swirl_strokes

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT_DIR = ROOT / "images" / "style"

# Name on the command line -> function that paints it. The file is <name>.png.
PAINTINGS = {
    "swirl_strokes": swirl_strokes.swirl_strokes,
    "stained_glass": stained_glass.stained_glass,
    "pointillist_dots": pointillist_dots.pointillist_dots,
    "geometric_abstract": geometric_abstract.geometric_abstract,
    "ink_waves": ink_waves.ink_waves,
}


def save(image: Image.Image, path: Path) -> None:
    """Save as PNG and report the size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # optimize=True: the smallest file zlib finds; the pixels are the same either way.
    image.save(path, optimize=True)
    try:
        shown = path.resolve().relative_to(Path.cwd())
    except ValueError:  # outside the current folder: show the whole path
        shown = path
    print(f"{shown}: {image.width}x{image.height}, {path.stat().st_size / 1024:.0f} KB")


def main(argv=None) -> None:
    """Paint and save the named images, or all of them."""
    parser = argparse.ArgumentParser(prog="python -m scripts.style_images",
                                     description="Paint the procedural style images.")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"images to paint (default: all): {', '.join(PAINTINGS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, metavar="DIR",
                        help="folder to save into (default: images/style)")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(PAINTINGS)
    if unknown:
        parser.error(f"unknown image(s): {', '.join(sorted(unknown))}. "
                     f"Choose from: {', '.join(PAINTINGS)}")
    for name in args.names or PAINTINGS:
        save(PAINTINGS[name](), args.out / f"{name}.png")
