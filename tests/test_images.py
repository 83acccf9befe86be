"""load_image / save_image / to_pil: every kind of file, every kind of failure."""

import hashlib
import io

import numpy as np
import pytest
import torch
from PIL import Image

from helpers import ImageError, load_image, save_image, to_pil, unique_path
from helpers.images import MIN_SIDE


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check(tensor, size=None):
    assert tensor.shape[:2] == (1, 3) and tensor.dim() == 4
    assert tensor.dtype == torch.float32 and tensor.is_contiguous()
    assert 0.0 <= float(tensor.min()) and float(tensor.max()) <= 1.0
    if size is not None:
        assert tuple(tensor.shape[-2:]) == size


def test_rgb_png_roundtrip_and_values(tmp_path):
    array = np.random.default_rng(0).integers(0, 256, (40, 60, 3), dtype=np.uint8)
    Image.fromarray(array).save(tmp_path / "a.png")
    image = load_image(tmp_path / "a.png", max_size=None)
    _check(image, (40, 60))
    assert torch.allclose(image[0].permute(1, 2, 0), torch.from_numpy(array).float() / 255)


def test_str_path_and_non_ascii_name(tmp_path):
    path = tmp_path / "猫 photo é.jpg"
    Image.new("RGB", (64, 48), (200, 100, 50)).save(path)
    _check(load_image(str(path), max_size=None), (48, 64))


def test_downscale_keeps_aspect_and_never_upscales(tmp_path):
    Image.new("RGB", (400, 200), "red").save(tmp_path / "big.png")
    _check(load_image(tmp_path / "big.png", max_size=100), (50, 100))
    _check(load_image(tmp_path / "big.png", max_size=1000), (200, 400))


def test_auto_max_size_follows_config(tmp_path):
    from helpers import config
    Image.new("RGB", (1000, 800), "blue").save(tmp_path / "big.png")
    image = load_image(tmp_path / "big.png")
    assert max(image.shape[-2:]) == config.default_size()


def test_exif_orientation_applied(tmp_path):
    image = Image.new("RGB", (80, 40), "green")
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    image.save(tmp_path / "rotated.jpg", exif=exif)
    _check(load_image(tmp_path / "rotated.jpg", max_size=None), (80, 40))


@pytest.mark.parametrize("mode", ["RGBA", "LA", "L", "1", "CMYK", "P"])
def test_modes_become_rgb(tmp_path, mode):
    image = Image.new("RGB", (48, 48), (10, 120, 240)).convert(mode)
    suffix = ".jpg" if mode == "CMYK" else ".png"
    if mode == "CMYK":
        suffix = ".tif"
    image.save(tmp_path / f"x{suffix}")
    _check(load_image(tmp_path / f"x{suffix}", max_size=None), (48, 48))


def test_transparency_lies_on_white(tmp_path):
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(tmp_path / "clear.png")
    assert float(load_image(tmp_path / "clear.png", max_size=None).min()) == 1.0
    palette = Image.new("P", (40, 40), 0)
    palette.putpalette([0, 0, 0] * 256)
    palette.info["transparency"] = 0
    palette.save(tmp_path / "p.png", transparency=0)
    assert float(load_image(tmp_path / "p.png", max_size=None).min()) == 1.0


def test_16_bit_keeps_its_range(tmp_path):
    ramp = np.linspace(0, 65535, 64 * 64).reshape(64, 64).astype(np.uint16)
    Image.fromarray(ramp).save(tmp_path / "deep.png")
    image = load_image(tmp_path / "deep.png", max_size=None)
    _check(image, (64, 64))
    # Not clipped at 255/65535: the full ramp from black to white survives, with fine steps.
    assert float(image.min()) == 0.0 and float(image.max()) == pytest.approx(1.0)
    assert len(torch.unique(image[0, 0])) > 1000


def test_animation_first_frame(tmp_path):
    frames = [Image.new("RGB", (40, 40), c) for c in ("red", "blue")]
    frames[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames[1:])
    image = load_image(tmp_path / "anim.gif", max_size=None)
    assert image[0, 0].mean() > 0.9 and image[0, 2].mean() < 0.1


