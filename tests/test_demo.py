from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask import Flask

from portal import clock, cpr
from portal.clock import COPENHAGEN
from portal.demo import DEMO_PEOPLE
from portal.extensions import db
from portal.models import Person


def test_demo_data_loads_and_loading_again_changes_nothing(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "4 new of 4" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert "0 new of 4" in second.output
    people = db.session.scalars(sa.select(Person).order_by(Person.id)).all()
    assert [p.full_name for p in people] == [f"{d.given_name} {d.family_name}" for d in DEMO_PEOPLE]
    assert cpr.decrypt(people[0].cpr_encrypted) == DEMO_PEOPLE[0].cpr


def newest_person_id() -> int:
    """Karen's person: the one with programs."""
    from portal.models import Program

    return db.session.scalar(sa.select(Program.person_id).limit(1))


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
    courses = db.session.scalars(
        sa.select(Course).where(Course.person_id == newest_person_id()).order_by(Course.id)
    ).all()
    assert sorted(c.status for c in courses) == ["active", "completed", "completed"]
    # The active course with its booked sessions is as it was.
    karens = db.session.scalars(sa.select(TrainingSession).where(TrainingSession.person_id == newest_person_id()))
    assert len(karens.all()) == 6
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


def test_bent_starts_in_time_and_inge_late_with_the_letter_about_free_choice(app: Flask) -> None:
    from portal.demo import load_demo_data
    from portal.models import Message, RehabilitationPlan
    from portal.plans import free_choice
    from portal.plans.free_choice import Standing

    load_demo_data()
    load_demo_data()
    db.session.commit()
    plans = {plan.person.given_name: plan for plan in db.session.scalars(sa.select(RehabilitationPlan))}
    assert sorted(plans) == ["Bent", "Inge"]
    starts = free_choice.first_starts(plan.course_id for plan in plans.values())
    from portal.clock import today

    national = app.config["NATIONAL"]
    bent, inge = plans["Bent"], plans["Inge"]
    assert free_choice.standing(bent, starts[bent.course_id], today(), national) == Standing.IN_TIME
    assert free_choice.standing(inge, starts[inge.course_id], today(), national) == Standing.LATE
    assert bent.free_choice_letter_at is None and inge.free_choice_letter_at is not None
    letters = db.session.scalars(sa.select(Message.person_id).where(Message.kind == "plan.free_choice")).all()
    assert letters == [inge.person_id]


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 4, 1, 9, 0, tzinfo=COPENHAGEN),  # the Wednesday before Easter: next working day is Tuesday
        datetime(2026, 12, 23, 16, 0, tzinfo=COPENHAGEN),
        datetime(2026, 12, 31, 23, 30, tzinfo=COPENHAGEN),
        datetime(2026, 11, 29, 21, 45, tzinfo=COPENHAGEN),
    ],
    ids=["before Easter", "23 December", "31 December", "a Sunday"],
)
def test_bents_demo_start_is_in_time_on_any_day(app: Flask, moment: datetime) -> None:
    from portal.clock import today
    from portal.demo import load_demo_data
    from portal.models import RehabilitationPlan
    from portal.plans import free_choice

    with clock.clock_set_to(moment):
        load_demo_data()
        db.session.commit()
        bent = db.session.scalars(sa.select(RehabilitationPlan).join(Person).where(Person.given_name == "Bent")).one()
        first = free_choice.first_starts([bent.course_id])[bent.course_id]
        assert free_choice.standing(bent, first, today(), app.config["NATIONAL"]) == free_choice.Standing.IN_TIME
