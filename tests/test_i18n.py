"""Danish first, English second: every string in both catalogues, and a switch that keeps your place."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from portal.translations_check import missing_translations, used_msgids
from portal.urls import safe_next
from tests.conftest import ClientRequest
from tests.paths import path


def test_every_string_in_code_and_templates_is_in_both_catalogues() -> None:
    assert missing_translations() == {"da": [], "en": []}


def test_the_check_finds_strings_at_all() -> None:
    # Guards the test above against an extraction that silently finds nothing.
    used = used_msgids()
    assert "Training portal" in used
    assert "We could not find the page" in used


def test_danish_is_the_default_language(client_request: ClientRequest) -> None:
    page = str(client_request.get("main.index"))
    assert '<html lang="da">' in page
    assert "Træning efter sygdom eller skade" in page


def test_english_is_chosen_with_the_language_cookie(client_request: ClientRequest) -> None:
    page = str(client_request.get("main.index", _language="en"))
    assert '<html lang="en">' in page
    assert "Training after illness or injury" in page


def test_an_unknown_language_in_the_cookie_falls_back_to_danish(client_request: ClientRequest) -> None:
    assert '<html lang="da">' in str(client_request.get("main.index", _language="xx"))


def test_the_switch_keeps_the_user_on_the_same_page(client_request: ClientRequest) -> None:
    response = client_request.get_response(
        "i18n.switch", _expected_status=303, language="en", next=path("pages.privacy")
    )
    assert response.headers["Location"] == path("pages.privacy")
    page = str(client_request.get("pages.privacy"))
    assert '<html lang="en">' in page
    assert "Privacy notice" in page


def test_the_switch_back_to_danish(client_request: ClientRequest) -> None:
    client_request.get_response("i18n.switch", _expected_status=303, language="en", next=path("main.index"))
    client_request.get_response("i18n.switch", _expected_status=303, language="da", next=path("main.index"))
    assert '<html lang="da">' in str(client_request.get("main.index"))


def test_the_switch_refuses_an_unknown_language(client: FlaskClient) -> None:
    # A raw address on purpose: no link in the portal names a language it does not have.
    assert client.get("/sprog/xx?next=/").status_code == 404


def test_the_switch_sets_only_the_language_cookie(client_request: ClientRequest) -> None:
    response = client_request.get_response("i18n.switch", _expected_status=303, language="en", next=path("main.index"))
    cookies = response.headers.getlist("Set-Cookie")
    assert [cookie.split("=")[0] for cookie in cookies] == ["portal_lang"]


def test_the_switch_is_a_plain_link_on_every_page_that_keeps_the_place(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    page = client_request.get("standard.offers", x=1)
    here = path("standard.offers", x=1)
    link = page.select_one('header a[hreflang="en"]')
    assert link["href"] == path("i18n.switch", language="en", next=here) == "/sprog/en?next=/tilbud?x%3D1"
    assert (link["lang"], link.get_text(strip=True)) == ("en", "English")
    assert page.select('header form[action^="/sprog/"]') == []
    english = BeautifulSoup(client.get(link["href"], follow_redirects=True).get_data(as_text=True), "html.parser")
    assert english.select_one('header a[hreflang="da"]')["href"] == path("i18n.switch", language="da", next=here)


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


@pytest.mark.parametrize(
    ("language", "long_date", "full_date", "short_time", "short_moment"),
    [
        ("da", "3. december 2026", "torsdag den 3. december 2026", "15.45", "03.12.2026 15.45"),
        # English as in Britain, as the letters write it, not Babel's plain "en" (US).
        ("en", "3 December 2026", "Thursday, 3 December 2026", "15:45", "03/12/2026, 15:45"),
    ],
)
def test_dates_are_written_as_the_readers_language_writes_them_in_copenhagen_time(
    app: Flask, language: str, long_date: str, full_date: str, short_time: str, short_moment: str
) -> None:
    from portal import dates

    moment = datetime(2026, 12, 3, 14, 45, tzinfo=UTC)  # 15:45 in Copenhagen
    cookie = f"{app.config['LANGUAGE_COOKIE']}={language}"
    with app.test_request_context("/", headers={"Cookie": cookie}):
        assert dates.dateformat(date(2026, 12, 3), "long") == long_date
        assert dates.dateformat(moment, "full") == full_date
        assert dates.timeformat(moment, "short") == short_time
        assert dates.datetimeformat(moment, "short") == short_moment
        # The templates' filters are the same functions.
        rendered = render_template_string("{{ m|dateformat('long') }} {{ m|timeformat('short') }}", m=moment)
        assert rendered == f"{long_date} {short_time}"
