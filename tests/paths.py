"""The path a link, a form or a redirect names, by endpoint, as the portal writes it: what tests compare with."""

from __future__ import annotations

from flask import url_for


def path(endpoint: str, **values: object) -> str:
    return url_for(endpoint, _external=False, **values)
