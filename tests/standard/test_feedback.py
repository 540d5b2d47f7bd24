""" "Var siden nyttig?": an anonymous yes or no per page, stored without anything about the visitor."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import PageFeedback
from tests.conftest import ClientRequest
from tests.paths import path

FEEDBACK = "standard.feedback"


def stored() -> list[tuple[str, bool, str]]:
    rows = db.session.scalars(sa.select(PageFeedback).order_by(PageFeedback.id)).all()
    return [(row.page, row.helpful, row.language) for row in rows]


def test_a_yes_is_stored_with_the_page_and_the_visitor_is_sent_back(client_request: ClientRequest) -> None:
    response = client_request.post(FEEDBACK, _data={"page": "standard.offer:tg2", "helpful": "ja"})
    # Literal: a bare "?tak" is what url_for cannot write, and the thanks depends on it.
    assert response.headers["Location"] == "/tilbud/tg2?tak#feedback"
    assert stored() == [("standard.offer:tg2", True, "da")]


def test_a_no_is_stored_in_the_language_of_the_page(client: FlaskClient, client_request: ClientRequest) -> None:
    client.set_cookie("portal_lang", "en", domain="portal.test")
    response = client_request.post(FEEDBACK, _data={"page": "standard.complaints", "helpful": "nej"})
    assert response.headers["Location"] == "/klag?tak#feedback"
    assert stored() == [("standard.complaints", False, "en")]


def test_the_feedback_table_has_no_room_for_who_answered() -> None:
    assert set(PageFeedback.__table__.columns.keys()) == {"id", "page", "helpful", "language", "created_at"}


def test_a_logged_in_citizen_is_stored_just_as_anonymously(client_request: ClientRequest, login: Callable) -> None:
    login("citizen")
    client_request.post(FEEDBACK, _data={"page": "standard.absence", "helpful": "ja"})
    assert stored() == [("standard.absence", True, "da")]


def test_the_page_thanks_the_visitor_once_instead_of_asking_again(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    response = client_request.post(FEEDBACK, _data={"page": "standard.centres", "helpful": "ja"})
    # The thanks is in the address, so answering opens no session.
    assert response.headers.getlist("Set-Cookie") == []
    # The address the redirect gives, followed as a browser would.
    page = BeautifulSoup(client.get(response.headers["Location"]).get_data(as_text=True), "html.parser")
    feedback = page.select_one("#feedback")
    assert feedback.select_one("[role=status] h2").get_text() == "Tak for dit svar"
    assert feedback.select("form") == []
    again = client_request.get("standard.centres")
    assert again.select_one("#feedback h2").get_text() == "Var siden nyttig?"


def test_every_page_asks_with_its_own_key(client_request: ClientRequest) -> None:
    for (endpoint, values), key in [
        (("standard.about", {}), "standard.about"),
        (("standard.check_result", {"result": "kontakt-os"}), "standard.check_result:kontakt-os"),
        (("standard.offer", {"offer_id": "tva1"}), "standard.offer:tva1"),
    ]:
        page = client_request.get(endpoint, **values)
        form = page.select_one("#feedback form")
        assert form["method"] == "post" and form["action"] == path(FEEDBACK)
        assert form.select_one("input[name=page]")["value"] == key
        assert [(b["name"], b["value"]) for b in form.select("button")] == [("helpful", "ja"), ("helpful", "nej")]


def test_the_questions_of_the_check_do_not_ask(client_request: ClientRequest) -> None:
    page = client_request.get("standard.check_question", question="hverdag")
    assert page.select("#feedback") == []


@pytest.mark.parametrize(
    "data",
    [
        {"page": "standard.offer:tg2"},
        {"page": "standard.offer:tg2", "helpful": "måske"},
        {"helpful": "ja"},
        {"page": "standard.offer:findes-ikke", "helpful": "ja"},
        {"page": "standard.offer", "helpful": "ja"},
        {"page": "standard.about:x", "helpful": "ja"},
        {"page": "auth.login", "helpful": "ja"},
        {"page": "https://evil.example/", "helpful": "ja"},
        {"page": "standard.check_result:" + "x" * 300, "helpful": "ja"},
    ],
)
def test_anything_but_a_known_page_and_yes_or_no_is_refused(
    client_request: ClientRequest, data: dict[str, str]
) -> None:
    client_request.post(FEEDBACK, _data=data, _expected_status=400)
    assert stored() == []


def test_feedback_from_another_site_is_refused(csrf_app: Flask) -> None:
    browser = ClientRequest(csrf_app.test_client())
    answer = {"page": "standard.about", "helpful": "ja"}
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}, {"Origin": "null"}):
        browser.post(FEEDBACK, _data=answer, _headers=headers, _expected_status=400)
    assert stored() == []
    # The page's own form carries no token, and its post from the same site is accepted.
    html = browser.get_response("standard.about").get_data(as_text=True)
    assert "csrf_token" not in html
    for headers in ({"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://portal.test"}):
        browser.post(FEEDBACK, _data=answer, _headers=headers)
    assert stored() == [("standard.about", True, "da"), ("standard.about", True, "da")]
