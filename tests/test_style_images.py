"""scripts/style_images: one module per painting, and the paintings stay the same.

The two fastest paintings (well under a second each) are painted again through the command
line, into a temporary folder, and compared pixel for pixel with the committed files. Pixels,
not file bytes: a different zlib may pack the same pixels into other bytes.
"""

import importlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scripts.style_images import PAINTINGS, main

STYLE_DIR = Path(__file__).resolve().parent.parent / "images" / "style"
FAST_PAINTINGS = ["geometric_abstract", "ink_waves"]


def test_one_painting_per_module_for_every_committed_png():
    committed = {path.stem for path in STYLE_DIR.glob("*.png")}
    assert set(PAINTINGS) == committed
    for name, paint_function in PAINTINGS.items():
        module = importlib.import_module(f"scripts.style_images.{name}")
        # The module's one public function, named like the image it paints.
        assert module.__all__ == [name]
        assert paint_function is getattr(module, name)
        assert paint_function.__module__ == module.__name__


@pytest.mark.parametrize("name", FAST_PAINTINGS)
def test_painting_again_gives_the_committed_pixels(name, tmp_path, capsys):
    main([name, "--out", str(tmp_path)])
    assert [path.name for path in tmp_path.iterdir()] == [f"{name}.png"]
    assert f"{name}.png: 512x512" in capsys.readouterr().out
    with Image.open(tmp_path / f"{name}.png") as new, Image.open(STYLE_DIR / f"{name}.png") as old:
        assert (new.mode, new.size) == ("RGB", (512, 512))
        assert (old.mode, old.size) == (new.mode, new.size)
        assert np.array_equal(np.asarray(new), np.asarray(old))


def test_unknown_name_is_refused(tmp_path):
    with pytest.raises(SystemExit):
        main(["no_such_painting", "--out", str(tmp_path)])
    assert not any(tmp_path.iterdir())
