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