def test_too_small_is_refused_with_a_reason(tmp_path):
    Image.new("RGB", (20, 100), "red").save(tmp_path / "thin.png")
    with pytest.raises(ImageError, match=r"thin\.png.*20x100.*at least 32"):
        load_image(tmp_path / "thin.png", max_size=None)
    Image.new("RGB", (64, 256), "red").save(tmp_path / "tall.png")
    with pytest.raises(ImageError, match="after resizing"):
        load_image(tmp_path / "tall.png", max_size=64)  # 64x256 -> 16x64
    assert MIN_SIDE == 32


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.png", "no such file"),
    (lambda d: d, "folder, not an image"),
    (lambda d: _write(d / "empty.png", b""), "empty"),
    (lambda d: _write(d / "notes.png", b"hello"), "not an image"),
])
def test_bad_files_name_the_file(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(ImageError, match=message) as info:
        load_image(path)
    assert str(path) in str(info.value)


def test_truncated_file(tmp_path):
    buffer = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (200, 200, 3), dtype=np.uint8)).save(
        buffer, format="JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(ImageError, match=r"cut\.jpg.*damaged or incomplete"):
        load_image(path)


def test_source_file_never_modified(tmp_path):
    image = Image.new("RGB", (300, 200), "purple")
    exif = image.getexif()
    exif[0x0112] = 6
    image.save(tmp_path / "src.jpg", exif=exif)
    before, mtime = _digest(tmp_path / "src.jpg"), (tmp_path / "src.jpg").stat().st_mtime_ns
    load_image(tmp_path / "src.jpg", max_size=64)
    assert _digest(tmp_path / "src.jpg") == before
    assert (tmp_path / "src.jpg").stat().st_mtime_ns == mtime


def test_save_never_overwrites_silently(tmp_path):
    image = torch.rand(1, 3, 40, 50)
    first = save_image(image, tmp_path / "out" / "result.png")
    digest = _digest(first)
    second = save_image(torch.zeros(1, 3, 40, 50), tmp_path / "out" / "result.png")
    assert first.name == "result.png" and second.name == "result_1.png"
    assert _digest(first) == digest
    third = save_image(torch.zeros(1, 3, 40, 50), first, overwrite=True)
    assert third == first and _digest(first) != digest
    assert unique_path(first) == tmp_path / "out" / "result_2.png"


def test_save_and_load_roundtrip(tmp_path):
    image = torch.rand(1, 3, 48, 64)
    path = save_image(image, tmp_path / "r.png")
    again = load_image(path, max_size=None)
    assert (again - image).abs().max() <= 0.5 / 255 + 1e-6


def test_to_pil_clips_and_checks():
    pil = to_pil(torch.tensor([[[[-1.0, 2.0]]] * 3]).reshape(1, 3, 1, 2))
    assert pil.mode == "RGB" and pil.getpixel((0, 0)) == (0, 0, 0) and pil.getpixel((1, 0)) == (255,) * 3
    assert to_pil(torch.rand(3, 8, 8)).size == (8, 8)
    with pytest.raises(ValueError, match="NaN"):
        to_pil(torch.full((1, 3, 4, 4), float("nan")))
    with pytest.raises(ValueError, match="batch"):
        to_pil(torch.rand(2, 3, 4, 4))


def test_save_image_never_replaces_a_file_made_meanwhile(tmp_path, monkeypatch):
    """Two runs saving the same name at once (07 in English and Chinese under xdist): the file
    the other run wrote after unique_path looked is kept, and ours gets the next name."""
    import helpers.images as images_module

    first = tmp_path / "out.png"
    first.write_bytes(b"the other run's picture")
    real, calls = images_module.unique_path, []

    def stale(path):  # answers as if `out_1.png` were still free, then made by the other run
        calls.append(path)
        target = real(path)
        if len(calls) == 1:
            target.write_bytes(b"also the other run's")
        return target

    monkeypatch.setattr(images_module, "unique_path", stale)
    saved = images_module.save_image(torch.rand(1, 3, 8, 8), tmp_path / "out.png")
    assert first.read_bytes() == b"the other run's picture"
    assert (tmp_path / "out_1.png").read_bytes() == b"also the other run's"
    assert saved == tmp_path / "out_2.png" and saved.stat().st_size > 0
