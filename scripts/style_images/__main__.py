"""`python -m scripts.style_images [NAME ...] [--out DIR]`: paint the style images."""

from . import main

if __name__ == "__main__":
    main()
