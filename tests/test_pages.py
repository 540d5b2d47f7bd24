"""Every public page: both languages, a title and one h1, the page budgets (size and SQL queries)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from tests.conftest import ClientRequest
from tests.paths import path
from tests.routes import public_page_rules

MAX_HTML_BYTES = 30 * 1024
MAX_QUERIES = 6


def public_pages(app: Flask) -> list[str]:
    return [endpoint for endpoint, _path in public_page_rules(app)]


def test_the_public_pages_are_found(app: Flask) -> None:
    assert {"main.index", "pages.privacy", "pages.accessibility", "pages.cookies"} <= set(public_pages(app))


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_public_page_renders_within_budget(
    app: Flask, client: FlaskClient, count_queries: Callable[[], list[str]], language: str
) -> None:
    client.set_cookie("portal_lang", language, domain="portal.test")
    for endpoint in public_pages(app):
        before = len(count_queries())
        response = client.get(url_for(endpoint))
        html = response.get_data(as_text=True)
        assert response.status_code == 200, endpoint
        assert f'<html lang="{language}">' in html, endpoint
        assert html.count("<h1") == 1, endpoint
        assert "<title>" in html and "– " in html, endpoint
        assert len(response.get_data()) < MAX_HTML_BYTES, endpoint
        assert len(count_queries()) - before <= MAX_QUERIES, endpoint


def test_the_front_page_explains_the_portal_and_offers_login_and_reading(client_request: ClientRequest) -> None:
    html = client_request.get_response("main.index").get_data(as_text=True)
    assert "Her kan du søge om træning" in html
    assert f'href="{path("auth.login")}"' in html
    assert f'href="{path("standard.about")}"' in html
    assert "dkfds-borgerdk.min.css" in html


def test_the_layout_has_skip_link_main_landmark_and_footer(client_request: ClientRequest) -> None:
    html = client_request.get_response("main.index").get_data(as_text=True)
    assert '<a class="skipnav" href="#main-content">Gå til sidens indhold</a>' in html
    assert '<main id="main-content"' in html
    for endpoint in ("pages.accessibility", "pages.privacy", "pages.cookies"):
        assert f'href="{path(endpoint)}"' in html


def test_the_header_and_footer_follow_the_municipality(app: Flask, client_request: ClientRequest) -> None:
    html = client_request.get_response("main.index").get_data(as_text=True)
    assert "Norddjurs Kommune" in html
    assert "89 59 30 11" in html
    assert "Alle hverdage kl. 8.00-9.00" in html


def test_security_headers_forbid_inline_scripts_and_framing(client_request: ClientRequest) -> None:
    response = client_request.get_response("main.index")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.get_data(as_text=True)


def test_vendored_design_system_files_are_served(client_request: ClientRequest) -> None:
    for filename in (
        "dkfds/css/dkfds-borgerdk.min.css",
        "dkfds/js/dkfds.min.js",
        "dkfds/img/all-svg-icons.svg",
        "dkfds/fonts/IBMPlexSans/split/woff2/IBMPlexSans-Regular-Latin1.woff2",
    ):
        client_request.get_response("static", filename=filename).close()


@pytest.mark.fresh_app
def test_a_page_over_the_size_budget_is_caught(app: Flask) -> None:
    from portal.auth.access import public

    @public
    def huge() -> str:
        return "<p>" + "x" * (31 * 1024) + "</p>"

    app.add_url_rule("/test/huge", "huge", huge)
    ClientRequest(app.test_client()).get_response("huge")
    assert app.extensions["oversized_pages"] == [f"/test/huge: {31 * 1024 + 7} bytes"]
    app.extensions["oversized_pages"].clear()  # caught as it should be; the fixture's own check stays clean


@pytest.mark.fresh_app
def test_a_page_over_the_query_budget_is_caught(app: Flask) -> None:
    import sqlalchemy as sa

    from portal.auth.access import public
    from portal.extensions import db

    @public
    def chatty() -> str:
        for _ in range(MAX_QUERIES + 1):
            db.session.execute(sa.text("SELECT 1"))
        return "<p>ok</p>"

    app.add_url_rule("/test/chatty", "chatty", chatty)
    ClientRequest(app.test_client()).get_response("chatty")
    caught = app.extensions["oversized_pages"]
    assert len(caught) == 1 and caught[0].startswith("/test/chatty: ")
    caught.clear()  # caught as it should be; the fixture's own check stays clean
