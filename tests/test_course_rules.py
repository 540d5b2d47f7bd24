"""The no-show rule, ending a course early and teams with capacity, below the pages."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.extensions import db
from portal.models import (
    Course,
    CourseEndReason,
    CourseStatus,
    Message,
    SessionKind,
    SessionSlot,
    SessionStatus,
    Team,
    TrainingSession,
)
from portal.municipalities import load as load_profile
from portal.municipalities.schema import AbsenceKind, Consequence, NoShowRule, Text
from portal.sessions import course_list, no_shows, services
from portal.sessions.no_shows import Level
from portal.sessions.services import BookingRefused, CourseNotActive, Place
from tests import factories

CENTRE = Place(SessionKind.INDIVIDUAL, centre_id="auning")
TEXT = Text(da="Regel", en="Rule")
RODOVRE = NoShowRule(counts=(AbsenceKind.NO_SHOW,), consequence=Consequence.COURSE_MAY_END, text=TEXT, limit=2)
NAESTVED = NoShowRule(
    counts=(AbsenceKind.CANCELLATION, AbsenceKind.NO_SHOW), consequence=Consequence.COURSE_ENDS, text=TEXT
)
THREE = NoShowRule(counts=(AbsenceKind.NO_SHOW,), consequence=Consequence.COURSE_MAY_END, text=TEXT, limit=3)

NO_SHOW = SessionStatus.NO_SHOW
CANCELLED = SessionStatus.CANCELLED_BY_CITIZEN
WITH_NOTICE = SessionStatus.ABSENT_WITH_NOTICE
ATTENDED = SessionStatus.ATTENDED
BY_THERAPIST = SessionStatus.CANCELLED_BY_THERAPIST


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rule", "statuses", "reviewed", "count", "level", "needs_review"),
    [
        (RODOVRE, [], 0, 0, Level.NONE, False),
        (RODOVRE, [ATTENDED, CANCELLED, WITH_NOTICE, BY_THERAPIST], 0, 0, Level.NONE, False),
        (RODOVRE, [NO_SHOW, ATTENDED], 0, 1, Level.WARN, False),
        (RODOVRE, [NO_SHOW, NO_SHOW], 0, 2, Level.AT_LIMIT, True),
        (RODOVRE, [NO_SHOW, NO_SHOW], 2, 2, Level.AT_LIMIT, False),
        (RODOVRE, [NO_SHOW, NO_SHOW, NO_SHOW], 2, 3, Level.AT_LIMIT, True),
        (THREE, [NO_SHOW, NO_SHOW], 0, 2, Level.WARN, False),
        (THREE, [NO_SHOW, NO_SHOW, NO_SHOW], 0, 3, Level.AT_LIMIT, True),
        # Næstved: no number ("gentagne"): warned from the first, the therapist considers from the second, and
        # a cancellation (in time or late) or an absence with notice counts as well as a no-show.
        (NAESTVED, [CANCELLED], 0, 1, Level.WARN, False),
        (NAESTVED, [WITH_NOTICE, NO_SHOW], 0, 2, Level.AT_LIMIT, True),
        (NAESTVED, [BY_THERAPIST, ATTENDED], 0, 0, Level.NONE, False),
    ],
)
def test_the_rule_table(
    rule: NoShowRule, statuses: list[str], reviewed: int, count: int, level: Level, needs_review: bool
) -> None:
    standing = no_shows.standing([rule], statuses, reviewed)
    assert standing is not None
    assert (standing.count, standing.level, standing.needs_review) == (count, level, needs_review)
    assert standing.read_limit is (rule.limit is None)


def test_no_rules_is_no_standing_and_the_worst_rule_wins() -> None:
    assert no_shows.standing([], [NO_SHOW]) is None
    standing = no_shows.standing([THREE, RODOVRE], [NO_SHOW, NO_SHOW])
    assert standing is not None and standing.rule is RODOVRE and standing.level is Level.AT_LIMIT


def test_the_profiles_read_as_the_standards_say() -> None:
    (rodovre,) = load_profile("rodovre").absence.no_show_rules
    (naestved,) = load_profile("naestved").absence.no_show_rules
    assert no_shows.limit_of(rodovre) == 2 and not no_shows.assess(rodovre, 1).needs_review
    assert no_shows.limit_of(naestved) == no_shows.REPEATED and no_shows.assess(naestved, 2).read_limit


def test_limit_reached_only_on_the_crossing() -> None:
    assert no_shows.reaches_limit(RODOVRE, 1, 2)
    assert not no_shows.reaches_limit(RODOVRE, 2, 3)
    assert not no_shows.reaches_limit(RODOVRE, 0, 1)


def past_sessions(course: Course, number: int) -> list[TrainingSession]:
    tove = factories.therapist_account()
    starts = [utc(2026, 1, 5, 9) + timedelta(days=day) for day in range(number)]
    return services.book(course, tove.id, starts, 60, CENTRE)


def test_the_no_show_that_reaches_the_limit_tells_the_citizen_once(app: Flask) -> None:
    course = factories.course(factories.a_person(1))
    first, second, third = past_sessions(course, 3)
    assert services.record_attendance(first, NO_SHOW, (RODOVRE,))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0
    # Correcting the same session twice and recording attendance elsewhere tells nobody.
    assert services.record_attendance(first, NO_SHOW, (RODOVRE,))
    assert services.record_attendance(third, ATTENDED, (RODOVRE,))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0
    assert services.record_attendance(second, NO_SHOW, (RODOVRE,))
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.kind == "course.no_show_limit"
    assert message.person_id == course.person_id and message.application_id == course.application_id
    assert "kontakter dig" in message.body and "2 træningstider" in message.body
    assert services.record_attendance(third, NO_SHOW, (RODOVRE,))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


def test_a_cancellation_can_reach_a_rule_that_counts_cancellations(app: Flask) -> None:
    course = factories.course(factories.a_person(1))
    tove = factories.therapist_account()
    one, two = services.book(course, tove.id, [utc(2030, 1, 7, 9), utc(2030, 1, 8, 9)], 60, CENTRE)
    services.cancel_by_citizen(one, None, None, at=utc(2030, 1, 1), rules=(NAESTVED,))
    services.cancel_by_citizen(two, None, None, at=utc(2030, 1, 1), rules=(NAESTVED,))
    kinds = db.session.scalars(sa.select(Message.kind).order_by(Message.id)).all()
    assert kinds == ["session.cancelled_by_citizen", "session.cancelled_by_citizen", "course.no_show_limit"]


def test_ending_early_cancels_the_future_sessions_frees_their_slots_and_sends_one_message(app: Flask) -> None:
    course = factories.course(factories.a_person(1))
    tove = factories.therapist_account()
    now = utc(2030, 1, 10, 12)
    started, *future = services.book(
        course, tove.id, [utc(2030, 1, 10, 9), utc(2030, 1, 14, 9), utc(2030, 1, 17, 9)], 60, CENTRE
    )
    cancelled = services.end_early(course, CourseEndReason.GOAL_REACHED, "Du går nu uden stok.", at=now)
    assert [session.id for session in cancelled] == [session.id for session in future]
    db.session.expire_all()
    assert (course.status, course.ended_at, course.end_reason, course.end_reason_text) == (
        CourseStatus.ENDED_EARLY,
        now,
        CourseEndReason.GOAL_REACHED,
        "Du går nu uden stok.",
    )
    for session in future:
        assert (session.status, session.cancel_reason, session.ics_sequence) == (
            BY_THERAPIST,
            "Du går nu uden stok.",
            1,
        )
    # The session that had started keeps its status and slots, so attendance can still be recorded.
    assert started.status == SessionStatus.BOOKED
    held = db.session.scalars(sa.select(SessionSlot.session_id).distinct()).all()
    assert held == [started.id]
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.kind == "course.ended_early"
    assert "Du har nået målet" in message.body and "Du går nu uden stok." in message.body
    assert message.body.count("\n- ") == 2
    # The freed time can be booked by someone else.
    other = factories.course(factories.a_person(2))
    assert services.book(other, tove.id, [utc(2030, 1, 14, 9)], 60, CENTRE)


def test_an_ended_course_cannot_end_again_or_be_booked(app: Flask) -> None:
    course = factories.course(factories.a_person(1))
    services.end_early(course, CourseEndReason.CITIZEN_STOPPED, "Du ville stoppe.")
    with pytest.raises(CourseNotActive):
        services.end_early(course, CourseEndReason.OTHER, "Igen")
    with pytest.raises(BookingRefused) as refused:
        services.book(course, factories.therapist_account().id, [utc(2030, 1, 7, 9)], 60, CENTRE)
    assert refused.value.reason == "course_not_active"


def test_a_booking_after_the_course_ended_elsewhere_is_refused_under_the_lock(app: Flask) -> None:
    course = factories.course(factories.a_person(1))
    stale = Course(id=course.id, status=CourseStatus.ACTIVE)  # what another request loaded before it ended
    services.end_early(course, CourseEndReason.OTHER, "Slut")
    with pytest.raises(BookingRefused) as refused:
        services.book(stale, factories.therapist_account().id, [utc(2030, 1, 7, 9)], 60, CENTRE)
    assert refused.value.reason == "course_not_active"


def test_keeping_the_course_hides_the_task_until_the_next_no_show(app: Flask) -> None:
    course = factories.course(factories.a_person(1))
    first, second, third = past_sessions(course, 3)
    tove_id = first.therapist_account_id
    for session in (first, second):
        services.record_attendance(session, NO_SHOW, (RODOVRE,))
    (row,) = course_list.therapist_courses(tove_id, (RODOVRE,))
    assert row.standing is not None and row.standing.needs_review and row.standing.count == 2
    services.keep_course(course, 2)
    (row,) = course_list.therapist_courses(tove_id, (RODOVRE,))
    assert row.standing is not None and not row.standing.needs_review
    services.record_attendance(third, NO_SHOW, (RODOVRE,))
    (row,) = course_list.therapist_courses(tove_id, (RODOVRE,))
    assert row.standing is not None and row.standing.needs_review and row.standing.count == 3


# --- Teams ---------------------------------------------------------------------------------------------------------


def a_team(capacity: int = 2) -> Team:
    team = Team(
        name="Balance", centre_id="auning", capacity=capacity, therapist_account_id=factories.therapist_account().id
    )
    db.session.add(team)
    db.session.flush()
    return team


TEAM = Place(SessionKind.TEAM)
MONDAY_NINE = utc(2030, 1, 7, 9)


def test_a_team_takes_participants_up_to_its_capacity(app: Flask) -> None:
    team = a_team(capacity=2)
    courses = [factories.course(factories.a_person(number)) for number in range(3)]
    booker = factories.therapist_account()
    first = services.book(courses[0], booker.id, [MONDAY_NINE], 60, TEAM, team=team)[0]
    second = services.book(courses[1], booker.id, [MONDAY_NINE], 60, TEAM, team=team)[0]
    assert (first.kind, first.centre_id, first.team_id) == (SessionKind.TEAM, "auning", team.id)
    assert first.therapist_account_id == second.therapist_account_id == team.therapist_account_id
    with pytest.raises(BookingRefused) as refused:
        services.book(courses[2], booker.id, [MONDAY_NINE], 60, TEAM, team=team)
    assert (refused.value.reason, refused.value.at) == ("team_full", MONDAY_NINE)
    # The occurrence holds the team's and the therapist's slots once; each participant holds their own.
    holders = db.session.execute(sa.select(SessionSlot.session_id, SessionSlot.holder)).all()
    assert sorted(holder for session_id, holder in holders if session_id == first.id) == sorted(
        ["team"] * 4 + ["therapist"] * 4 + ["person"] * 4
    )
    assert {holder for session_id, holder in holders if session_id == second.id} == {"person"}
    # The team's therapist cannot be booked for another citizen at that time.
    with pytest.raises(BookingRefused) as busy:
        services.book(courses[2], team.therapist_account_id, [MONDAY_NINE], 30, CENTRE)
    assert busy.value.reason == "therapist_busy"


def test_a_cancelled_participant_frees_a_place_and_the_occurrence_keeps_its_slots(app: Flask) -> None:
    team = a_team(capacity=2)
    courses = [factories.course(factories.a_person(number)) for number in range(3)]
    booker = factories.therapist_account()
    first = services.book(courses[0], booker.id, [MONDAY_NINE], 60, TEAM, team=team)[0]
    second = services.book(courses[1], booker.id, [MONDAY_NINE], 60, TEAM, team=team)[0]
    assert services.cancel_by_citizen(first, None, None, at=utc(2030, 1, 1))
    held = db.session.execute(sa.select(SessionSlot.session_id, SessionSlot.holder)).all()
    assert {session_id for session_id, _ in held} == {second.id}
    assert {holder for _, holder in held} == {"team", "therapist", "person"}
    third = services.book(courses[2], booker.id, [MONDAY_NINE], 60, TEAM, team=team)[0]
    assert services.team_participants(team.id, MONDAY_NINE) == 2
    assert {
        holder
        for session_id, holder in db.session.execute(sa.select(SessionSlot.session_id, SessionSlot.holder))
        if session_id == third.id
    } == {"person"}


def test_a_closed_team_takes_no_bookings(app: Flask) -> None:
    team = a_team()
    team.active = False
    course = factories.course(factories.a_person(1))
    with pytest.raises(BookingRefused) as refused:
        services.book(course, factories.therapist_account().id, [MONDAY_NINE], 60, TEAM, team=team)
    assert refused.value.reason == "team_closed"


def test_two_bookings_of_the_last_place_cannot_both_win(app: Flask) -> None:
    team = a_team(capacity=2)
    courses = [factories.course(factories.a_person(number)) for number in range(3)]
    booker = factories.therapist_account()
    services.book(courses[0], booker.id, [MONDAY_NINE], 60, TEAM, team=team)
    team_id, booker_id = team.id, booker.id
    course_ids = [courses[1].id, courses[2].id]
    db.session.commit()
    start_together = threading.Barrier(2)
    outcomes: list[str] = []

    def book(course_id: int) -> None:
        with app.app_context():
            course = db.session.get(Course, course_id)
            team = db.session.get(Team, team_id)
            start_together.wait()
            try:
                services.book(course, booker_id, [MONDAY_NINE], 60, TEAM, team=team)
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
    assert sorted(outcomes) == ["booked", "team_full"]
    assert services.team_participants(team_id, MONDAY_NINE) == 2
