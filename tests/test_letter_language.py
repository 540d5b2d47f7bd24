"""Letters are written in the language the person reads the portal in, with that language's dates; their lists keep a
line each, and they link to the portal's pages by full address."""

from __future__ import annotations

import importlib
import inspect
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.applications import decision_letters as case_letters
from portal.extensions import db
from portal.models import CourseEndReason, Message, Person
from portal.municipalities import load
from portal.outbox.letters import reader_language
from portal.programs import builder_letters as program_letters
from portal.sessions import services as session_services
from portal.sessions.services import Place
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path
from tests.program_builder.helpers import end_note

PORTAL = Path(__file__).resolve().parents[1] / "portal"

# Monday 30 November 2026, 12.13 in Copenhagen.
MONDAY_NOON = datetime(2026, 11, 30, 11, 13, tzinfo=UTC)


def reload(person: Person) -> Person:
    db.session.expire_all()
    return db.session.get(Person, person.id)


def letters_to(person: Person) -> list[Message]:
    return list(db.session.scalars(sa.select(Message).where(Message.person_id == person.id).order_by(Message.id)))


def test_logging_in_stores_the_language_and_the_switch_changes_it(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    assert karen.language is None  # known before any login: Danish letters
    client.set_cookie("portal_lang", "en", domain="portal.test")
    log_in(client, "citizen")
    assert reload(karen).language == "en"
    client_request.get_response("i18n.switch", _expected_status=303, language="da", next=path("main.index"))
    assert reload(karen).language == "da"


def test_the_switch_stores_nothing_for_an_anonymous_visitor(client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    client_request.get_response("i18n.switch", _expected_status=303, language="en", next=path("main.index"))
    assert reload(karen).language is None


def test_a_person_who_reads_english_gets_english_letters_with_english_dates(app: Flask) -> None:
    karen = factories.person_for("citizen")
    karen.language = "en"
    course = factories.course(karen)
    (session,) = session_services.book(
        course, factories.therapist_account().id, [MONDAY_NOON], 60, Place("individual", "auning")
    )
    session_services.cancel_by_therapist(session, "The therapist is ill.", at=datetime(2026, 11, 20, tzinfo=UTC))
    (letter,) = letters_to(karen)
    assert letter.language == "en"
    assert letter.subject == "We have cancelled your training session"
    assert "Monday, 30 November 2026 at 12:13" in letter.body
    assert "11/30/26" not in letter.body and "PM" not in letter.body


def test_a_person_who_never_chose_gets_danish_letters(app: Flask) -> None:
    karen = factories.person_for("citizen")
    course = factories.course(karen)
    (session,) = session_services.book(
        course, factories.therapist_account().id, [MONDAY_NOON], 60, Place("individual", "auning")
    )
    session_services.cancel_by_therapist(session, "Terapeuten er syg.", at=datetime(2026, 11, 20, tzinfo=UTC))
    (letter,) = letters_to(karen)
    assert letter.language == "da"
    assert "mandag den 30. november 2026 kl. 12.13" in letter.body


@pytest.mark.parametrize(("language", "day"), [("da", "mandag den 30. marts 2026"), ("en", "Monday, 30 March 2026")])
def test_a_decision_letter_is_written_in_the_readers_language(app: Flask, language: str, day: str) -> None:
    karen = factories.person_for("citizen")
    karen.language = language
    application = factories.application(karen, factories.account_for(karen))
    profile = load("norddjurs")
    letter = case_letters.grant(
        application,
        profile,
        profile.offer("tg1"),
        5,
        "x",
        datetime(2026, 3, 2, 14, tzinfo=UTC),
        language=reader_language(karen),
    )
    assert letter.language == language
    assert day in letter.body
    if language == "en":
        assert "How to complain" in letter.body and "Kind regards" in letter.body


def test_cancelled_times_stand_each_on_their_own_line_in_the_letter_and_on_its_page(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    course = factories.course(karen)
    factories.account_for(karen)
    starts = [datetime(2027, 3, day, 9, tzinfo=UTC) for day in (1, 3)]
    session_services.book(course, factories.therapist_account().id, starts, 60, Place("individual", "auning"))
    session_services.end_early(course, CourseEndReason.OTHER, "Flyttet.", at=datetime(2027, 2, 1, tzinfo=UTC))
    db.session.commit()
    (letter,) = letters_to(karen)
    assert "- mandag den 1. marts 2027 kl. 10.00\n- onsdag den 3. marts 2027 kl. 10.00" in letter.body
    log_in(client, "citizen")
    body = client_request.get("messages.show", message_id=letter.id)
    times = next(p for p in body.select(".message-body p") if "1. marts" in p.get_text())
    assert len(times.find_all("br")) == 1
    assert [line.strip() for line in times.get_text("\n").split("\n") if line.strip()] == [
        "- mandag den 1. marts 2027 kl. 10.00",
        "- onsdag den 3. marts 2027 kl. 10.00",
    ]


def test_the_program_letter_links_to_the_program(client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    course = factories.course(karen)
    factories.account_for(karen)
    note = end_note(course)
    letter = program_letters.program_issued(course, note, [])
    db.session.add(Message(person_id=karen.id, **program_letters.as_message_args(letter)))
    db.session.commit()
    address = "http://127.0.0.1:5000" + path("programs.mine")  # the configured PORTAL_URL
    assert f"Her finder du dit program: {address}" in letter.body
    log_in(client, "citizen")
    (message,) = letters_to(karen)
    page = client_request.get("messages.show", message_id=message.id)
    (link,) = page.select(".message-body a")
    assert link["href"] == address


def test_only_the_portals_own_addresses_become_links(client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    factories.account_for(karen)
    messages = "http://127.0.0.1:5000" + path("messages.index")  # the configured PORTAL_URL
    body = f"Se {messages} og https://elsewhere.example/x <b>fed</b>"
    db.session.add(Message(person_id=karen.id, kind="test", language="da", subject="Emne", body=body))
    db.session.commit()
    log_in(client, "citizen")
    (message,) = letters_to(karen)
    page = client_request.get("messages.show", message_id=message.id)
    assert [a["href"] for a in page.select(".message-body a")] == [messages]
    assert "<b>fed</b>" in page.select_one(".message-body").get_text()


LETTER_MODULES = sorted(
    str(file.relative_to(PORTAL.parent).with_suffix("")).replace("/", ".") for file in PORTAL.glob("**/*letters.py")
)


def test_the_letter_modules_are_found() -> None:
    assert "portal.applications.decision_letters" in LETTER_MODULES
    assert "portal.outbox.letters" in LETTER_MODULES
    assert len(LETTER_MODULES) >= 8


@pytest.mark.parametrize("module", LETTER_MODULES)
def test_no_letter_holds_a_hard_coded_path(module: str) -> None:
    source = inspect.getsource(importlib.import_module(module))
    assert re.findall(r"[\"']/[a-z]", source) == []
