"""Nye afbud: the therapist sees the citizens' cancellations and absence periods on their sessions, and marks them
seen."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import Account, SessionKind, SessionStatus, TrainingSession
from portal.sessions import notices, services
from portal.sessions.services import Place
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path


def soon(days: float) -> datetime:
    return (clock.utcnow() + timedelta(days=days)).replace(microsecond=0)


def section(page: BeautifulSoup) -> str:
    found = page.select_one("#nye-afbud")
    assert found is not None
    return " ".join(found.get_text().split())


def torben(app: Flask) -> tuple[ClientRequest, Account]:
    """The therapist persona, logged in on a client of their own."""
    staff = ClientRequest(app.test_client())
    log_in(staff.client, "therapist")
    return staff, factories.account_of("therapist")


def karens_sessions(therapist: Account, *starts: datetime) -> list[TrainingSession]:
    course = factories.course(factories.person_for("citizen"), sessions_allowed=80)
    made = services.book(course, therapist.id, list(starts), 60, Place(SessionKind.INDIVIDUAL, "auning"))
    db.session.commit()
    return made


def day_fields(name: str, moment: datetime) -> dict[str, str]:
    day = moment.astimezone(services.COPENHAGEN).date()
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def test_a_single_cancellation_reaches_the_therapist_until_seen(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    staff, therapist = torben(app)
    assert "Ingen nye afbud" in section(staff.get("staff_sessions.courses"))
    first, second = karens_sessions(therapist, soon(3), soon(5))
    log_in(client, "citizen")
    client_request.post("citizen_sessions.cancel", _data={"reason": "Tandlæge"}, session_id=first.id)

    text = section(staff.get("staff_sessions.courses"))
    assert "Karen Testesen: én træningstid aflyst" in text
    assert "Grund: Tandlæge" in text
    assert section(staff.get("staff.console")) == text
    seen = staff.post(
        "staff_sessions.seen",
        _data={"until": staff.get("staff.console").select_one('input[name="until"]')["value"]},
        til="konsol",
    )
    assert seen.headers["Location"] == path("staff.console", _anchor="nye-afbud")
    assert "Ingen nye afbud" in section(staff.get("staff_sessions.courses"))
    db.session.expire_all()
    assert db.session.get(TrainingSession, first.id).therapist_seen_at is not None

    # A later cancellation is new again.
    client_request.post("citizen_sessions.cancel", _data={"reason": ""}, session_id=second.id)
    text = section(staff.get("staff_sessions.courses"))
    assert "Karen Testesen: én træningstid aflyst" in text and "Grund: ikke oplyst" in text


def test_an_absence_period_is_one_notice_with_its_sessions_and_reason(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    staff, therapist = torben(app)
    first, _second, _later = karens_sessions(therapist, soon(2), soon(3), soon(20))
    log_in(client, "citizen")
    form = {**day_fields("first", first.starts_at), **day_fields("last", soon(10)), "reason": "Influenza"}
    # As the browser sends it: the confirmation carries the period the preview showed.
    preview = BeautifulSoup(
        client_request.post("citizen_sessions.absence", _data=form, _expected_status=200).get_data(as_text=True),
        "html.parser",
    )
    previewed = preview.find("input", attrs={"name": "previewed"})["value"]
    confirmed = {**form, "previewed": previewed, "confirm": "yes"}
    client_request.post("citizen_sessions.absence", _data=confirmed)

    html = staff.get("staff_sessions.courses")
    (notice,) = html.select("#nye-afbud li.new-cancellation")
    text = " ".join(notice.get_text().split())
    assert "Karen Testesen: fravær, 2 træningstider" in text
    assert "Grund: Influenza" in text
    assert len(notice.select("ul li")) == 2


def test_another_therapists_sessions_and_the_visitator_see_nothing(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    other = factories.therapist_account(display_name="Tove Terapeut")
    (session,) = karens_sessions(other, soon(3))
    services.cancel_by_citizen(session, "Syg", None)
    db.session.commit()
    staff, _therapist = torben(app)
    assert "Ingen nye afbud" in section(staff.get("staff_sessions.courses"))
    log_in(client, "visitator")
    assert client_request.get("staff_sessions.courses").select_one("#nye-afbud") is None
    assert client_request.get("staff.console").select_one("#nye-afbud") is None


def test_seen_leaves_a_cancellation_that_came_after_the_page_new(app: Flask) -> None:
    staff, therapist = torben(app)
    early, late = karens_sessions(therapist, soon(3), soon(4))
    services.cancel_by_citizen(early, "Syg", None, at=soon(-1))
    db.session.commit()
    until = staff.get("staff_sessions.courses").select_one('input[name="until"]')["value"]
    services.cancel_by_citizen(late, "Også syg", None)
    db.session.commit()
    staff.post("staff_sessions.seen", _data={"until": until})
    text = section(staff.get("staff_sessions.courses"))
    assert "Også syg" in text and "Grund: Syg" not in text


def test_a_bad_or_missing_moment_marks_nothing(app: Flask) -> None:
    staff, therapist = torben(app)
    (session,) = karens_sessions(therapist, soon(3))
    services.cancel_by_citizen(session, "Syg", None)
    db.session.commit()
    for data in ({}, {"until": "i går"}, {"until": "2026-01-01T10:00:00"}):
        staff.post("staff_sessions.seen", _data=data)
    assert "Grund: Syg" in section(staff.get("staff_sessions.courses"))


def test_many_cancellations_stay_within_budget_and_come_in_turns(app: Flask) -> None:
    # The page budget (6 queries, 30 KB) is checked on every page by the test app.
    staff, therapist = torben(app)
    people = [factories.a_person(number) for number in range(30)]
    moment = soon(-2)
    for number, person in enumerate(people):
        course = factories.course(person, sessions_allowed=10)
        made = services.book(
            course, therapist.id, [soon(3 + day) for day in range(3)], 30, Place(SessionKind.INDIVIDUAL, "auning")
        )
        for session in made:
            services.cancel_by_citizen(session, f"Grund {number}", None, at=moment + timedelta(minutes=number))
    db.session.commit()
    html = staff.get("staff_sessions.courses")
    shown = html.select("#nye-afbud li.new-cancellation")
    # SHOWN sessions at most (20), and never half of one citizen's notice: 6 whole notices of 3.
    assert len(shown) == notices.SHOWN // 3
    assert "Der er flere nye afbud" in html.get_text()
    staff.post("staff_sessions.seen", _data={"until": html.select_one('input[name="until"]')["value"]})
    unseen = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(TrainingSession)
        .where(
            TrainingSession.status == SessionStatus.CANCELLED_BY_CITIZEN, TrainingSession.therapist_seen_at.is_(None)
        )
    )
    assert unseen == 90 - 3 * len(shown)
    html = staff.get("staff.console")
    # The first citizen not yet marked seen comes next.
    assert f"Borger{len(shown)} Testesen" in html.select_one("#nye-afbud").get_text()
