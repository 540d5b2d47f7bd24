"""The therapist's courses: book a session or a series, record attendance, cancel with a reason."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.clock import today
from portal.extensions import db
from portal.models import AccessLog, Course, Message, SessionKind, SessionStatus, TrainingSession
from portal.sessions import services
from portal.sessions.services import Place
from portal.staff.courses import routes
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path


def day_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def next_monday() -> date:
    day = today() + timedelta(days=7)
    return day - timedelta(days=day.weekday())


def booking(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "individual",
        "where": "auning",
        "address": "Sal 2",
        **day_fields("first_day", next_monday()),
        "at": "10.00",
        "minutes": "60",
        "count": "1",
    }
    values.update(overrides)
    return values


def karens_course(**overrides: Any) -> Course:
    return factories.course(factories.person_for("citizen"), **overrides)


def page(response: Any) -> BeautifulSoup:
    """A form's answer (a POST that shows the page again), parsed."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_therapist_books_a_series_on_two_weekdays(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    client_request.post("staff_sessions.book", _data=booking(weekdays=["0", "3"], count="4"), course_id=course.id)
    sessions = db.session.scalars(sa.select(TrainingSession).order_by(TrainingSession.starts_at)).all()
    assert len(sessions) == 4
    assert {s.starts_at.astimezone(services.COPENHAGEN).weekday() for s in sessions} <= {0, 3}
    assert all(s.centre_id == "auning" and s.place == "Sal 2" and s.minutes == 60 for s in sessions)
    assert sessions[0].therapist.subject == factories.persona("therapist").sub
    course_page = client_request.get("staff_sessions.course", course_id=course.id)
    assert "4 af 15" in course_page.get_text()
    assert "Træningscenter Auning, Sal 2" in course_page.get_text()


def test_a_single_session_at_home(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    client_request.post("staff_sessions.book", _data=booking(where="home", address=""), course_id=course.id)
    (session,) = db.session.scalars(sa.select(TrainingSession)).all()
    assert (session.kind, session.centre_id, session.place) == (SessionKind.HOME, None, None)


def test_booking_more_than_the_course_allows_is_refused_next_to_the_field(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course(sessions_allowed=2)
    db.session.commit()
    log_in(client, "therapist")
    response = client_request.post(
        "staff_sessions.book",
        _data=booking(weekdays=["0", "1", "2"], count="3"),
        _expected_status=200,
        course_id=course.id,
    )
    html = page(response)
    assert html.title.get_text().startswith("Fejl: ")
    assert "Forløbet har 2 træningsgange tilbage" in html.select_one(".form-error").get_text()
    assert html.select_one(".error-summary, .alert-error") is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TrainingSession)) == 0


def test_a_double_booking_is_refused_with_the_time(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    other = factories.course(factories.person_for("citizen_140"))
    db.session.commit()
    log_in(client, "therapist")
    client_request.post("staff_sessions.book", _data=booking(), course_id=course.id)
    response = client_request.post(
        "staff_sessions.book", _data=booking(at="10.30"), _expected_status=200, course_id=other.id
    )
    assert "Du har allerede en træningstid" in page(response).select_one(".form-error").get_text()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TrainingSession)) == 1


def test_more_than_one_session_needs_weekdays(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    response = client_request.post(
        "staff_sessions.book", _data=booking(count="3"), _expected_status=200, course_id=course.id
    )
    assert "Vælg ugedagene" in page(response).select_one(".form-error").get_text()


def booked(course: Course, start: datetime, minutes: int = 60) -> TrainingSession:
    therapist = factories.account_of("therapist")
    (session,) = services.book(course, therapist.id, [start], minutes, Place(SessionKind.INDIVIDUAL, "auning"))
    db.session.commit()
    return session


def test_the_therapist_records_attendance_on_a_session_that_has_started(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    session = booked(course, clock.utcnow() - timedelta(hours=2))
    client_request.post(
        "staff_sessions.attendance", _data={"status": "no_show"}, course_id=course.id, session_id=session.id
    )
    db.session.refresh(session)
    assert session.status == SessionStatus.NO_SHOW
    assert db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "sessions.attendance")) is not None


