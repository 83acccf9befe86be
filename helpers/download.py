"""Fetch a public-domain painting by URL into a git-ignored folder, once.

Many museums publish public-domain paintings openly (e.g. the Rijksmuseum, the Met's Open
Access collection, the Art Institute of Chicago). Check the licence on the museum's page.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from . import config
from .images import ImageError, load_image

#: Paintings are rarely larger; a bigger answer is probably not an image.
MAX_BYTES = 50 * 1024 * 1024


class DownloadError(RuntimeError):
    """The download failed. The message names the URL and says what to do."""


def download_image(url: str, name: str | None = None, folder: str | os.PathLike | None = None,
                   timeout: float = 15.0) -> Path:
    """Download an image once and return its local path; later calls reuse the file.

    Args:
        url: an http(s) address of an image file.
        name: file name to save as; default: the last part of the URL (or a hash of it).
        folder: where to keep it; default `config.download_dir()` (images/downloads/, ignored
            by git, so downloaded paintings never end up in the repository).
        timeout: seconds to wait for the server before giving up.

    Raises:
        DownloadError: no network, a bad address, an HTTP error, or a file that is not an image
            (nothing is kept in that case).
    """
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in {"http", "https"}:
        raise DownloadError(f"{url}: only http:// and https:// addresses can be downloaded")
    folder = Path(folder) if folder is not None else config.download_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = name or Path(urllib.parse.unquote(parsed.path)).name
    if not Path(name).suffix:
        name = f"{name or 'image'}-{hashlib.sha1(url.encode()).hexdigest()[:8]}.jpg"
    target = folder / name
    if target.is_file():
        return target

    partial = target.with_name(target.name + ".part")
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "style-transfer-course"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as err:
        raise DownloadError(f"{url}: the server answered {err.code} {err.reason}. "
                            "Check the address in a browser.") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise DownloadError(f"{url}: could not download ({reason}). Are you online? Offline, "
                            f"copy the image into {folder} and use its path instead.") from None
    if len(data) > MAX_BYTES:
        raise DownloadError(f"{url}: larger than {MAX_BYTES // 2**20} MB; not downloaded")
    partial.write_bytes(data)
    try:
        load_image(partial, max_size=None)  # prove it is a usable image before keeping it
    except ImageError as err:
        partial.unlink()
        raise DownloadError(f"{url}: the download is not a usable image ({err}). The address "
                            "may point to a web page rather than to the image file.") from None
    os.replace(partial, target)
    return target
