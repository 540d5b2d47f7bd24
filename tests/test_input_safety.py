"""No input makes the portal fail: every form and every list's page number, as each kind of user, on each database.

A day of 99999999999999999999 once overflowed the date, the same page number overflowed the query's offset, an id
that size the database's integer, and a NUL byte in a text made PostgreSQL refuse the row: each a 500 for whoever
typed it. Each such input now gets the form's own message, or the nearest page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from werkzeug.datastructures import MultiDict

from portal.clock import today
from portal.extensions import db
from tests import world
from tests.conftest import ClientRequest
from tests.world import WALKERS, FoundForm, addresses, forms_on, is_page, log_in_as


@pytest.fixture(autouse=True)
def letters_read_at_lix_35_or_below() -> Iterator[None]:
    """The world's letters carry markup in every field a person writes: not prose, so their LIX is not measured
    here (the root conftest measures every other test's letters)."""
    yield


HUGE = "99999999999999999999"
NUL = "\x00"
# POST routes no page of the walk offers a form for, and why.
UNREACHED: dict[str, set[str]] = {
    "anonymous": set(),
    "citizen": set(),
    # Only the citizen takes back a fuldmagt, on her own page; a relative acting for her is not offered it.
    "relative": {"delegations.revoke"},
    # "Check and send" follows a referral form filled in right, which no input of the walk is.
    "gp": {"gp.check_referral"},
    "visitator": set(),
    # Going on after the no-show limit: Norddjurs, the walk's municipality, has no no-show rule.
    "therapist": {"staff_sessions.keep"},
    "helper": set(),
}


def _date_part(name: str) -> str:
    """Today, in the box the name is for: a date every date field takes."""
    parts = {"-day": today().day, "-month": today().month, "-year": today().year}
    return next(str(value) for part, value in parts.items() if name.endswith(part))


def variants(form: FoundForm) -> dict[str, list[tuple[str, str]]]:
    """The form as drawn, but with a NUL byte in every text, or the huge number in every box (dates too)."""
    nul, huge = [], []
    for control in form.controls:
        if control.kind in ("text", "textarea", "hidden"):
            nul.append((control.name, (control.value or "Tekst") + NUL))
            huge.append((control.name, HUGE))
        elif control.kind == "date":
            nul.append((control.name, control.value or _date_part(control.name)))
            huge.append((control.name, HUGE))
        else:
            nul.append((control.name, control.value))
            huge.append((control.name, control.value))
    return {"NUL byte": nul, "huge number": huge}


def _send(client: Any, form: FoundForm, data: list[tuple[str, str]]) -> Any:
    if form.method == "GET":
        return client.get(form.action, query_string=MultiDict(data))
    return client.post(form.action, data=MultiDict(data))


@pytest.mark.parametrize("walker", list(WALKERS))
def test_no_form_and_no_page_number_answers_with_a_server_error(app: Flask, walker: str) -> None:
    found = world.build("Tekst")
    db.session.commit()
    client = app.test_client()
    log_in_as(client, walker, found)
    failures: list[str] = []
    forms: dict[tuple[str, str, tuple[str, ...]], FoundForm] = {}
    for _endpoint, path in addresses(app, walker, found, "GET"):
        response = client.get(path)
        if response.status_code >= 500:
            failures.append(f"GET {path}")
        if not is_page(response):
            continue
        for page in (HUGE, "-1", "x"):
            if client.get(path, query_string={"side": page}).status_code >= 500:
                failures.append(f"GET {path}?side={page}")
        for form in forms_on(BeautifulSoup(response.get_data(as_text=True), "html.parser"), path):
            forms.setdefault(form.key, form)

    adapter = app.url_map.bind("portal.test")
    posted = set()
    for form in forms.values():
        endpoint, _values = adapter.match(form.action.split("?")[0], method=form.method)
        if endpoint in world.NOT_WALKED:
            continue
        posted.add(endpoint)
        for name, data in variants(form).items():
            if _send(client, form, data).status_code >= 500:
                failures.append(f"{form.method} {form.action} with a {name}")

    assert failures == []
    may_post = {endpoint for endpoint, _path in addresses(app, walker, found, "POST")}
    assert may_post - posted == UNREACHED[walker]


@pytest.mark.parametrize("walker", ["citizen", "therapist"])
def test_an_id_no_row_can_have_is_not_found(app: Flask, walker: str) -> None:
    found = world.build("Tekst")
    db.session.commit()
    client = app.test_client()
    log_in_as(client, walker, found)
    huge_ids = {name: [int(HUGE)] for name, values in found.ids.items() if isinstance(values[0], int)}
    statuses = {
        path: client.get(path).status_code
        for _endpoint, path in addresses(app, walker, world.World(ids={**found.ids, **huge_ids}), "GET")
        if HUGE in path
    }
    assert statuses and set(statuses.values()) == {404}
    ClientRequest(client).get_response(
        "staff_sessions.book",
        _expected_status=200 if walker == "therapist" else 403,
        course_id=found.ids["course_id"][0],
        erstatter=HUGE,
    )
