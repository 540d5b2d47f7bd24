"""Danish first, English second: every string in both catalogues, and a switch that keeps your place."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from portal.translations_check import missing_translations, used_msgids
from portal.urls import safe_next


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
    response = client.get("/sprog/en?next=/privatliv")
    assert response.status_code == 303
    assert response.headers["Location"] == "/privatliv"
    page = client.get("/privatliv").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Privacy notice" in page


def test_the_switch_back_to_danish(client: FlaskClient) -> None:
    client.get("/sprog/en?next=/")
    client.get("/sprog/da?next=/")
    assert '<html lang="da">' in client.get("/").get_data(as_text=True)


def test_the_switch_refuses_an_unknown_language(client: FlaskClient) -> None:
    assert client.get("/sprog/xx?next=/").status_code == 404


def test_the_switch_sets_only_the_language_cookie(client: FlaskClient) -> None:
    cookies = client.get("/sprog/en?next=/").headers.getlist("Set-Cookie")
    assert [cookie.split("=")[0] for cookie in cookies] == ["portal_lang"]


def test_the_switch_is_a_plain_link_on_every_page_that_keeps_the_place(client: FlaskClient) -> None:
    page = BeautifulSoup(client.get("/tilbud?x=1").get_data(as_text=True), "html.parser")
    link = page.select_one('header a[hreflang="en"]')
    assert link["href"] == "/sprog/en?next=/tilbud?x%3D1"
    assert (link["lang"], link.get_text(strip=True)) == ("en", "English")
    assert page.select('header form[action^="/sprog/"]') == []
    english = BeautifulSoup(client.get(link["href"], follow_redirects=True).get_data(as_text=True), "html.parser")
    assert english.select_one('header a[hreflang="da"]')["href"] == "/sprog/da?next=/tilbud?x%3D1"


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
