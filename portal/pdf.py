"""Letters as PDF (WeasyPrint), printed in black and white on A4 without fetching anything from outside."""

from __future__ import annotations

import base64
import binascii

from flask import current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The only URLs a document may hold: pictures written into the document itself as data: URIs.
DATA_IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})


def data_uri(mime: str, data: bytes) -> str:
    """A picture as a data: URI, so the PDF carries it without a request."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class LocalOnly(URLFetcher):
    """No fetching: the letter's own HTML and CSS only, so a PDF never waits on the network or leaks a request.

    A data: URI of a picture is not fetched from anywhere (its bytes are in the document already), so it is read;
    any other URL is refused and WeasyPrint leaves that resource out."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        header, comma, payload = url.partition(",")
        if comma and header.startswith("data:") and header.endswith(";base64"):
            mime = header[len("data:") : -len(";base64")]
            if mime in DATA_IMAGE_TYPES:
                try:
                    body = base64.b64decode(payload, validate=True)
                except binascii.Error:
                    pass
                else:
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
        raise ValueError("letters load nothing from outside")


def render_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=current_app.root_path, url_fetcher=LocalOnly()).write_pdf()
