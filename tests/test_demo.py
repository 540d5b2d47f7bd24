from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from portal import cpr
from portal.demo import DEMO_PEOPLE
from portal.extensions import db
from portal.models import Person


def test_demo_data_loads_and_loading_again_changes_nothing(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "3 new of 3" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert "0 new of 3" in second.output
    people = db.session.scalars(sa.select(Person).order_by(Person.id)).all()
    assert [p.full_name for p in people] == [f"{d.given_name} {d.family_name}" for d in DEMO_PEOPLE]
    assert cpr.decrypt(people[0].cpr_encrypted) == DEMO_PEOPLE[0].cpr


def test_karen_has_a_completed_gp_referred_course_with_a_program_a_log_and_an_end_note_once(app: Flask) -> None:
    from datetime import timedelta

    from portal.clock import today
    from portal.demo import DEMO_GP_CLINIC, DEMO_GP_CVR, DEMO_GP_NAME, DEMO_GP_SUBJECT, DEMO_PROGRAM, load_demo_data
    from portal.models import (
        Account,
        ApplicationSource,
        Course,
        CourseStatus,
        EndNote,
        Program,
        TrainingLogEntry,
        TrainingSession,
    )
    from tests.oidc_flow import persona

    gp = persona("gp")
    expected = (DEMO_GP_SUBJECT, DEMO_GP_NAME, DEMO_GP_CVR, DEMO_GP_CLINIC)
    assert (gp.sub, gp.name, gp.cvr, gp.organisation_name) == expected
    load_demo_data()
    load_demo_data()
    db.session.commit()
    courses = db.session.scalars(sa.select(Course).order_by(Course.id)).all()
    assert sorted(c.status for c in courses) == ["active", "completed", "completed"]
    # The active course with its booked sessions is as it was.
    assert len(db.session.scalars(sa.select(TrainingSession)).all()) == 6
    programs = db.session.scalars(sa.select(Program).order_by(Program.issued_at.desc())).all()
    assert len(programs) == 2 and all(p.is_issued for p in programs)
    newest, older = programs
    assert newest.course.status == CourseStatus.COMPLETED
    assert newest.course.application.source == ApplicationSource.GP
    referrer = db.session.get(Account, newest.course.application.created_by_account_id)
    assert (referrer.subject, referrer.organisation_cvr) == (DEMO_GP_SUBJECT, DEMO_GP_CVR)
    assert [item.exercise.slug for item in newest.items] == [item.slug for item in DEMO_PROGRAM]
    assert all(item.exercise.svg_file for item in newest.items)
    assert older.issued_at < newest.issued_at
    (note,) = db.session.scalars(sa.select(EndNote)).all()
    assert note.course_id == newest.course_id and note.issued_at is not None
    days = [e.day for e in db.session.scalars(sa.select(TrainingLogEntry).order_by(TrainingLogEntry.day))]
    assert len(days) == 10 and all(today() - timedelta(weeks=4) <= day <= today() for day in days)
