"""Text a person wrote is shown as text, never as markup: on every page, and on every form sent back with it.

A therapist once named a team with a `<meta http-equiv=refresh>`; the booking form drew the name inside a lazy
string, which Jinja trusts as markup, and every other therapist who opened the form was sent off-site.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from tests import world
from tests.world import WALKERS, addresses, forms_on, is_page, log_in_as

MARKUP = '<meta http-equiv="refresh" content="0;url=https://evil.example/"><b>x</b>'


@pytest.fixture(autouse=True)
def letters_read_at_lix_35_or_below() -> Iterator[None]:
    """The world's letters carry MARKUP in every field a person writes: not prose, so their LIX is not measured
    here (the root conftest measures every other test's letters)."""
    yield


# Where each kind of user reads what others wrote; the walk must find the text there, shown as text.
PAGES_WITH_TEXT: dict[str, set[str]] = {
    "anonymous": set(),
    "citizen": {
        "access_log.mine",
        "applications.case",
        "applications.check",
        "applications.question",
        "applications.receipt",
        "case_questions.answer",
        "citizen_sessions.cancel",
        "citizen_sessions.index",
        "citizen_sessions.month_view",
        "delegations.choose",
        "delegations.relatives",
        "messages.index",
        "messages.show",
        "programs.mine",
        "programs.print_view",
        "programs.program",
        "programs.progress",
        "referrals.my_answers",
        "train.step",
    },
    "relative": {
        "applications.case",
        "applications.check",
        "applications.question",
        "applications.receipt",
        "case_questions.answer",
        "citizen_sessions.cancel",
        "citizen_sessions.index",
        "citizen_sessions.month_view",
        "delegations.choose",
        "messages.index",
        "messages.show",
        "programs.mine",
        "programs.print_view",
        "programs.program",
        "programs.progress",
        "referrals.my_answers",
        "train.step",
    },
    "gp": {
        "gp.referral",
        "gp.referral_sent",
        "gp.referrals",
    },
    "visitator": {
        "cases.ask",
        "cases.book_talk",
        "cases.case",
        "cases.grant",
        "cases.inbox",
        "cases.refuse",
        "exercises.edit",
        "exercises.exercise",
        "exercises.index",
        "exercises.picture",
        "staff.citizen",
        "staff_sessions.course",
        "staff_sessions.courses",
    },
    "helper": {"helper.step"},
    "therapist": {
        "exercises.edit",
        "exercises.exercise",
        "exercises.index",
        "exercises.picture",
        "program_builder.choose_template",
        "program_builder.end_note",
        "program_builder.introduction",
        "program_builder.item",
        "program_builder.picker",
        "program_builder.preview",
        "program_builder.program",
        "program_builder.templates",
        "staff.console",
        "staff_sessions.book",
        "staff_sessions.cancel",
        "staff_sessions.course",
        "staff_sessions.courses",
        "staff_sessions.end",
        "staff_teams.index",
    },
}


def markup_in(html: str) -> list[str]:
    """The pieces of MARKUP that became elements of the page."""
    page = BeautifulSoup(html, "html.parser")
    return [str(tag) for tag in page.select("meta[http-equiv]") + page.find_all("b", string="x")]


@pytest.mark.parametrize("walker", list(WALKERS))
def test_text_anyone_wrote_is_shown_as_text_on_every_page(app: Flask, walker: str) -> None:
    found = world.build(MARKUP)
    db.session.commit()
    client = app.test_client()
    log_in_as(client, walker, found)
    as_markup, shown = {}, set()
    forms = {}
    for endpoint, path in addresses(app, walker, found, "GET"):
        response = client.get(path)
        if not is_page(response):
            continue
        html = response.get_data(as_text=True)
        if markup_in(html):
            as_markup[path] = markup_in(html)
        if MARKUP in BeautifulSoup(html, "html.parser").get_text():
            shown.add(endpoint)
        for form in forms_on(BeautifulSoup(html, "html.parser"), path):
            forms.setdefault(form.key, form)
    assert as_markup == {}
    assert PAGES_WITH_TEXT[walker] <= shown

    # Every form, with the markup typed into each text box: what comes back shows it as text too.
    adapter = app.url_map.bind("portal.test")
    for form in forms.values():
        endpoint, _values = adapter.match(form.action.split("?")[0], method=form.method)
        if endpoint in world.NOT_WALKED:
            continue
        data = [(c.name, MARKUP if c.kind in ("text", "textarea") else c.value) for c in form.controls]
        response = (
            client.get(form.action, query_string=MultiDict(data))
            if form.method == "GET"
            else client.post(form.action, data=MultiDict(data))
        )
        if is_page(response) and markup_in(response.get_data(as_text=True)):
            as_markup[f"{form.method} {form.action}"] = markup_in(response.get_data(as_text=True))
    assert as_markup == {}
