"""Two changes to one session at once: the first to commit wins, and the other sees the current state.

The threaded tests use real parallel connections (one app context, so one session and connection, per thread) and
a barrier, so both have read the booked session before either writes. They run on SQLite always and on PostgreSQL
when TEST_DATABASE_URL is set, as on CI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import Channel, Message, OutboxItem, SessionKind, SessionStatus, TrainingSession
from portal.preferences.services import save_preference
from portal.sessions import services
from portal.sessions.services import Place
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path as path_of


def karens_session(starts: datetime, therapist_id: int | None = None) -> TrainingSession:
    course = factories.course(factories.person_for("citizen"), sessions_allowed=10)
    therapist = therapist_id or factories.therapist_account().id
    (session,) = services.book(course, therapist, [starts], 60, Place(SessionKind.INDIVIDUAL, "auning"))
    db.session.commit()
    return session


def in_days(days: float) -> datetime:
    return (clock.utcnow() + timedelta(days=days)).replace(microsecond=0)


def status_of(session_id: int) -> str:
    db.session.expire_all()
    return db.session.get(TrainingSession, session_id).status


def messages() -> list[Message]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Message).order_by(Message.id)))


def at_once(app: Flask, session_id: int, *changes: Callable[[TrainingSession], bool]) -> list[bool]:
    """Runs each change in its own thread and connection; all read the session, then all write at once."""
    barrier = threading.Barrier(len(changes), timeout=30)
    results: dict[int, bool] = {}
    errors: list[BaseException] = []

    def worker(number: int, change: Callable[[TrainingSession], bool]) -> None:
        try:
            with app.app_context():
                session = db.session.get(TrainingSession, session_id)
                assert session.status == SessionStatus.BOOKED
                barrier.wait()
                results[number] = change(session)
                db.session.commit()
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n, change)) for n, change in enumerate(changes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return [results[n] for n in range(len(changes))]


def test_two_cancellations_at_once_cancel_once_and_send_one_message(app: Flask) -> None:
    session = karens_session(in_days(3))

    def citizen(training: TrainingSession) -> bool:
        return services.cancel_by_citizen(training, "Tandlæge", 24)

    assert sorted(at_once(app, session.id, citizen, citizen)) == [False, True]
    assert status_of(session.id) == SessionStatus.CANCELLED_BY_CITIZEN
    assert [message.kind for message in messages()] == ["session.cancelled_by_citizen"]


def test_the_citizen_and_the_therapist_cancelling_at_once_leave_one_cancellation(app: Flask) -> None:
    session = karens_session(in_days(3))
    won = at_once(
        app,
        session.id,
        lambda training: services.cancel_by_citizen(training, None, 24),
        lambda training: services.cancel_by_therapist(training, "Syg"),
    )
    assert sorted(won) == [False, True]
    expected = SessionStatus.CANCELLED_BY_CITIZEN if won[0] else SessionStatus.CANCELLED_BY_THERAPIST
    assert status_of(session.id) == expected
    assert len(messages()) == 1


def test_attendance_and_a_citizens_cancel_at_once_leave_one_consistent_state(app: Flask) -> None:
    session = karens_session(in_days(0.01))
    cancelled, attended = at_once(
        app,
        session.id,
        lambda training: services.cancel_by_citizen(training, None, None),
        lambda training: services.record_attendance(training, SessionStatus.ATTENDED),
    )
    assert cancelled != attended
    if cancelled:
        assert status_of(session.id) == SessionStatus.CANCELLED_BY_CITIZEN
        assert [message.kind for message in messages()] == ["session.cancelled_by_citizen"]
    else:
        assert status_of(session.id) == SessionStatus.ATTENDED
        assert messages() == []


def test_a_cancel_after_attendance_is_refused(app: Flask) -> None:
    session = karens_session(in_days(-0.01))
    assert services.record_attendance(session, SessionStatus.NO_SHOW)
    assert not services.cancel_by_citizen(session, None, None)
    assert session.status == SessionStatus.NO_SHOW and messages() == []


def test_attendance_on_a_citizens_cancellation_needs_an_explicit_correction(app: Flask) -> None:
    session = karens_session(in_days(-0.01))
    assert services.cancel_by_citizen(session, "Syg", None)
    assert not services.record_attendance(session, SessionStatus.ATTENDED)
    assert session.status == SessionStatus.CANCELLED_BY_CITIZEN
    assert services.record_attendance(session, SessionStatus.ATTENDED, correct=True)
    assert session.status == SessionStatus.ATTENDED


def test_a_therapists_cancellation_never_gets_attendance(app: Flask) -> None:
    session = karens_session(in_days(-0.01))
    assert services.cancel_by_therapist(session, "Syg")
    assert not services.record_attendance(session, SessionStatus.ATTENDED, correct=True)
    assert session.status == SessionStatus.CANCELLED_BY_THERAPIST


def page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_relative_who_cancels_second_is_told_it_was_already_cancelled(app: Flask) -> None:
    session = karens_session(in_days(3))
    made = factories.delegation(factories.person_for("citizen"), factories.person_for("relative"))
    db.session.commit()
    karen, mette = app.test_client(), app.test_client()
    log_in(karen, "citizen")
    log_in(mette, "relative")
    ClientRequest(mette).post("delegations.act_for", delegation_id=made.id)
    path = path_of("citizen_sessions.cancel", session_id=session.id)
    # Both have the cancel page open; Karen sends first.
    assert karen.get(path).status_code == 200 and mette.get(path).status_code == 200
    assert karen.post(path, data={"reason": "Syg"}).status_code == 303
    late = mette.post(path, data={"reason": "Syg"}, follow_redirects=True)
    alert = page(late).select_one(".alert-warning")
    assert alert is not None and alert.get_text(strip=True) == "Træningen var allerede aflyst."
    assert len(messages()) == 1
    # Opening the page again says the same instead of offering to cancel.
    again = page(mette.get(path, follow_redirects=True))
    assert "Træningen var allerede aflyst." in again.select_one(".alert-warning").get_text()


def test_the_citizen_who_cancels_after_attendance_is_told_why_not(app: Flask, client: FlaskClient) -> None:
    session = karens_session(in_days(3))
    log_in(client, "citizen")
    path = path_of("citizen_sessions.cancel", session_id=session.id)
    assert client.get(path).status_code == 200
    services.record_attendance(session, SessionStatus.ABSENT_WITH_NOTICE)
    db.session.commit()
    html = page(client.post(path, data={}, follow_redirects=True))
    assert "Terapeuten har allerede skrevet, om du kom" in html.select_one(".alert-warning").get_text()
    assert status_of(session.id) == SessionStatus.ABSENT_WITH_NOTICE


def test_the_therapist_is_refused_attendance_on_a_cancelled_session_and_may_correct_it(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "therapist")
    session = karens_session(in_days(-0.01), factories.account_of("therapist").id)
    course_id, session_id = session.course_id, session.id
    services.cancel_by_citizen(session, "Syg", None)
    db.session.commit()
    path = path_of("staff_sessions.attendance", course_id=course_id, session_id=session_id)
    refused = page(client.post(path, data={"status": "attended"}, follow_redirects=True))
    assert "Borgeren har aflyst træningen, så fremmødet blev ikke gemt." in refused.get_text()
    assert status_of(session_id) == SessionStatus.CANCELLED_BY_CITIZEN
    correction = refused.select_one(f'form[action="{path}"] input[name="correct"]')
    assert correction is not None and correction["value"] == "y"
    saved = page(client.post(path, data={"status": "attended", "correct": "y"}, follow_redirects=True))
    assert "Fremmødet er gemt." in saved.get_text()
    assert status_of(session_id) == SessionStatus.ATTENDED


def outbox_of(kind: str) -> list[tuple[str, str | None]]:
    db.session.expire_all()
    return [
        (item.channel, item.address)
        for item in db.session.scalars(
            sa.select(OutboxItem).join(Message).where(Message.kind == kind).order_by(OutboxItem.id)
        )
    ]


def test_cancel_and_absence_letters_go_through_the_persons_channels(app: Flask) -> None:
    karen = factories.person_for("citizen")
    save_preference(karen.id, True, [Channel.EMAIL, Channel.SMS], 17, "karen@eksempel.dk", "12345678")
    first = karens_session(in_days(3))
    second = karens_session(in_days(5))
    third = karens_session(in_days(10))
    services.cancel_by_therapist(first, "Syg")
    services.cancel_by_citizen(second, None, 24)
    services.register_absence(karen.id, third.starts_at.date(), third.starts_at.date(), None, 24)
    db.session.commit()
    everywhere = [("digital_post", None), ("email", "karen@eksempel.dk"), ("sms", "12345678")]
    assert outbox_of("session.cancelled_by_therapist") == everywhere
    assert outbox_of("session.cancelled_by_citizen") == everywhere
    assert outbox_of("session.absence") == everywhere


def test_without_choices_a_cancel_letter_goes_to_digital_post_only(app: Flask) -> None:
    services.cancel_by_therapist(karens_session(in_days(3)), "Syg")
    db.session.commit()
    assert outbox_of("session.cancelled_by_therapist") == [("digital_post", None)]


def test_the_therapist_who_cancels_after_the_citizen_is_told_nothing_changed(app: Flask, client: FlaskClient) -> None:
    log_in(client, "therapist")
    session = karens_session(in_days(3), factories.account_of("therapist").id)
    course_id, session_id = session.course_id, session.id
    path = path_of("staff_sessions.cancel", course_id=course_id, session_id=session_id)
    assert client.get(path).status_code == 200
    services.cancel_by_citizen(session, None, None)
    db.session.commit()
    html = page(client.post(path, data={"reason": "Syg"}, follow_redirects=True))
    assert "Træningen er ikke længere booket, så den blev ikke aflyst." in html.select_one(".alert-warning").get_text()
    assert status_of(session_id) == SessionStatus.CANCELLED_BY_CITIZEN
    assert [message.kind for message in messages()] == ["session.cancelled_by_citizen"]
