"""The LIX of each page is shown to staff, and only to staff, always for the Danish text."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from portal.standard.lix import page_lix
from tests.conftest import ClientRequest

# The page the note is checked on: one offer's page.
OFFER = {"endpoint": "standard.offer", "offer_id": "tg2"}


def note(client: FlaskClient) -> str | None:
    page = ClientRequest(client).get(**OFFER)
    found = page.select_one(".lix-note")
    return found.get_text() if found else None


@pytest.mark.parametrize("staff", ["visitator", "therapist"])
def test_staff_see_the_lix_of_the_danish_text(client: FlaskClient, login: Callable, staff: str) -> None:
    danish_for_everyone = round(page_lix(ClientRequest(client).get_response(**OFFER).get_data(as_text=True)))
    login(staff)
    assert note(client) == f"Til medarbejdere: Den danske tekst på siden har LIX {danish_for_everyone}. Grænsen er 35."
    client.set_cookie("portal_lang", "en", domain="portal.test")
    assert note(client) == f"For staff: the Danish text of this page has LIX {danish_for_everyone}. The limit is 35."


@pytest.mark.parametrize("caller", ["citizen", "gp"])
def test_others_do_not_see_it(client: FlaskClient, login: Callable, caller: str) -> None:
    login(caller)
    assert note(client) is None


def test_anonymous_visitors_do_not_see_it(client: FlaskClient) -> None:
    assert note(client) is None


def test_the_note_is_not_counted_in_the_score(client: FlaskClient, login: Callable) -> None:
    login("therapist")
    html = ClientRequest(client).get_response(**OFFER).get_data(as_text=True)
    shown = int(re.search(r"LIX (\d+)", html).group(1))
    assert round(page_lix(html)) == shown
