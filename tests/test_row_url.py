"""`row_url`: a list's addresses built once and filled in per row, the same as `url_for` builds them one by one."""

from __future__ import annotations

import pytest
from flask import Flask, url_for

from portal.urls import MAX_ID, row_url


@pytest.mark.parametrize(
    ("endpoint", "key", "values"),
    [
        ("staff_sessions.course", "course_id", {}),
        ("cases.case", "case_id", {}),
        ("citizen_sessions.session_ics", "session_id", {}),
        ("citizen_sessions.cancel", "session_id", {}),
        ("staff_sessions.courses", "side", {}),
    ],
)
def test_each_row_gets_the_address_url_for_gives_it(app: Flask, endpoint: str, key: str, values: dict) -> None:
    with app.test_request_context("/"):
        address = row_url(endpoint, key, **values)
        for row_id in (1, 7, 10, 123, 2147483, MAX_ID - 1, MAX_ID):
            assert address(row_id) == url_for(endpoint, **values, **{key: row_id})


def test_an_address_with_the_sentinel_twice_is_built_the_long_way(app: Flask) -> None:
    # The query string carries the same number as the path: the id cannot be put in by splitting on it.
    with app.test_request_context("/"):
        address = row_url("staff_sessions.course", "course_id", til=MAX_ID)
        assert address(42) == url_for("staff_sessions.course", course_id=42, til=MAX_ID)


def test_templates_url_for_keeps_only_addresses_that_depend_on_nothing_but_the_endpoint(app: Flask) -> None:
    from portal.urls import fixed_url_for

    kept = app.extensions["fixed_urls"]
    kept.clear()
    with app.test_request_context("/"):
        assert fixed_url_for("main.index") == url_for("main.index")
        assert fixed_url_for("static", filename="css/portal.css") == url_for("static", filename="css/portal.css")
        assert "?v=" in fixed_url_for("static", filename="css/portal.css")
        # A row's address, or one with a query, is built every time: what is kept is bounded by routes and files.
        assert fixed_url_for("cases.case", case_id=7) == url_for("cases.case", case_id=7)
        assert fixed_url_for("static", filename="css/portal.css", v="x") == url_for(
            "static", filename="css/portal.css", v="x"
        )
    assert set(kept) == {("", "main.index", None), ("", "static", "css/portal.css")}
    # Mounted under a prefix, the same endpoint has another address, kept apart.
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": "/traening"}):
        assert fixed_url_for("main.index") == "/traening/" == url_for("main.index")


def test_templates_use_it(app: Flask) -> None:
    from portal.urls import fixed_url_for

    assert app.jinja_env.globals["url_for"] is fixed_url_for
