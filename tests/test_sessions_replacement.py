"""Næstved promises a replacement session when the therapist cancels: the cancel form leads on to booking it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
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
from tests.paths import path


@pytest.fixture
def municipality() -> str:
    return "naestved"


def test_the_replacement_is_booked_and_linked_to_what_it_replaces(client: FlaskClient) -> None:
    course = factories.course(factories.person_for("citizen"), sessions_allowed=2)
    db.session.commit()
    log_in(client, "therapist")
    therapist = factories.account_of("therapist")
    (session,) = services.book(course, therapist.id, [clock.utcnow() + timedelta(days=3)], 60, Place(SessionKind.HOME))
    course_id, session_id = course.id, session.id
    db.session.commit()
    therapist_request = ClientRequest(client)
    form = therapist_request.get("staff_sessions.cancel", course_id=course_id, session_id=session_id)
    assert "Kommunen lover en erstatningstid" in form.get_text()
    response = therapist_request.post(
        "staff_sessions.cancel", _data={"reason": "Syg"}, course_id=course_id, session_id=session_id
    )
    assert response.headers["Location"] == path("staff_sessions.book", course_id=course_id, erstatter=session_id)
    day = (clock.utcnow() + timedelta(days=5)).date()
    booked = client.post(
        response.headers["Location"],
        data={
            "kind": "home",
            "where": "home",
            "first_day-day": str(day.day),
            "first_day-month": str(day.month),
            "first_day-year": str(day.year),
            "at": "11.00",
            "minutes": "60",
            "count": "1",
        },
    )
    assert booked.status_code == 303
    replacement = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.status == SessionStatus.BOOKED))
    assert replacement.replaces_session_id == session_id


def test_the_replacement_message_names_the_new_time_and_goes_through_the_persons_channels(
    client: FlaskClient,
) -> None:
    # The week before, from the login on: a booking form takes a date at most a year ahead.
    with clock.clock_set_to(datetime(2030, 2, 25, 9, tzinfo=clock.COPENHAGEN)):
        karen = factories.person_for("citizen")
        save_preference(karen.id, True, [Channel.SMS], 17, None, "12345678")
        course = factories.course(karen, sessions_allowed=2)
        db.session.commit()
        log_in(client, "therapist")
        therapist = factories.account_of("therapist")
        old_start = datetime(2030, 3, 4, 9, tzinfo=UTC)  # Monday 4 March 2030, 10.00 in Copenhagen
        (session,) = services.book(course, therapist.id, [old_start], 60, Place(SessionKind.HOME))
        services.cancel_by_therapist(session, "Syg")
        course_id, session_id = course.id, session.id
        db.session.commit()
        ClientRequest(client).post(
            "staff_sessions.book",
            course_id=course_id,
            erstatter=session_id,
            _data={
                "kind": "home",
                "where": "home",
                "first_day-day": "6",
                "first_day-month": "3",
                "first_day-year": "2030",
                "at": "13.15",
                "minutes": "60",
                "count": "1",
            },
        )
        message = db.session.scalar(sa.select(Message).where(Message.kind == "session.replacement"))
        assert message.subject == "Du har fået en ny træningstid"
        assert "I stedet for den aflyste træning mandag den 4. marts 2030 kl. 10.00" in message.body
        assert "- onsdag den 6. marts 2030 kl. 13.15" in message.body
        deliveries = db.session.scalars(
            sa.select(OutboxItem).where(OutboxItem.message_id == message.id).order_by(OutboxItem.id)
        ).all()
        assert [(item.channel, item.address) for item in deliveries] == [("digital_post", None), ("sms", "12345678")]


def test_a_booking_that_replaces_nothing_sends_no_replacement_message(client: FlaskClient) -> None:
    course = factories.course(factories.person_for("citizen"), sessions_allowed=2)
    therapist = factories.therapist_account()
    services.book(course, therapist.id, [datetime(2030, 3, 4, 9, tzinfo=UTC)], 60, Place(SessionKind.HOME))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0


def test_karen_sees_the_replacement_linked_to_the_cancelled_session(app: object, client: FlaskClient) -> None:

    course = factories.course(factories.person_for("citizen"), sessions_allowed=4)
    therapist = factories.therapist_account()
    start = (clock.utcnow() + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    (cancelled,) = services.book(course, therapist.id, [start], 60, Place(SessionKind.HOME))
    services.cancel_by_therapist(cancelled, "Syg")
    (replacement,) = services.book(
        course, therapist.id, [start + timedelta(days=2)], 60, Place(SessionKind.HOME), replaces_session_id=cancelled.id
    )
    db.session.commit()
    log_in(client, "citizen")
    html = ClientRequest(client).get("citizen_sessions.index")
    forward = html.select_one(f"#traening-{replacement.id} .replacement-link a")
    assert forward is not None and forward["href"] == f"#traening-{cancelled.id}"
    assert "Denne træningstid erstatter den, terapeuten aflyste" in forward.get_text()
    back = html.select_one(f"#traening-{cancelled.id} .replacement-link a")
    assert back is not None and back["href"] == f"#traening-{replacement.id}"
    assert "Du får en ny træningstid" in back.get_text()
