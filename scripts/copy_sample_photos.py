"""Copy scikit-image's bundled free photos into images/ as sample images.

scikit-image ships a few photos and textures whose docstrings state that they
are public domain or CC0. We copy them once so the notebooks need neither
scikit-image nor internet access. scikit-image is only needed to run this
script, not to use the series:

    pip install scikit-image
    python scripts/copy_sample_photos.py          # content/, style/ textures and train/
    python scripts/copy_sample_photos.py train    # only train/ (notebook 09's training photos)

The result is deterministic for a given scikit-image (and matplotlib) version.
"""

import sys
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image
import skimage.data

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "images" / "content"
STYLE_DIR = ROOT / "images" / "style"
TRAIN_DIR = ROOT / "images" / "train"

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

#: Notebook 09 trains a network on these and tests it on content/ (photos it never saw).
TRAINING_PHOTOS = {
    "camera": ("camera.jpg", "CC0 by the photographer (Lav Varshney)"),
    "clock": ("clock.jpg", "public domain, released by the photographer (Stefan van der Walt)"),
    "coins": ("coins.jpg", "Brooklyn Museum Collection, no known copyright restrictions"),
    "hubble_deep_field": ("hubble_deep_field.jpg", "NASA, may be freely used (public domain)"),
    "immunohistochemistry": ("immunohistochemistry.jpg", "CMMI, no known copyright restrictions"),
    "retina": ("retina.jpg", "CC0 (Mikael Haggstrom, Wikimedia Commons)"),
}
#: From matplotlib's sample data: Grace Hopper, a US Navy photo (public domain).
GRACE_HOPPER = ("grace_hopper.jpg", "US Navy photo, public domain (matplotlib sample data)")


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


def copy_training_photos() -> None:
    """images/train/: the photos notebook 09 trains on (never the ones in content/)."""
    for name, (file_name, licence) in TRAINING_PHOTOS.items():
        copy_one(name, TRAIN_DIR / file_name, licence)
    file_name, licence = GRACE_HOPPER
    source = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    with Image.open(source) as image:
        out = limit_size(image.convert("RGB"))
    out.save(TRAIN_DIR / file_name, quality=JPEG_QUALITY)
    print(f"images/train/{file_name}: {out.width}x{out.height}, matplotlib sample data, {licence}")


def main(args: list[str]) -> None:
    if args != ["train"]:
        for name, (file_name, licence) in CONTENT_PHOTOS.items():
            copy_one(name, CONTENT_DIR / file_name, licence)
        for name, (file_name, licence) in TEXTURES.items():
            copy_one(name, STYLE_DIR / file_name, licence)
    copy_training_photos()


if __name__ == "__main__":
    main(sys.argv[1:])
