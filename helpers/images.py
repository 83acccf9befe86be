"""Images in and out: files <-> tensors of shape (1, 3, H, W) with values in [0, 1].

A source image is only ever read; a result never replaces a file unless the caller says so.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as nnf
from PIL import Image, ImageOps, UnidentifiedImageError

from . import config
from .inputs import ImageError, check_image, check_mask, check_path
from .messages import files as said

#: The smallest side we accept (px): after VGG's five poolings 32 px still leaves one value.
MIN_SIDE = 32

#: Transparent pixels are laid on this colour (white, like paper).
BACKGROUND = (255, 255, 255)


def load_image(path: str | os.PathLike, max_size: int | str | None = "auto") -> torch.Tensor:
    """Read an image file as a float tensor.

    Args:
        path: the file (str or pathlib.Path; any characters in the name).
        max_size: the longest side in pixels after loading. The image is only ever made
            smaller (Lanczos resampling), never larger. "auto" uses `config.default_size()`
            (64 px in quick mode, 256 px on a CPU, 512 px on a GPU); None keeps the file's size.

    Returns:
        Tensor of shape (1, 3, H, W), float32, values in [0, 1], contiguous, on the CPU.
        RGB order. The EXIF orientation is applied; transparent parts are laid on white;
        16-bit files keep their full range; for an animation, the first frame.

    Raises:
        ImageError: not a path (a URL: use `download_image`); missing, a folder, empty,
            unreadable, truncated, not an image, over Pillow's limit; or under 32 px a side.
    """
    path = check_path(path)
    pil = _open_rgb(path)
    if max_size == "auto":
        max_size = config.default_size()
    if max_size is not None:
        pil = _shrink(pil, int(max_size), path)
    if min(pil.size) < MIN_SIDE:
        raise ImageError(said.too_small(path, pil.width, pil.height, max_size, MIN_SIDE))
    return _pil_to_tensor(pil)


def _open_rgb(path: Path) -> Image.Image:
    """Open `path` and return a fully loaded RGB (8-bit) or float RGB ("F" stacked) image."""
    try:
        return _read_rgb(path)
    except PermissionError:
        raise ImageError(said.permission_denied(path)) from None


def _read_rgb(path: Path) -> Image.Image:
    if not path.exists():
        raise ImageError(said.no_such_file(path, Path.cwd()))
    if path.is_dir():
        raise ImageError(said.a_folder(path))
    if path.stat().st_size == 0:
        raise ImageError(said.empty(path))
    try:
        with Image.open(path) as img:
            img.seek(0)  # animations (GIF, APNG, WebP): the first frame
            img.load()  # read all the pixels now, inside the `with`, so errors surface here
            img = ImageOps.exif_transpose(img)  # returns a new image; the file is untouched
            return _to_rgb(img)
    except Image.DecompressionBombError:
        raise ImageError(said.too_many_pixels(path, Image.MAX_IMAGE_PIXELS)) from None
    except UnidentifiedImageError:
        raise ImageError(said.not_an_image(path)) from None
    except PermissionError:
        raise  # the message of _open_rgb, not "damaged"
    except (OSError, SyntaxError, ValueError) as err:
        # Truncated or corrupt files raise OSError ("image file is truncated") or SyntaxError.
        raise ImageError(said.damaged(path, err)) from None


def _to_rgb(img: Image.Image) -> Image.Image:
    """Convert any Pillow mode to RGB, keeping 16-bit precision as a float "RGB" stack."""
    if img.mode in {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}:
        # 16-bit (or 32-bit) greyscale: img.convert("L") would clip at 255, so scale ourselves.
        values = np.asarray(img, dtype=np.float32)
        scale = 65535.0 if img.mode != "F" or values.max() > 1.0 else 1.0
        grey = np.clip(values / scale, 0.0, 1.0)
        return Image.fromarray(grey)  # mode "F": kept as float, see _pil_to_tensor
    if img.mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in {"RGBA", "LA", "PA", "RGBa", "La"}:
        rgba = img.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, BACKGROUND + (255,))
        return Image.alpha_composite(canvas, rgba).convert("RGB")
    return img.convert("RGB")


def _shrink(img: Image.Image, max_size: int, path: Path) -> Image.Image:
    """Scale down so that the long side is at most `max_size` (never scale up)."""
    if max_size < MIN_SIDE:
        raise ImageError(said.max_size_too_small(path, max_size, MIN_SIDE))
    long_side = max(img.size)
    if long_side <= max_size:
        return img
    ratio = max_size / long_side
    new_size = (max(1, round(img.width * ratio)), max(1, round(img.height * ratio)))
    return img.resize(new_size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _pil_to_tensor(img: Image.Image) -> torch.Tensor:
    if img.mode == "F":  # float greyscale from a 16-bit file, already in [0, 1]
        grey = np.asarray(img, dtype=np.float32)
        array = np.repeat(grey[:, :, None], 3, axis=2)
    else:
        array = np.asarray(img, dtype=np.float32) / 255.0
    # HWC -> 1CHW; .contiguous() because L-BFGS needs contiguous parameters (see facts).
    return torch.from_numpy(np.ascontiguousarray(array)).permute(2, 0, 1).unsqueeze(0).contiguous()


def to_pil(image: torch.Tensor) -> Image.Image:
    """Turn a tensor (1, 3, H, W) or (3, H, W) with values in [0, 1] into an RGB PIL image.

    Values outside [0, 1] are clipped (and rounded to 8 bits). Works for tensors on any device
    and with autograd history. A single channel (1, 1, H, W) gives a greyscale image.
    """
    image = image.detach()
    if image.dim() == 4:
        if image.shape[0] != 1:
            raise ValueError(said.one_image_only(tuple(image.shape)))
        image = image[0]
    if image.dim() != 3 or image.shape[0] not in (1, 3):
        raise ValueError(said.not_image_shaped(tuple(image.shape)))
    if not torch.isfinite(image).all():
        raise ValueError(said.not_finite())
    array = (image.float().clamp(0, 1) * 255).round().byte().permute(1, 2, 0).cpu().numpy()
    if array.shape[2] == 1:
        return Image.fromarray(array[:, :, 0], mode="L")
    return Image.fromarray(array, mode="RGB")


def unique_path(path: str | os.PathLike) -> Path:
    """`path` if no such file exists, else the first free `name_1.ext`, `name_2.ext`, ..."""
    path = Path(path)
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}_{n}{path.suffix}")
        n += 1
    return candidate


def save_image(image, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write an image (1, 3, H, W) in [0, 1], a mask (1, 1, H, W) or a Result to a file; the
    suffix picks the format. An existing file is never replaced unless `overwrite=True`: the
    result goes to the next free name (`name_1.png`, ...). Returns the path written. Raises
    ImageError for a bad image, an unknown suffix or a folder that cannot be written."""
    image = getattr(image, "image", image)  # a Result
    if isinstance(image, torch.Tensor) and image.dim() in (3, 4) and image.shape[-3] == 1:
        image = check_mask(image, name="image")  # grey: a mask
    else:
        image = check_image(image.unsqueeze(0) if isinstance(image, torch.Tensor)
                            and image.dim() == 3 else image)
    path = check_path(path, "save_image")
    formats = Image.registered_extensions()
    if formats.get(path.suffix.lower()) not in Image.SAVE:
        raise ImageError(said.cannot_save_as(path, path.suffix))
    pil, kind, target = to_pil(image), formats[path.suffix.lower()], path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        while True:  # "x" makes only a new file: one written meanwhile (another run) is kept
            try:
                with open(target, "wb" if overwrite else "xb") as file:
                    pil.save(file, format=kind, **({"quality": 95} if kind == "JPEG" else {}))
                break
            except FileExistsError:  # never with overwrite
                target = unique_path(path)
    except OSError as err:
        raise ImageError(said.cannot_write(target, target.parent, err.strerror or err)) from None
    return target


