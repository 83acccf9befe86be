"""What goes wrong with an image file, in words: images.py raises ImageError with these.

Each function gives the whole message for one problem (the path first, then what to do), in the
reader's language (say, in this package).
"""

from __future__ import annotations

from . import say


def too_small(path, width: int, height: int, max_size, min_side: int) -> str:
    """The image (after resizing to `max_size`, None: not resized) has a side under `min_side`."""
    resized = (say(" after resizing to max_size={max_size}", max_size=max_size)
               if max_size is not None else "")
    return say("{path}: the image is {width}x{height} pixels{resized}. VGG halves an image five "
               "times, so each side must be at least {min_side} px. Use a larger image, or a "
               "larger max_size.", path=path, width=width, height=height, resized=resized,
               min_side=min_side)


def max_size_too_small(path, max_size, min_side: int) -> str:
    return say("{path}: max_size={max_size} is too small; VGG needs at least {min_side} px on "
               "each side.", path=path, max_size=max_size, min_side=min_side)


def permission_denied(path) -> str:
    return say("{path}: permission denied: this account may not read it. Check the file's "
               "permissions, or copy it to a folder of your own.", path=path)


def no_such_file(path, folder) -> str:
    """`folder`: the current folder, where a relative path starts."""
    return say("{path}: no such file. Check the name and the folder (the current folder is "
               "{folder}).", path=path, folder=folder)


def a_folder(path) -> str:
    return say("{path}: this is a folder, not an image file. Give the path of one image inside "
               "it.", path=path)


def empty(path) -> str:
    return say("{path}: the file is empty (0 bytes). Copy or download it again.", path=path)


def too_many_pixels(path, limit: int) -> str:
    """`limit`: PIL.Image.MAX_IMAGE_PIXELS (Pillow refuses twice as many)."""
    return say("{path}: more pixels than Pillow's safety limit (twice PIL.Image.MAX_IMAGE_PIXELS "
               "= {limit:,}). Shrink it in an image editor, or, for a file you trust, raise that "
               "limit.", path=path, limit=limit)


def not_an_image(path) -> str:
    return say("{path}: this is not an image file Pillow can read. Use a JPEG, PNG, WebP, GIF, "
               "BMP or TIFF file.", path=path)


def damaged(path, err) -> str:
    """`err`: what Pillow said (a truncated or corrupt file)."""
    return say("{path}: the file is damaged or incomplete ({err}). Copy or download it again.",
               path=path, err=err)


def cannot_save_as(path, suffix: str) -> str:
    """`suffix`: the file's suffix ("" when it has none)."""
    what = repr(suffix) if suffix else say("no suffix")
    return say("{path}: {what} is not an image format Pillow can write. End it with .png, .jpg, "
               ".webp or .tif.", path=path, what=what)


def cannot_write(target, folder, reason) -> str:
    """`reason`: the system's words (err.strerror, or the error itself)."""
    return say("{target}: cannot write into the folder {folder} ({reason}). Choose a folder of "
               "your own, or check that it is not a file, is writable and the disk is not full.",
               target=target, folder=folder, reason=reason)


def one_image_only(shape: tuple) -> str:
    return say("to_pil takes one image, got a batch of shape {shape}", shape=shape)


def not_image_shaped(shape: tuple) -> str:
    return say("expected shape (1, 3, H, W) or (3, H, W), got {shape}", shape=shape)


def not_finite() -> str:
    return say("the image contains NaN or infinite values; it cannot be shown or saved")
