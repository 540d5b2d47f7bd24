"""Næstved promises a replacement session when the therapist cancels: the cancel form leads on to booking it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import SessionKind, SessionStatus, TrainingSession
from portal.sessions import services
from portal.sessions.services import Place
from tests import factories
from tests.oidc_flow import log_in


@pytest.fixture
def municipality() -> str:
    return "naestved"


def test_the_replacement_is_booked_and_linked_to_what_it_replaces(client: FlaskClient) -> None:
    course = factories.course(factories.person_for("citizen"), sessions_allowed=2)
    db.session.commit()
    log_in(client, "therapist")
    therapist = factories.account_of("therapist")
    (session,) = services.book(
        course, therapist.id, [datetime.now(UTC) + timedelta(days=3)], 60, Place(SessionKind.HOME)
    )
    course_id, session_id = course.id, session.id
    db.session.commit()
    form = client.get(f"/medarbejder/forloeb/{course_id}/traeningstider/{session_id}/aflys")
    assert "Kommunen lover en erstatningstid" in form.get_data(as_text=True)
    response = client.post(
        f"/medarbejder/forloeb/{course_id}/traeningstider/{session_id}/aflys", data={"reason": "Syg"}
    )
    assert response.headers["Location"] == f"/medarbejder/forloeb/{course_id}/bestil?erstatter={session_id}"
    day = (datetime.now(UTC) + timedelta(days=5)).date()
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
