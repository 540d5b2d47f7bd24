"""Addresses: ids in paths (`<int:...>`) and in the query string, bounded to what a row id can be; safe `next` paths."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import request
from werkzeug.routing import IntegerConverter, Map

# The largest id a table's integer key holds on PostgreSQL; SQLite cannot even be asked about a larger number.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` that answers 404 for a number no row can have, rather than letting the database choke on it."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def id_arg(name: str) -> int | None:
    """An id from the query string, or None when it is missing, not a number or out of range."""
    try:
        number = int(request.args.get(name, ""))
    except ValueError:
        return None
    return number if 1 <= number <= MAX_ID else None


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, so the switch cannot be used as an open redirect."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
