"""Static files fingerprinted and cached for a year, and text answers compressed.

`url_for('static', ...)` adds the first 12 hex digits of the file's SHA-256 as `?v=`; a request that names the file's
current fingerprint is answered with `Cache-Control: public, max-age=31536000, immutable`, so a browser asks once
and a second page view fetches only its HTML. Without the fingerprint (a file a stylesheet names, such as the fonts
and icons of the vendored design system) the file may be kept for a day; the vendored files change only when
`make vendor` brings a new release. The portal's own files without a fingerprint are revalidated as before.

HTML, CSS, JavaScript, SVG and JSON are sent gzip-compressed when the browser accepts it. Static files are
compressed once per file version and kept in memory. HTML is compressed only for requests the browser says come
from the portal itself or from the address bar (`Sec-Fetch-Site: same-origin` or `none`): a page carries a CSRF
token, and a compressed page a foreign site can make the browser fetch many times with text of its choosing would
let it guess that token from the sizes (BREACH).
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, request

YEAR = 365 * 24 * 3600
DAY = 24 * 3600
COMPRESSIBLE = {
    "text/html",
    "text/css",
    "application/javascript",
    "text/javascript",
    "image/svg+xml",
    "application/json",
}
# Smaller answers gain too little to be worth the work.
MINIMUM = 1024
HTML_LEVEL = 5
STATIC_LEVEL = 9


@lru_cache(maxsize=1024)
def _fingerprint_of(path: str, modified: float, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


_KNOWN: dict[str, str | None] = {}


def fingerprint(app: Flask, filename: str) -> str | None:
    """The file's fingerprint, read again only when the file changes (looked at only in debug mode: deployed files
    change only with a new release, which starts new processes); None for a file that is not there."""
    if app.static_folder is None:
        return None
    if not app.debug:
        key = f"{app.static_folder}/{filename}"
        if key not in _KNOWN:
            _KNOWN[key] = _fingerprint_on_disk(app.static_folder, filename)
        return _KNOWN[key]
    return _fingerprint_on_disk(app.static_folder, filename)


def _fingerprint_on_disk(folder: str, filename: str) -> str | None:
    path = Path(folder) / filename
    try:
        stat = path.stat()
    except OSError:
        return None
    return _fingerprint_of(str(path), stat.st_mtime, stat.st_size)


@lru_cache(maxsize=256)
def _compressed_file(path: str, modified: float, size: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), STATIC_LEVEL, mtime=0)


def _accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def _compress(app: Flask, response: Response) -> None:
    if response.status_code != 200 or "Content-Encoding" in response.headers or request.method == "HEAD":
        return
    if response.mimetype not in COMPRESSIBLE:
        return
    response.vary.add("Accept-Encoding")
    if not _accepts_gzip():
        return
    if request.endpoint == "static":
        if app.static_folder is None:
            return
        path = Path(app.static_folder) / (request.view_args or {}).get("filename", "")
        try:
            stat = path.stat()
        except OSError:
            return
        if stat.st_size < MINIMUM:
            return
        body = _compressed_file(str(path), stat.st_mtime, stat.st_size)
        response.direct_passthrough = False
        response.close()
        response.set_data(body)
    else:
        if response.mimetype == "text/html" and request.headers.get("Sec-Fetch-Site") not in ("same-origin", "none"):
            return
        if response.is_streamed:
            return
        data = response.get_data()
        if len(data) < MINIMUM:
            return
        response.set_data(gzip.compress(data, HTML_LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"


def init_app(app: Flask) -> None:
    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            found = fingerprint(app, values["filename"])
            if found:
                values["v"] = found

    @app.after_request
    def cache_and_compress(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            if request.args.get("v") and request.args.get("v") == fingerprint(app, filename):
                response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            elif filename.startswith("dkfds/"):
                response.headers["Cache-Control"] = f"public, max-age={DAY}"
        _compress(app, response)
        return response