def as_image(image, device: str | torch.device | None = None, *, name: str = "image",
             layers=()) -> torch.Tensor:
    """A path or a tensor -> an image tensor (1, 3, H, W), float32, contiguous, on `device`.

    A path is read with `load_image`; a (3, H, W) tensor gets its batch dimension; a Result
    gives its image. All then pass `inputs.check_image` (shape, dtype, range, NaN, big enough
    for `layers`) before any long work. device: None keeps the tensor where it is.
    """
    if isinstance(image, (str, os.PathLike)):
        image = load_image(image)
    image = getattr(image, "image", image)
    if isinstance(image, torch.Tensor) and image.dim() == 3 and image.shape[0] == 3:
        image = image.unsqueeze(0)
    image = check_image(image, name, layers=layers)
    return image.to(device=device, dtype=torch.float32).contiguous()


def long_side_shape(shape, long_side: int) -> tuple[int, int]:
    """(H, W) scaled so that the longer side is `long_side` pixels, the aspect ratio kept."""
    height, width = int(shape[0]), int(shape[1])
    scale = long_side / max(height, width)
    return max(1, round(height * scale)), max(1, round(width * scale))


def resize(image: torch.Tensor, size: int | tuple[int, int]) -> torch.Tensor:
    """Resize a tensor (N, C, H, W) with values in [0, 1]: the one resize every helper uses.

    size: (H', W'), or one int: the new long side (the aspect ratio is kept).
    Shrinking is bilinear and antialiased (no aliasing moire); enlarging is bicubic (sharper),
    then clamped to [0, 1] because bicubic can overshoot. Same size: the image itself.
    """
    if isinstance(size, int):
        size = long_side_shape(image.shape[-2:], size)
    size = (int(size[0]), int(size[1]))
    if tuple(image.shape[-2:]) == size:
        return image
    image = image.float()
    if size[0] * size[1] < image.shape[-2] * image.shape[-1]:
        return nnf.interpolate(image, size=size, mode="bilinear", align_corners=False,
                               antialias=True).contiguous()
    return nnf.interpolate(image, size=size, mode="bicubic",
                           align_corners=False).clamp(0, 1).contiguous()


def list_images(folder: str | os.PathLike) -> list[Path]:
    """The image files in `folder`, sorted by name (used by the notebooks' pickers)."""
    suffixes = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff"}
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in suffixes)
