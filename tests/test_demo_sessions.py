"""`make run`'s demo data gives Karen a course with upcoming sessions, booked by the therapist persona."""

from __future__ import annotations

import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal.clock import COPENHAGEN
from portal.database import utcnow
from portal.demo import DEMO_THERAPIST_SUBJECT, load_demo_data
from portal.extensions import db
from portal.models import Account, Course, CourseStatus, Role, SessionStatus, TrainingSession
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in, persona
from tests.paths import path


def test_karen_gets_a_course_with_upcoming_sessions_at_the_first_centre_once(app: Flask) -> None:
    load_demo_data()
    load_demo_data()
    db.session.commit()
    # Bent's and Inge's courses from their plans are active too; theirs are tested with the plans.
    (course,) = db.session.scalars(
        sa.select(Course).where(Course.status == CourseStatus.ACTIVE, Course.application_id.is_not(None))
    ).all()
    assert course.person.given_name == "Karen"
    sessions = db.session.scalars(sa.select(TrainingSession).where(TrainingSession.person_id == course.person_id)).all()
    assert len(sessions) == 6
    assert all(s.status == SessionStatus.BOOKED and s.starts_at > utcnow() for s in sessions)
    assert {s.centre_id for s in sessions} == {app.config["PROFILE"].centres[0].id}


def test_the_demo_therapist_is_the_persona_who_logs_in(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    assert persona("therapist").sub == DEMO_THERAPIST_SUBJECT
    load_demo_data()
    db.session.commit()
    log_in(client, "therapist")
    (account,) = db.session.scalars(sa.select(Account).where(Account.subject == DEMO_THERAPIST_SUBJECT)).all()
    assert account.has_role(Role.THERAPIST)
    assert client_request.get_response("staff_sessions.courses").get_data(as_text=True).count("Karen") == 1


def _text(response: object) -> str:
    return " ".join(BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text().split())  # type: ignore[attr-defined]


def _words(html: BeautifulSoup) -> str:
    return " ".join(html.get_text().split())


def test_in_norddjurs_karen_sees_the_rule_cancels_one_session_and_registers_absence(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    # The default municipality: Norddjurs' standard gives no notice limit for afbud, so the page says just that.
    assert app.config["PROFILE"].absence.cancellation_notice_hours is None
    load_demo_data()
    db.session.commit()
    centre = app.config["PROFILE"].centres[0]
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.index")
    text = _words(html)
    assert "Kommunen har ikke sat en frist for afbud." in text
    assert "Meld afbud så tidligt, du kan." in text
    assert centre.name in text
    assert html.select_one(f'a[href="{path("standard.absence")}"]') is not None
    cancel_links = [a["href"] for a in html.select('a[href$="/aflys"]')]
    assert len(cancel_links) == 6

    # The cancel links as the page gives them.
    confirm = _text(client.get(cancel_links[0]))
    assert "Meld afbud så tidligt, du kan." in confirm
    assert client.post(cancel_links[0], data={"reason": "Tandlæge"}).status_code == 303

    karens = sa.select(Course.person_id).where(Course.application_id.is_not(None)).limit(1).scalar_subquery()
    sessions = db.session.scalars(
        sa.select(TrainingSession).where(TrainingSession.person_id == karens).order_by(TrainingSession.starts_at)
    ).all()
    last = sessions[-1].starts_at.astimezone(COPENHAGEN).date()
    first = sessions[1].starts_at.astimezone(COPENHAGEN).date()
    period = {
        **{f"first-{part}": str(getattr(first, part)) for part in ("day", "month", "year")},
        **{f"last-{part}": str(getattr(last, part)) for part in ("day", "month", "year")},
        "reason": "Influenza",
    }
    preview = client_request.post("citizen_sessions.absence", _data=period, _expected_status=200)
    assert "Det aflyser 5 træningstider" in _text(preview)
    assert "Meld afbud så tidligt, du kan." in _text(preview)
    previewed = BeautifulSoup(preview.get_data(as_text=True), "html.parser").find("input", attrs={"name": "previewed"})
    confirmed = {**period, "previewed": previewed["value"], "confirm": "yes"}
    client_request.post("citizen_sessions.absence", _data=confirmed)
    db.session.expire_all()
    statuses = db.session.scalars(sa.select(TrainingSession.status).where(TrainingSession.person_id == karens)).all()
    assert statuses == [SessionStatus.CANCELLED_BY_CITIZEN] * 6

    # Torben, who booked them, sees both under Nye afbud.
    staff = ClientRequest(app.test_client())
    log_in(staff.client, "therapist")
    news = staff.get("staff.console").select("#nye-afbud li.new-cancellation")
    assert ["Tandlæge" in notice.get_text() for notice in news] == [True, False]
    assert "fravær, 5 træningstider" in " ".join(news[1].get_text().split())
