"""Copy scikit-image's bundled free photos into images/ as sample images.

scikit-image ships a few photos and textures whose docstrings state that they
are public domain or CC0. We copy them once so the notebooks need neither
scikit-image nor internet access. scikit-image is only needed to run this
script, not to use the series:

    pip install scikit-image
    python scripts/copy_sample_photos.py

The result is deterministic for a given scikit-image version.
"""

from pathlib import Path

import numpy as np
from PIL import Image
import skimage.data

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "images" / "content"
STYLE_DIR = ROOT / "images" / "style"

MAX_SIDE = 512  # long side in pixels; larger images are slow on a laptop CPU
JPEG_QUALITY = 92

# skimage.data function -> (output path, licence as its docstring states it).
# The licences are repeated in images/README.md.
CONTENT_PHOTOS = {
    "astronaut": ("astronaut.jpg", "NASA; no known copyright restrictions, public domain"),
    "chelsea": ("chelsea.jpg", "CC0 by the photographer (Stefan van der Walt)"),
    "coffee": ("coffee.jpg", "CC0 by the photographer (Rachel Michetti)"),
    "rocket": ("rocket.jpg", "SpaceX launch photo, released into the public domain"),
}
TEXTURES = {
    "brick": ("texture_brick.jpg", "CC0 (from CC0Textures, Bricks25)"),
    "grass": ("texture_grass.jpg", "CC0 (from DeviantArt user linolafett, Grass-01)"),
    "gravel": ("texture_gravel.jpg", "CC0 (from CC0Textures, Gravel04)"),
}


def to_rgb_image(array: np.ndarray) -> Image.Image:
    """Turn a uint8 grayscale or RGB(A) array into an RGB PIL image.

    The textures are grayscale; we store them as RGB so every image in the
    series loads with the same three channels.
    """
    image = Image.fromarray(np.asarray(array, dtype=np.uint8))
    return image.convert("RGB")


def limit_size(image: Image.Image, max_side: int = MAX_SIDE) -> Image.Image:
    """Shrink so the long side is at most max_side; never enlarge."""
    scale = max_side / max(image.size)
    if scale >= 1:
        return image
    new_size = (round(image.width * scale), round(image.height * scale))
    return image.resize(new_size, Image.Resampling.LANCZOS)


def copy_one(name: str, out_path: Path, licence: str) -> None:
    """Load skimage.data.<name>(), resize, and save it as a JPEG."""
    array = getattr(skimage.data, name)()
    image = limit_size(to_rgb_image(array))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    image.save(out_path, quality=JPEG_QUALITY)
    size_kb = out_path.stat().st_size / 1024
    print(f"{out_path.relative_to(ROOT)}: {image.width}x{image.height}, "
          f"{size_kb:.0f} KB, skimage.data.{name}, {licence}")


def main() -> None:
    for name, (file_name, licence) in CONTENT_PHOTOS.items():
        copy_one(name, CONTENT_DIR / file_name, licence)
    for name, (file_name, licence) in TEXTURES.items():
        copy_one(name, STYLE_DIR / file_name, licence)


if __name__ == "__main__":
    main()