def test_the_course_page_says_booked_sessions_count_with_the_used_ones(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    held = booked(course, clock.utcnow() - timedelta(days=2))
    held.status = SessionStatus.ATTENDED
    for days in (2, 4, 6):
        booked(course, clock.utcnow() + timedelta(days=days))
    db.session.commit()
    course_page = client_request.get("staff_sessions.course", course_id=course.id)
    facts = [" ".join(li.get_text().split()) for li in course_page.select("li")]
    assert "Bookede eller brugte træningsgange: 4 af 15" in facts
    assert "Træningsgange tilbage at booke: 11" in facts
    assert any(fact.startswith("Fremmøde:") and "Mødt: 1" in fact for fact in facts)
    columns = client_request.get("staff_sessions.courses").select("table thead th")
    assert "Bookede eller brugte træningsgange" in [th.get_text() for th in columns]


def test_attendance_saved_without_a_choice_shows_the_error_at_the_session_and_in_a_summary(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    session = booked(course, clock.utcnow() - timedelta(hours=2))
    response = client_request.post(
        "staff_sessions.attendance", _data={}, _expected_status=200, course_id=course.id, session_id=session.id
    )
    shown = page(response)
    assert shown.select_one(".alert-success") is None and shown.select_one("[role=status]") is None
    summary = shown.select_one("[data-module=error-summary]")
    assert summary is not None and "Vælg fremmøde" in summary.get_text()
    assert summary.find("a")["href"] == f"#status-{session.id}-1"
    at_field = shown.select_one(f"#status-{session.id}-error")
    assert at_field is not None and "Vælg fremmøde" in at_field.get_text()
    assert shown.title.get_text().startswith("Fejl:")
    db.session.refresh(session)
    assert session.status == SessionStatus.BOOKED


def test_the_therapist_cancels_with_a_reason_and_the_citizen_is_told(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    session = booked(course, clock.utcnow() + timedelta(days=3))
    the_session = {"course_id": course.id, "session_id": session.id}
    response = client_request.post("staff_sessions.cancel", _data={"reason": ""}, _expected_status=200, **the_session)
    assert "Skriv hvorfor" in page(response).select_one(".form-error").get_text()
    response = client_request.post("staff_sessions.cancel", _data={"reason": "Terapeuten er syg"}, **the_session)
    # Norddjurs promises no replacement, so back to the course.
    assert response.headers["Location"] == path("staff_sessions.course", course_id=course.id)
    db.session.refresh(session)
    assert (session.status, session.cancel_reason) == (SessionStatus.CANCELLED_BY_THERAPIST, "Terapeuten er syg")
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.application_id == course.application_id and "Terapeuten er syg" in message.body


def test_a_visitator_may_read_the_course_but_not_book(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "visitator")
    client_request.get("staff_sessions.course", course_id=course.id)
    client_request.get("staff_sessions.book", _expected_status=403, course_id=course.id)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_course_list_stays_within_the_query_budget(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries, language: str
) -> None:
    log_in(client, "therapist")
    therapist = factories.account_of("therapist")
    start = clock.utcnow() + timedelta(days=2)
    for number in range(12):
        person = factories.a_person(number)
        course = factories.course(person)
        services.book(
            course, therapist.id, [start + timedelta(hours=number)], 45, Place(SessionKind.INDIVIDUAL, "auning")
        )
    db.session.commit()
    client.set_cookie("portal_lang", language, domain="portal.test")
    before = len(count_queries())
    response = client_request.get_response("staff_sessions.courses")
    assert len(count_queries()) - before <= 6
    assert response.get_data(as_text=True).count(path("staff_sessions.courses")) >= 12
    assert len(response.get_data()) < 30_000


def test_the_course_list_is_paged_and_logs_only_the_citizens_on_its_page(
    client: FlaskClient, client_request: ClientRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routes, "COURSES_PER_PAGE", 2)
    log_in(client, "therapist")
    therapist = factories.account_of("therapist")
    start = clock.utcnow() + timedelta(days=2)
    people = [factories.a_person(number) for number in range(3)]
    for number, person in enumerate(people):
        course = factories.course(person)
        services.book(
            course, therapist.id, [start + timedelta(hours=number)], 45, Place(SessionKind.INDIVIDUAL, "auning")
        )
    db.session.commit()
    first = client_request.get_response("staff_sessions.courses")
    second = client_request.get_response("staff_sessions.courses", side=2)
    assert first.get_data(as_text=True).count(path("staff_sessions.courses", side=2)) == 1
    assert sum(person.full_name in first.get_data(as_text=True) for person in people) == 2
    assert sum(person.full_name in second.get_data(as_text=True) for person in people) == 1
    logged = db.session.scalars(
        sa.select(AccessLog.subject_person_id).where(AccessLog.action == "staff_sessions.courses")
    ).all()
    assert sorted(logged) == sorted(person.id for person in people)


def test_the_course_page_stays_within_the_query_budget(
    client: FlaskClient, client_request: ClientRequest, count_queries
) -> None:
    course = karens_course(sessions_allowed=32)
    db.session.commit()
    log_in(client, "therapist")
    therapist = factories.account_of("therapist")
    start = clock.utcnow() - timedelta(days=10)
    services.book(course, therapist.id, [start + timedelta(days=n) for n in range(32)], 60, Place(SessionKind.HOME))
    db.session.commit()
    before = len(count_queries())
    response = client_request.get_response("staff_sessions.course", course_id=course.id)
    assert len(count_queries()) - before <= 6, "\n".join(q[:100] for q in count_queries()[before:])
    assert len(response.get_data()) < 30_000
