"""No answer with personal data stays in a cache (ASVS 8.2.1): after logging out, Back does not show Karen's overview.

Every answer to a logged-in person is `no-store`, and so is every file, including the calendar feed that answers
without a login. Public pages answered to a visitor who is not logged in, and static files, keep their caching.
"""

from __future__ import annotations

import gzip
from datetime import timedelta

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from portal import clock
from portal.auth.access import PUBLIC, access_rule
from portal.extensions import db
from portal.models import ApplicationStatus, SessionKind
from portal.sessions import feeds
from portal.sessions import services as sessions
from portal.sessions.services import Place
from tests import factories
from tests.oidc_flow import log_in
from tests.test_access_rules import ACCESS_TABLE, CALLERS

STATIC = "/static/css/portal.css"


def get_pages() -> list[tuple[str, str]]:
    """(endpoint, path) of every GET route, from the access table that every route must be in."""
    return sorted((endpoint, path) for endpoint, (method, path, _) in ACCESS_TABLE.items() if method == "GET")


def client_for(app: Flask, caller: str) -> FlaskClient:
    client = app.test_client()
    if caller != "anonymous":
        log_in(client, caller)
    return client


@pytest.mark.parametrize("caller", CALLERS)
def test_every_answer_to_a_logged_in_person_is_no_store_and_public_pages_keep_their_caching(
    app: Flask, caller: str
) -> None:
    client = client_for(app, caller)
    wrong = []
    for endpoint, path in get_pages():
        response = client.get(path)
        public_page = (
            caller == "anonymous"
            and access_rule(app.view_functions[endpoint]) == PUBLIC
            and response.mimetype == "text/html"
        )
        cache_control = response.headers.get("Cache-Control", "")
        if public_page and "no-store" in cache_control:
            wrong.append(f"{endpoint} ({response.status_code}) is a public page but says no-store")
        if not public_page and cache_control != "no-store":
            wrong.append(f"{endpoint} ({response.status_code}) answered {caller} with Cache-Control {cache_control!r}")
    assert wrong == []


@pytest.mark.parametrize("caller", ["anonymous", "citizen"])
def test_static_files_keep_their_caching(app: Flask, caller: str) -> None:
    with client_for(app, caller).get(STATIC) as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_karens_files_are_no_store_and_so_is_her_calendar_feed_without_a_login(app: Flask) -> None:
    client = client_for(app, "citizen")
    karen = factories.person_for("citizen")
    application = factories.application(
        karen, factories.account_of("citizen"), status=ApplicationStatus.SUBMITTED, case_number="TR-2026-00001"
    )
    course = factories.course(karen)
    program = factories.a_program(karen, course=course)
    therapist = factories.therapist_account()
    (booked,) = sessions.book(
        course, therapist.id, [clock.utcnow() + timedelta(days=3)], 60, Place(SessionKind.INDIVIDUAL, "auning")
    )
    _feed, token = feeds.create(karen.id, karen.id)
    db.session.commit()
    files = {
        f"/mine-sager/{application.id}/kvittering.pdf": client,
        "/mine-data/mine-data.json": client,
        "/mine-traeningstider/kalender.ics": client,
        f"/mine-traeningstider/{booked.id}/kalender.ics": client,
        f"/mit-traeningsprogram/{program.id}/program.pdf": client,
        f"/kalender/{token}.ics": app.test_client(),
    }
    for path, fetcher in files.items():
        response = fetcher.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_a_fingerprinted_static_file_is_kept_for_a_year_and_sent_compressed(app: Flask) -> None:
    with app.test_request_context("/"):
        address = url_for("static", filename="dkfds/css/dkfds-borgerdk.min.css")
    assert "?v=" in address
    with app.test_client().get(address, headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == "gzip"
        assert len(response.get_data()) < len(gzip.decompress(response.get_data())) / 4
    with app.test_client().get(address.replace("?v=", "?v=0")) as stale:
        assert "immutable" not in stale.headers.get("Cache-Control", "")


def test_a_page_is_compressed_only_when_the_browser_says_it_comes_from_the_portal(app: Flask) -> None:
    client = app.test_client()
    # The raw client, for the headers a browser sends; the address by endpoint.
    front = url_for("main.index")
    own = client.get(front, headers={"Accept-Encoding": "gzip", "Sec-Fetch-Site": "same-origin"})
    foreign = client.get(front, headers={"Accept-Encoding": "gzip", "Sec-Fetch-Site": "cross-site"})
    assert own.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(own.get_data()) == foreign.get_data()
    assert "Content-Encoding" not in foreign.headers
