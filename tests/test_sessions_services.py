"""Booking, cancelling, attendance and absence of training sessions, below the pages."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import IntegrityError

from portal import cpr
from portal.calendar import DanishCalendar
from portal.extensions import db
from portal.models import Course, Message, Person, SessionKind, SessionSlot, SessionStatus, TrainingSession
from portal.sessions import course_list, services
from portal.sessions.services import BookingRefused, Place
from tests import factories

CENTRE = Place(SessionKind.INDIVIDUAL, centre_id="auning")
MONDAY = 0
THURSDAY = 3


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def a_person(given: str = "Karen") -> Person:
    digits = {"Karen": "0101501234", "Bent": "0202502345"}[given]
    person = Person(
        cpr_hash=cpr.lookup_hash(digits),
        cpr_encrypted=cpr.encrypt(digits),
        birth_date=cpr.birth_date(digits),
        given_name=given,
        family_name="Testesen",
    )
    db.session.add(person)
    db.session.flush()
    return person


def test_a_series_skips_easter_and_keeps_the_copenhagen_time_across_summer_time(app: Flask) -> None:
    calendar = DanishCalendar.for_profile(app.config["PROFILE"])
    starts = services.series_starts(date(2027, 3, 22), {MONDAY, THURSDAY}, time(10, 0), 4, calendar)
    # Maundy Thursday 25 March and Easter Monday 29 March are skipped; summer time starts 28 March.
    assert starts == [utc(2027, 3, 22, 9), utc(2027, 4, 1, 8), utc(2027, 4, 5, 8), utc(2027, 4, 8, 8)]


def test_a_series_skips_the_profiles_closing_days(app: Flask) -> None:
    from portal.municipalities.schema import ClosingDay, Text

    calendar = DanishCalendar([ClosingDay(month=6, day=5, name=Text(da="Grundlovsdag", en="Constitution Day"))])
    starts = services.series_starts(date(2026, 6, 1), {4}, time(9, 0), 2, calendar)
    assert [start.date() for start in starts] == [date(2026, 6, 12), date(2026, 6, 19)]


def test_a_series_on_no_weekday_is_empty(app: Flask) -> None:
    assert services.series_starts(date(2026, 6, 1), set(), time(9, 0), 3, DanishCalendar()) == []


@pytest.mark.parametrize(
    ("starts_at", "in_time", "late"),
    [
        # Monday 26 October 2026 at 10:00, winter time; summer time ended on the Sunday. 48 hours before is
        # Saturday at 11:00 summer time (09:00 UTC), not 10:00.
        (utc(2026, 10, 26, 9), utc(2026, 10, 24, 9), utc(2026, 10, 24, 9, 1)),
        # Tuesday 31 March 2026 at 10:00, summer time since Sunday. 48 hours before is Sunday at 10:00 summer time.
        (utc(2026, 3, 31, 8), utc(2026, 3, 29, 8), utc(2026, 3, 29, 8, 1)),
    ],
)
def test_the_notice_limit_counts_real_hours_across_a_change_of_summer_time(
    app: Flask, starts_at: datetime, in_time: datetime, late: datetime
) -> None:
    assert services.notice_deadline(starts_at, 48) == in_time
    assert not services.is_late(starts_at, in_time, 48)
    assert services.is_late(starts_at, late, 48)


def test_without_a_notice_limit_nothing_is_late(app: Flask) -> None:
    assert services.notice_deadline(utc(2026, 10, 26, 9), None) is None
    assert not services.is_late(utc(2026, 10, 26, 9), utc(2026, 10, 26, 8, 59), None)


def test_the_course_allows_only_its_granted_sessions(app: Flask) -> None:
    course = factories.course(a_person(), sessions_allowed=3)
    therapist = factories.therapist_account()
    first = utc(2030, 1, 7, 9)
    made = services.book(course, therapist.id, [first, first + timedelta(days=1)], 60, CENTRE)
    with pytest.raises(BookingRefused) as refused:
        services.book(course, therapist.id, [first + timedelta(days=2), first + timedelta(days=3)], 60, CENTRE)
    assert refused.value.reason == "course_full" and refused.value.left == 1
    # A session the therapist cancels gives its place back.
    assert services.cancel_by_therapist(made[0], "Syg")
    services.book(course, therapist.id, [first + timedelta(days=2), first + timedelta(days=3)], 60, CENTRE)
    assert services.sessions_used(course.id) == 3


def test_a_double_booking_of_the_therapist_or_the_person_is_refused(app: Flask) -> None:
    karen, bent = a_person("Karen"), a_person("Bent")
    karens, bents = factories.course(karen), factories.course(bent)
    tove, other = factories.therapist_account(), factories.therapist_account(display_name="Ole Fys")
    ten = utc(2030, 1, 7, 9)
    services.book(karens, tove.id, [ten], 60, CENTRE)

    with pytest.raises(BookingRefused) as refused:
        services.book(bents, tove.id, [ten + timedelta(minutes=30)], 45, CENTRE)
    assert refused.value.reason == "therapist_busy" and refused.value.at == ten + timedelta(minutes=30)
    with pytest.raises(BookingRefused) as refused:
        services.book(karens, other.id, [ten - timedelta(minutes=30)], 45, CENTRE)
    assert refused.value.reason == "person_busy"
    # Right after is free, and nothing of the refused bookings was kept.
    services.book(bents, tove.id, [ten + timedelta(hours=1)], 60, CENTRE)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TrainingSession)) == 2


def test_a_cancelled_session_frees_its_time(app: Flask) -> None:
    course = factories.course(a_person())
    tove = factories.therapist_account()
    ten = utc(2030, 1, 7, 9)
    (session,) = services.book(course, tove.id, [ten], 60, CENTRE)
    assert services.cancel_by_citizen(session, None, 24, at=utc(2030, 1, 1))
    services.book(course, tove.id, [ten], 60, CENTRE)


def test_the_database_itself_refuses_a_second_holder_of_a_slot(app: Flask) -> None:
    course = factories.course(a_person())
    tove = factories.therapist_account()
    (session,) = services.book(course, tove.id, [utc(2030, 1, 7, 9)], 15, CENTRE)
    db.session.add(
        SessionSlot(session_id=session.id, holder="therapist", holder_id=tove.id, slot_start=session.starts_at)
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_two_bookings_at_the_same_moment_cannot_both_win(app: Flask) -> None:
    karens, bents = factories.course(a_person("Karen")), factories.course(a_person("Bent"))
    tove = factories.therapist_account()
    course_ids, tove_id = [karens.id, bents.id], tove.id
    db.session.commit()
    start_together = threading.Barrier(2)
    outcomes: list[str] = []

    def book(course_id: int) -> None:
        with app.app_context():
            course = db.session.get(Course, course_id)
            start_together.wait()
            try:
                services.book(course, tove_id, [utc(2030, 1, 7, 9)], 60, CENTRE)
                db.session.commit()
                outcomes.append("booked")
            except BookingRefused as refused:
                db.session.rollback()
                outcomes.append(refused.reason)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=(course_id,)) for course_id in course_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["booked", "taken"] or sorted(outcomes) == ["booked", "therapist_busy"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TrainingSession)) == 1


def test_the_citizen_cancels_in_time_or_late_and_is_told(app: Flask) -> None:
    course = factories.course(a_person())
    tove = factories.therapist_account()
    ten = utc(2030, 1, 7, 9)
    early, late = services.book(course, tove.id, [ten, ten + timedelta(days=1)], 60, CENTRE)
    assert services.cancel_by_citizen(early, "Tandlæge", 24, at=ten - timedelta(hours=25))
    assert services.cancel_by_citizen(late, None, 24, at=ten + timedelta(hours=1))
    assert (early.status, early.late, early.cancel_reason) == (SessionStatus.CANCELLED_BY_CITIZEN, False, "Tandlæge")
    assert (late.status, late.late, late.cancel_reason) == (SessionStatus.CANCELLED_BY_CITIZEN, True, None)
    assert early.ics_sequence == 1
    messages = db.session.scalars(sa.select(Message).order_by(Message.id)).all()
    assert [m.kind for m in messages] == ["session.cancelled_by_citizen"] * 2
    assert all(m.application_id == course.application_id for m in messages)
    assert "for sent" in messages[1].body and "for sent" not in messages[0].body


def test_a_second_cancellation_changes_nothing(app: Flask) -> None:
    course = factories.course(a_person())
    (session,) = services.book(course, factories.therapist_account().id, [utc(2030, 1, 7, 9)], 60, CENTRE)
    assert services.cancel_by_citizen(session, "Først", None, at=utc(2030, 1, 1))
    assert not services.cancel_by_citizen(session, "Igen", None, at=utc(2030, 1, 1))
    assert not services.cancel_by_therapist(session, "Syg")
    assert session.cancel_reason == "Først"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


def test_attendance_is_never_recorded_on_a_cancelled_session_and_the_other_way_round(app: Flask) -> None:
    course = factories.course(a_person())
    tove = factories.therapist_account()
    cancelled, attended = services.book(course, tove.id, [utc(2030, 1, 7, 9), utc(2030, 1, 8, 9)], 60, CENTRE)
    assert services.cancel_by_therapist(cancelled, "Syg")
    assert not services.record_attendance(cancelled, SessionStatus.ATTENDED)
    assert services.record_attendance(attended, SessionStatus.NO_SHOW)
    assert services.record_attendance(attended, SessionStatus.ATTENDED)  # a correction
    assert not services.cancel_by_citizen(attended, None, None)
    assert (cancelled.status, attended.status) == (SessionStatus.CANCELLED_BY_THERAPIST, SessionStatus.ATTENDED)


def test_absence_cancels_every_session_in_the_period_with_one_message(app: Flask) -> None:
    course = factories.course(a_person())
    tove = factories.therapist_account()
    # Monday 7 January 2030 to Monday 14 January, 10:00 Copenhagen.
    starts = [utc(2030, 1, day, 9) for day in (7, 9, 11, 14)]
    sessions = services.book(course, tove.id, starts, 60, CENTRE)
    cancelled = services.register_absence(
        course.person_id, date(2030, 1, 7), date(2030, 1, 11), "Influenza", 24, at=utc(2030, 1, 6, 12)
    )
    assert [s.id for s in cancelled] == [s.id for s in sessions[:3]]
    assert [s.late for s in cancelled] == [True, False, False]
    assert sessions[3].status == SessionStatus.BOOKED
    assert all(s.cancel_reason == "Influenza" for s in cancelled)
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.kind == "session.absence"


def test_a_started_session_is_not_in_an_absence(app: Flask) -> None:
    course = factories.course(a_person())
    services.book(course, factories.therapist_account().id, [utc(2030, 1, 7, 9)], 60, CENTRE)
    assert (
        services.upcoming_in_period(course.person_id, date(2030, 1, 7), date(2030, 1, 7), utc(2030, 1, 7, 9, 1)) == []
    )


def test_a_course_is_on_the_list_of_the_therapist_who_booked_it_and_new_ones_on_everyones(app: Flask) -> None:
    tove, other = factories.therapist_account(), factories.therapist_account()
    booked = factories.course(factories.a_person(1))
    new = factories.course(factories.a_person(2))
    services.book(booked, tove.id, [datetime(2030, 1, 7, 9, tzinfo=UTC)], 60, CENTRE)
    assert booked.therapist_account_id == tove.id
    assert [row.course_id for row in course_list.therapist_courses(tove.id)] == [booked.id, new.id]
    # Another therapist sees only the course no one has booked yet.
    assert [row.course_id for row in course_list.therapist_courses(other.id)] == [new.id]
    services.book(booked, other.id, [datetime(2030, 1, 8, 9, tzinfo=UTC)], 60, CENTRE)
    assert [row.course_id for row in course_list.therapist_courses(other.id)] == [booked.id, new.id]
    assert [row.course_id for row in course_list.therapist_courses(tove.id)] == [new.id]


def test_the_list_shows_only_the_newest_untaken_courses(app: Flask) -> None:
    courses = [factories.course(factories.a_person(n)) for n in range(1, course_list.NEW_COURSES_SHOWN + 3)]
    shown = [row.course_id for row in course_list.therapist_courses(factories.therapist_account().id)]
    assert len(shown) == course_list.NEW_COURSES_SHOWN
    assert courses[0].id not in shown and courses[-1].id in shown
