"""Anonymous visitors leave nothing behind: reading the public pages opens no server-side session and sets no
session cookie, so a crawler or a curious citizen costs the portal no rows."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from portal.extensions import db
from portal.models.web_session import WebSession
from tests.test_access_rules import ACCESS_TABLE

# Starting a login must remember the state and the PKCE verifier until the provider sends the browser back.
NEEDS_A_SESSION = {"auth.start"}
ANONYMOUS_GETS = sorted(
    (endpoint, path)
    for endpoint, (method, path, _) in ACCESS_TABLE.items()
    if method == "GET" and endpoint not in NEEDS_A_SESSION
)


def session_rows() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(WebSession))


def test_no_anonymous_page_view_opens_a_session(app: Flask) -> None:
    opened = []
    for endpoint, path in ANONYMOUS_GETS:
        before = session_rows()
        response = app.test_client().get(path)
        assert response.status_code < 500, endpoint
        cookies = [cookie for cookie in response.headers.getlist("Set-Cookie") if cookie.startswith("portal_session=")]
        if cookies or session_rows() != before:
            opened.append(endpoint)
    assert opened == []
    assert len(ANONYMOUS_GETS) > 20  # the public pages, and the login redirects of every other page


def test_starting_a_login_is_what_opens_a_session(app: Flask) -> None:
    response = app.test_client().get("/log-ind/mitid")
    assert response.status_code == 302
    assert session_rows() == 1
