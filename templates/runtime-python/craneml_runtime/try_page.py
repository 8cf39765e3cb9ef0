"""The try-it page's files (index.html, page.js, page.css and their .gz, in page/ beside this package: /app/page/), read once at start, and which copy a request gets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Not resolved: a test serves the package through a link from a folder holding its own page/.
PAGE_DIR = Path(__file__).parent.parent / "page"
# The page's paths and their files; the HTML loads the other two by these paths.
FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/page/page.js": ("page.js", "text/javascript; charset=utf-8"),
    "/page/page.css": ("page.css", "text/css; charset=utf-8"),
}


@dataclass(frozen=True)
class PageFile:
    media_type: str
    plain: bytes
    # The same bytes gzipped (the packaged .gz), when the folder holds them.
    gzipped: bytes | None


def load_page(manifest: dict, folder: Path = PAGE_DIR) -> dict[str, PageFile] | None:
    """
    The page's files by path, or None with `server.page: false` or when a file is missing (then / is the status page).
    >>> load_page({"server": {"page": False}}) is None
    True
    """
    if manifest["server"].get("page") is False:
        return None
    files: dict[str, PageFile] = {}
    for path, (name, media_type) in FILES.items():
        try:
            plain = (folder / name).read_bytes()
        except OSError:
            return None
        try:
            gzipped: bytes | None = (folder / f"{name}.gz").read_bytes()
        except OSError:
            gzipped = None
        files[path] = PageFile(media_type, plain, gzipped)
    return files


def accepts_gzip(accept_encoding: str) -> bool:
    """
    Whether an Accept-Encoding header takes gzip: named (or `*` when gzip is not named) with a q above 0.
    >>> [accepts_gzip(h) for h in ("gzip, deflate, br", "br;q=1, gzip;q=0", "*", "identity", "")]
    [True, False, True, False, False]
    """
    wildcard = None
    for part in accept_encoding.split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        coding = coding.strip().lower()
        if coding in ("gzip", "x-gzip"):
            return q > 0
        if coding == "*":
            wildcard = q > 0
    return bool(wildcard)
