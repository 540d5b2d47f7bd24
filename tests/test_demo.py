from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from portal import clock, cpr
from portal.demo import DEMO_PEOPLE
from portal.extensions import db
from portal.models import Person


def test_demo_data_loads_and_loading_again_changes_nothing(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "7 new of 7" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert "0 new of 7" in second.output
    people = db.session.scalars(sa.select(Person).order_by(Person.id)).all()
    assert [p.full_name for p in people] == [f"{d.given_name} {d.family_name}" for d in DEMO_PEOPLE]
    assert cpr.decrypt(people[0].cpr_encrypted) == DEMO_PEOPLE[0].cpr


def karens_person_id() -> int:
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
    karen = karens_person_id()
    courses = db.session.scalars(sa.select(Course).where(Course.person_id == karen).order_by(Course.id)).all()
    assert sorted(c.status for c in courses) == ["active", "completed", "completed"]
    # The active course with its booked sessions is as it was.
    assert len(db.session.scalars(sa.select(TrainingSession).where(TrainingSession.person_id == karen)).all()) == 6
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
    notes = {note.course_id: note for note in db.session.scalars(sa.select(EndNote))}
    assert set(notes) == {newest.course_id, older.course_id}
    assert notes[newest.course_id].issued_at == newest.issued_at
    days = [e.day for e in db.session.scalars(sa.select(TrainingLogEntry).order_by(TrainingLogEntry.day))]
    assert len(days) == 10 and all(today() - timedelta(weeks=4) <= day <= today() for day in days)


# --- one set of demo data, right on any day -------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    from portal.models import (
        AccessLog,
        Account,
        Application,
        ApplicationQuestion,
        Course,
        Delegation,
        EndNote,
        Message,
        Program,
        RehabilitationPlan,
        TrainingLogEntry,
        TrainingSession,
    )

    tables = (
        Account,
        Person,
        Application,
        ApplicationQuestion,
        Course,
        Delegation,
        EndNote,
        Message,
        Program,
        RehabilitationPlan,
        TrainingLogEntry,
        TrainingSession,
        AccessLog,
    )
    return {table.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(table)) for table in tables}


def test_loading_the_demo_twice_keeps_one_set_of_demo_data(app: Flask) -> None:
    from portal.demo import load_demo_data

    load_demo_data()
    db.session.commit()
    once = _counts()
    assert "Mette has an accepted fuldmagt from Karen." not in load_demo_data()
    db.session.commit()
    assert _counts() == once
    assert (once["Application"], once["Course"], once["Delegation"], once["ApplicationQuestion"]) == (6, 5, 1, 1)
    assert once["RehabilitationPlan"] == 2


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
    national = app.config["NATIONAL"]
    bent, inge = plans["Bent"], plans["Inge"]
    assert free_choice.standing(bent, starts[bent.course_id], clock.today(), national) == Standing.IN_TIME
    assert free_choice.standing(inge, starts[inge.course_id], clock.today(), national) == Standing.LATE
    assert bent.free_choice_letter_at is None and inge.free_choice_letter_at is not None
    letters = db.session.scalars(sa.select(Message.person_id).where(Message.kind == "plan.free_choice")).all()
    assert letters == [inge.person_id]


@pytest.mark.parametrize(
    "moment",
    [
        "2026-11-30T09:00",  # the last day of a month
        "2026-12-06T12:00",  # a Sunday
        "2026-12-24T10:00",  # Christmas Eve, before two holidays
        "2026-12-31T23:30",  # New Year's Eve, half an hour before a new year
        "2027-02-28T00:15",  # a Sunday that ends a month, just after midnight
        "2027-03-25T10:00",  # Maundy Thursday, before five closed days
        "2027-03-28T03:30",  # the night summer time begins
        "2026-04-01T09:00",  # the Wednesday before Easter: Bent's next working day is the Tuesday after
        "2026-12-23T16:00",  # the day before Christmas Eve, late in the afternoon
    ],
)
def test_the_demo_reads_right_on_any_day(app: Flask, moment: str) -> None:
    from portal.calendar import DanishCalendar, copenhagen_date
    from portal.demo import load_demo_data
    from portal.models import (
        Application,
        ApplicationQuestion,
        Course,
        Delegation,
        Program,
        RehabilitationPlan,
        TrainingLogEntry,
        TrainingSession,
    )
    from portal.plans import free_choice

    with clock.clock_set_to(clock.parse_moment(moment)):
        load_demo_data()
        db.session.commit()
        now, today = clock.utcnow(), clock.today()
        calendar = DanishCalendar.for_profile(app.config["PROFILE"])
        sessions = db.session.scalars(sa.select(TrainingSession).order_by(TrainingSession.starts_at)).all()
        karen = db.session.scalar(sa.select(Person.id).where(Person.given_name == "Karen"))
        assert len([s for s in sessions if s.person_id == karen]) == 6
        assert all(s.starts_at > now and calendar.is_working_day(copenhagen_date(s.starts_at)) for s in sessions)

        by_name = {a.person.given_name + str(a.status): a for a in db.session.scalars(sa.select(Application))}
        for case in by_name.values():
            happened = [at for at in (case.submitted_at, case.acknowledged_at, case.decided_at) if at is not None]
            assert happened == sorted(happened) and happened[-1] <= now, case.case_number
            if case.decided_at is not None and case.assessment_talk_at is not None:
                assert case.acknowledged_at < case.assessment_talk_at < case.decided_at, case.case_number
        # Hans's talk is still to come, on a working day; his question waits, asked after the case was acknowledged.
        hans = by_name["Hansin_assessment"]
        assert hans.assessment_talk_at > now and calendar.is_working_day(copenhagen_date(hans.assessment_talk_at))
        (question,) = db.session.scalars(sa.select(ApplicationQuestion)).all()
        assert hans.acknowledged_at < question.asked_at <= now and question.is_open
        assert by_name["Poulsubmitted"].submitted_at > now - timedelta(days=1)
        assert by_name["Ellensubmitted"].submitted_at < now - timedelta(days=28)

        # A plan's course has no application; none of the plans' courses has ended.
        for course in db.session.scalars(sa.select(Course).where(Course.ended_at.is_not(None))):
            assert course.application.decided_at < course.ended_at <= now
        for entry in db.session.scalars(sa.select(TrainingLogEntry)):
            program = db.session.get(Program, entry.program_id)
            assert copenhagen_date(program.issued_at) <= entry.day <= today
        (fuldmagt,) = db.session.scalars(sa.select(Delegation)).all()
        assert fuldmagt.is_active_on(today)

        # Bent's plan from yesterday starts in time; Inge's, 12 days old, does not.
        plans = {plan.person.given_name: plan for plan in db.session.scalars(sa.select(RehabilitationPlan))}
        starts = free_choice.first_starts(plan.course_id for plan in plans.values())
        national = app.config["NATIONAL"]
        bent, inge = plans["Bent"], plans["Inge"]
        assert free_choice.standing(bent, starts[bent.course_id], today, national) == free_choice.Standing.IN_TIME
        assert free_choice.standing(inge, starts[inge.course_id], today, national) == free_choice.Standing.LATE
