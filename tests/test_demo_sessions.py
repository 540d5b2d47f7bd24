"""`make run`'s demo data gives Karen a course with upcoming sessions, booked by the therapist persona."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.database import utcnow
from portal.demo import DEMO_THERAPIST_SUBJECT, load_demo_data
from portal.extensions import db
from portal.models import Account, Course, CourseStatus, Role, SessionStatus, TrainingSession
from tests.oidc_flow import log_in, persona


def test_karen_gets_a_course_with_upcoming_sessions_at_the_first_centre_once(app: Flask) -> None:
    load_demo_data()
    load_demo_data()
    db.session.commit()
    (course,) = db.session.scalars(sa.select(Course).where(Course.status == CourseStatus.ACTIVE)).all()
    assert course.person.given_name == "Karen"
    sessions = db.session.scalars(sa.select(TrainingSession)).all()
    assert len(sessions) == 6
    assert all(s.status == SessionStatus.BOOKED and s.starts_at > utcnow() for s in sessions)
    assert {s.centre_id for s in sessions} == {app.config["PROFILE"].centres[0].id}


def test_the_demo_therapist_is_the_persona_who_logs_in(app: Flask, client: FlaskClient) -> None:
    assert persona("therapist").sub == DEMO_THERAPIST_SUBJECT
    load_demo_data()
    db.session.commit()
    log_in(client, "therapist")
    (account,) = db.session.scalars(sa.select(Account).where(Account.subject == DEMO_THERAPIST_SUBJECT)).all()
    assert account.has_role(Role.THERAPIST)
    assert client.get("/medarbejder/forloeb/").get_data(as_text=True).count("Karen") == 1
