"""Paint the procedural style images: the older command, kept so that it still works.

The code is in scripts/style_images/ (one module per painting). This runs the same entry
point as `python -m scripts.style_images`, with the same arguments:

    python scripts/make_style_images.py [NAME ...] [--out DIR]
"""

import sys
from pathlib import Path

# Run as a file, Python puts scripts/ on the import path, not the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.style_images import main  # noqa: E402  (needs the path above)

if __name__ == "__main__":
    main()
