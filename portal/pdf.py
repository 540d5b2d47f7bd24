"""Letters as PDF (WeasyPrint), printed in black and white on A4 without fetching anything from outside."""

from __future__ import annotations

from flask import current_app
from weasyprint import HTML


def render_pdf(html: str) -> bytes:
    # No fetching: the letter's own HTML and CSS only, so a PDF never waits on the network or leaks a request.
    def refuse(url: str) -> dict[str, object]:
        raise ValueError("letters load nothing from outside")

    return HTML(string=html, base_url=current_app.root_path, url_fetcher=refuse).write_pdf()
