"""Error pages: the DKFDS look, both languages, plain words, never a stack trace."""

from __future__ import annotations

import logging

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient

from portal.auth.access import public
from tests.conftest import ClientRequest

# These tests add routes of their own, which Flask allows only on an app that has served no request yet.
pytestmark = pytest.mark.fresh_app

STATUSES = {
    400: ("Der var en fejl i det, der blev sendt", "Something in the request was wrong"),
    401: ("Du skal logge ind", "You need to log in"),
    403: ("Du har ikke adgang til siden", "You do not have access to this page"),
    404: ("Vi kunne ikke finde siden", "We could not find the page"),
    405: ("Siden kan ikke bruges på den måde", "The page cannot be used like that"),
    429: ("For mange forsøg", "Too many attempts"),
    500: ("Beklager, der skete en fejl hos os", "Sorry, something went wrong on our side"),
    503: ("Portalen er ikke tilgængelig lige nu", "The portal is not available right now"),
}


@pytest.fixture
def failing_app(app: Flask) -> Flask:
    @public
    def fail(code: int):
        abort(code)

    @public
    def crash():
        raise RuntimeError("secret detail 010101-1234")

    app.add_url_rule("/test/fail/<int:code>", "fail", fail)
    app.add_url_rule("/test/crash", "crash", crash)
    return app


@pytest.mark.parametrize("status", sorted(STATUSES))
@pytest.mark.parametrize("language", ["da", "en"])
def test_each_error_has_a_page_in_each_language(failing_app: Flask, status: int, language: str) -> None:
    client = failing_app.test_client()
    client.set_cookie("portal_lang", language, domain="portal.test")
    request = ClientRequest(client)
    response = (
        request.get_response("crash", 500) if status == 500 else request.get_response("fail", status, code=status)
    )
    page = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    title = STATUSES[status][0 if language == "da" else 1]
    assert f"<h1>{title}</h1>" in page
    assert f"<title>{title} –" in page
    assert 'class="skipnav"' in page


def test_not_found_for_an_unknown_address(client: FlaskClient) -> None:
    # An address no endpoint has, on purpose.
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    assert "Vi kunne ikke finde siden" in response.get_data(as_text=True)


def test_method_not_allowed_keeps_the_allow_header(client_request: ClientRequest) -> None:
    response = client_request.post("main.index", _expected_status=405)
    assert "GET" in response.headers["Allow"]
    assert "Siden kan ikke bruges på den måde" in response.get_data(as_text=True)


def test_a_crash_shows_no_stack_trace_and_logs_no_message(failing_app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="portal.errors"):
        response = ClientRequest(failing_app.test_client()).get_response("crash", 500)
    page = response.get_data(as_text=True)
    assert "Traceback" not in page
    assert "secret detail" not in page
    assert "RuntimeError" in caplog.text
    assert "010101-1234" not in caplog.text
    assert "Det, du har sendt, er ikke gået tabt" in page
