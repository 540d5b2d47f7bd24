"""Danish first, English second: every string in both catalogues, and a switch that keeps your place."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.i18n import safe_next
from portal.translations_check import missing_translations, used_msgids


def test_every_string_in_code_and_templates_is_in_both_catalogues() -> None:
    assert missing_translations() == {"da": [], "en": []}


def test_the_check_finds_strings_at_all() -> None:
    # Guards the test above against an extraction that silently finds nothing.
    used = used_msgids()
    assert "Training portal" in used
    assert "We could not find the page" in used


def test_danish_is_the_default_language(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="da">' in page
    assert "Træning efter sygdom eller skade" in page


def test_english_is_chosen_with_the_language_cookie(client: FlaskClient) -> None:
    client.set_cookie("portal_lang", "en", domain="portal.test")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Training after illness or injury" in page


def test_an_unknown_language_in_the_cookie_falls_back_to_danish(client: FlaskClient) -> None:
    client.set_cookie("portal_lang", "xx", domain="portal.test")
    assert '<html lang="da">' in client.get("/").get_data(as_text=True)


def test_the_switch_keeps_the_user_on_the_same_page(client: FlaskClient) -> None:
    response = client.post("/sprog/en", data={"next": "/privatliv"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/privatliv"
    page = client.get("/privatliv").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Privacy notice" in page


def test_the_switch_back_to_danish(client: FlaskClient) -> None:
    client.post("/sprog/en", data={"next": "/"})
    client.post("/sprog/da", data={"next": "/"})
    assert '<html lang="da">' in client.get("/").get_data(as_text=True)


def test_the_switch_refuses_an_unknown_language(client: FlaskClient) -> None:
    assert client.post("/sprog/xx", data={"next": "/"}).status_code == 404


def test_the_switch_needs_a_csrf_token(csrf_app: Flask) -> None:
    response = csrf_app.test_client().post("/sprog/en", data={"next": "/"})
    assert response.status_code == 400
    assert "Siden var udløbet" in response.get_data(as_text=True)


def test_the_switch_is_offered_on_every_page_as_a_form_that_works_without_javascript(client: FlaskClient) -> None:
    page = client.get("/cookies").get_data(as_text=True)
    assert 'action="/sprog/en"' in page
    assert 'name="next" value="/cookies"' in page


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/privatliv", "/privatliv"),
        ("/side?x=1", "/side?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_the_switch_only_returns_to_pages_on_this_site(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected
