"""Addresses: ids in paths (`<int:...>`) and in the query string, bounded to what a row id can be; safe `next` paths."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request, url_for
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


def row_url(endpoint: str, key: str, **values: Any) -> Callable[[int], str]:
    """`url_for(endpoint, key=id, **values)` for the rows of a list: the address is built once, for the largest id,
    and each row's id is put in its place, so a page of 50 rows does not build 50 addresses the long way."""
    sentinel = str(MAX_ID)
    built = url_for(endpoint, **{**values, key: MAX_ID})
    if built.count(sentinel) != 1:
        return lambda row_id: url_for(endpoint, **{**values, key: row_id})
    before, after = built.split(sentinel)

    def address(row_id: int) -> str:
        return f"{before}{int(row_id)}{after}"

    return address


def fixed_url_for(endpoint: str, **values: Any) -> str:
    """Templates' `url_for`. An address that depends on nothing but its endpoint (a menu link, the front page) or a
    static file's name is built once per process and kept: a page names some twenty of them, each the long way
    through the URL map. Kept only for those, so what is kept is bounded by the routes and the files, not by the rows;
    never in debug mode, where a static file's fingerprint may change under a running process."""
    filename = values.get("filename")
    fixed = not values or (endpoint == "static" and len(values) == 1 and isinstance(filename, str))
    if not fixed or endpoint.startswith(".") or current_app.debug or not has_request_context():
        return url_for(endpoint, **values)
    kept: dict[tuple[str, str, str | None], str] = current_app.extensions["fixed_urls"]
    key = (request.script_root, endpoint, filename)
    found = kept.get(key)
    if found is None:
        found = kept[key] = url_for(endpoint, **values)
    return found


def init_app(app: Flask) -> None:
    app.extensions["fixed_urls"] = {}
    app.add_template_global(row_url, "row_url")
    app.jinja_env.globals["url_for"] = fixed_url_for
