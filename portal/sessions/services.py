"""Booking, cancelling and attendance of training sessions.

The database refuses a double booking: each booked session holds one `SessionSlot` row per 15 minutes for its
therapist and for its person, under a unique constraint. The checks here only give the refusal a clear reason
before the constraint has to; the constraint is what makes two bookings at the same moment unable to both win.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.calendar import DanishCalendar
from portal.clock import COPENHAGEN
from portal.database import utcnow
from portal.extensions import db
from portal.models import Account, Course, CourseStatus, SessionKind, SessionSlot, SessionStatus, TrainingSession
from portal.models.session import COUNTS_AGAINST_COURSE, SlotHolder, slot_starts
from portal.outbox.services import send_message
from portal.sessions import letters

# How far ahead a series may reach looking for its days, so a series on no open weekday ends.
SERIES_HORIZON = timedelta(days=366)

CANCELLED = (SessionStatus.CANCELLED_BY_CITIZEN, SessionStatus.CANCELLED_BY_THERAPIST)
ATTENDANCE = (SessionStatus.ATTENDED, SessionStatus.ABSENT_WITH_NOTICE, SessionStatus.NO_SHOW)


class BookingRefused(Exception):
    """Why a booking cannot be made; `reason` is one of the keys the form turns into a message."""

    def __init__(self, reason: str, at: datetime | None = None, left: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.at = at
        self.left = left


@dataclass(frozen=True)
class Place:
    kind: SessionKind
    centre_id: str | None = None
    place: str | None = None


def sessions_used(course_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(TrainingSession)
        .where(TrainingSession.course_id == course_id, TrainingSession.status.in_(COUNTS_AGAINST_COURSE))
    )


def at_copenhagen(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, COPENHAGEN).astimezone(UTC)


def series_starts(
    first_day: date, weekdays: Iterable[int], clock: time, count: int, calendar: DanishCalendar
) -> list[datetime]:
    """The start of each of `count` sessions on the chosen weekdays (0 is Monday) from `first_day`, skipping the
    days the municipality is closed (Danish public holidays and the profile's closing days)."""
    chosen = frozenset(weekdays)
    starts: list[datetime] = []
    day = first_day
    while len(starts) < count and chosen and day <= first_day + SERIES_HORIZON:
        if day.weekday() in chosen and calendar.is_working_day(day):
            starts.append(at_copenhagen(day, clock))
        day += timedelta(days=1)
    return starts


def _lock_course(course_id: int) -> None:
    # A write that changes nothing, so two bookings on one course wait for each other and the second counts the
    # first's sessions: PostgreSQL locks the course's row, SQLite the whole database.
    db.session.execute(sa.update(Course.__table__).where(Course.id == course_id).values(status=Course.status))


def _slots(session: TrainingSession) -> list[SessionSlot]:
    return [
        SessionSlot(session_id=session.id, holder=holder, holder_id=holder_id, slot_start=start)
        for holder, holder_id in (
            (SlotHolder.THERAPIST, session.therapist_account_id),
            (SlotHolder.PERSON, session.person_id),
        )
        for start in slot_starts(session.starts_at, session.ends_at)
    ]


def _first_taken(therapist_account_id: int, person_id: int, starts: Sequence[datetime], minutes: int) -> None:
    wanted = sorted({slot for start in starts for slot in slot_starts(start, start + timedelta(minutes=minutes))})
    taken = db.session.execute(
        sa.select(SessionSlot.holder, SessionSlot.slot_start)
        .where(
            sa.or_(
                sa.and_(SessionSlot.holder == SlotHolder.THERAPIST, SessionSlot.holder_id == therapist_account_id),
                sa.and_(SessionSlot.holder == SlotHolder.PERSON, SessionSlot.holder_id == person_id),
            ),
            SessionSlot.slot_start.in_(wanted),
        )
        .order_by(SessionSlot.slot_start, SessionSlot.holder.desc())
        .limit(1)
    ).first()
    if taken:
        holder, slot_start = taken
        reason = "therapist_busy" if holder == SlotHolder.THERAPIST else "person_busy"
        raise BookingRefused(reason, at=slot_start)


def book(
    course: Course,
    therapist_account_id: int,
    starts: Sequence[datetime],
    minutes: int,
    place: Place,
    replaces_session_id: int | None = None,
) -> list[TrainingSession]:
    """Books one session per start, all or none."""
    if course.status != CourseStatus.ACTIVE:
        raise BookingRefused("course_not_active")
    if not starts:
        raise BookingRefused("no_days")
    _lock_course(course.id)
    left = course.sessions_allowed - sessions_used(course.id)
    if len(starts) > left:
        raise BookingRefused("course_full", left=max(left, 0))
    _first_taken(therapist_account_id, course.person_id, starts, minutes)
    made: list[TrainingSession] = []
    try:
        with db.session.begin_nested():
            for start in starts:
                session = TrainingSession(
                    course_id=course.id,
                    person_id=course.person_id,
                    therapist_account_id=therapist_account_id,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=minutes),
                    kind=place.kind,
                    centre_id=place.centre_id,
                    place=place.place,
                    status=SessionStatus.BOOKED,
                    replaces_session_id=replaces_session_id,
                )
                db.session.add(session)
                made.append(session)
            db.session.flush()
            db.session.add_all([slot for session in made for slot in _slots(session)])
            db.session.flush()
    except IntegrityError as error:
        # Another booking took the time between the check above and this insert.
        raise BookingRefused("taken") from error
    return made


def notice_deadline(starts_at: datetime, notice_hours: int | None) -> datetime | None:
    """The last moment to cancel in time: `notice_hours` real hours before the start, so a change to or from
    summer time between them does not move it."""
    if notice_hours is None:
        return None
    return starts_at - timedelta(hours=notice_hours)


def is_late(starts_at: datetime, at: datetime, notice_hours: int | None) -> bool:
    limit = notice_deadline(starts_at, notice_hours)
    return limit is not None and at > limit


def _cancel(session: TrainingSession, status: SessionStatus, reason: str | None, at: datetime, late: bool) -> bool:
    # Only a booked session is cancelled; of two cancellations at once (a double click, the citizen and a relative)
    # the second changes nothing, and neither does a cancellation after attendance is recorded.
    changed = db.session.execute(
        sa.update(TrainingSession)
        .where(TrainingSession.id == session.id, TrainingSession.status == SessionStatus.BOOKED)
        .values(
            status=status,
            cancel_reason=reason or None,
            cancelled_at=at,
            late=late,
            ics_sequence=TrainingSession.ics_sequence + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(session)
    if changed != 1:
        return False
    db.session.execute(sa.delete(SessionSlot).where(SessionSlot.session_id == session.id))
    db.session.flush()
    return True


def cancel_by_citizen(
    session: TrainingSession, reason: str | None, notice_hours: int | None, at: datetime | None = None
) -> bool:
    at = at or utcnow()
    late = is_late(session.starts_at, at, notice_hours)
    if not _cancel(session, SessionStatus.CANCELLED_BY_CITIZEN, reason, at, late):
        return False
    send_message(
        session.person_id,
        **letters.as_message_args(letters.cancelled_by_citizen([session], late)),
        application_id=session.course.application_id,
    )
    return True


def cancel_by_therapist(session: TrainingSession, reason: str, at: datetime | None = None) -> bool:
    at = at or utcnow()
    if not _cancel(session, SessionStatus.CANCELLED_BY_THERAPIST, reason, at, late=False):
        return False
    send_message(
        session.person_id,
        **letters.as_message_args(letters.cancelled_by_therapist(session, reason)),
        application_id=session.course.application_id,
    )
    return True


def unstarted(course_id: int, now: datetime | None = None) -> list[TrainingSession]:
    """The course's booked sessions that have not started yet."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            sa.select(TrainingSession)
            .where(
                TrainingSession.course_id == course_id,
                TrainingSession.status == SessionStatus.BOOKED,
                TrainingSession.starts_at > now,
            )
            .order_by(TrainingSession.starts_at)
        )
    )


def cancel_unstarted(course_id: int, reason: str, at: datetime | None = None) -> list[TrainingSession]:
    """Cancels, as the therapist, the course's sessions that have not started, freeing their times, when the course
    ends. No message per session: the caller tells the citizen once, with the list."""
    at = at or utcnow()
    return [
        session
        for session in unstarted(course_id, at)
        if _cancel(session, SessionStatus.CANCELLED_BY_THERAPIST, reason, at, late=False)
    ]


def record_attendance(session: TrainingSession, status: SessionStatus) -> bool:
    """Attendance is recorded on a session that is booked or already has attendance (to correct it), never on a
    cancelled one: a cancellation that arrives first wins, and one that arrives after changes nothing."""
    if status not in ATTENDANCE:
        raise ValueError(status)
    changed = db.session.execute(
        sa.update(TrainingSession)
        .where(TrainingSession.id == session.id, TrainingSession.status.not_in(CANCELLED))
        .values(status=status)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(session)
    return changed == 1


def upcoming_in_period(person_id: int, first: date, last: date, now: datetime | None = None) -> list[TrainingSession]:
    """The booked sessions from `first` to `last` (Copenhagen days, both included) that have not started."""
    now = now or utcnow()
    begin = max(at_copenhagen(first, time.min), now)
    end = at_copenhagen(last + timedelta(days=1), time.min)
    return list(
        db.session.scalars(
            sa.select(TrainingSession)
            .where(
                TrainingSession.person_id == person_id,
                TrainingSession.status == SessionStatus.BOOKED,
                TrainingSession.starts_at >= begin,
                TrainingSession.starts_at < end,
            )
            .order_by(TrainingSession.starts_at)
        )
    )


def register_absence(
    person_id: int,
    first: date,
    last: date,
    reason: str | None,
    notice_hours: int | None,
    at: datetime | None = None,
) -> list[TrainingSession]:
    """Cancels every booked session in the period at once, each late or not by the notice limit, and sends one
    message. The therapist sees the cancellations, with the reason, on the course page."""
    at = at or utcnow()
    note = reason or None
    cancelled = [
        session
        for session in upcoming_in_period(person_id, first, last, at)
        if _cancel(session, SessionStatus.CANCELLED_BY_CITIZEN, note, at, is_late(session.starts_at, at, notice_hours))
    ]
    if cancelled:
        send_message(
            person_id,
            **letters.as_message_args(
                letters.absence(cancelled, first, last, any(session.late for session in cancelled))
            ),
            application_id=cancelled[0].course.application_id,
        )
    return cancelled


@dataclass(frozen=True)
class CourseRow:
    course: Course
    used: int
    mine: int
    next_start: datetime | None


def therapist_courses(therapist_account_id: int, now: datetime | None = None) -> list[CourseRow]:
    """The active courses, with how many sessions are used, how many this therapist has booked, and the next one.
    Courses with no sessions yet are included, so a new course can get its first booking."""
    now = now or utcnow()
    courses = db.session.scalars(
        sa.select(Course)
        .options(joinedload(Course.person), joinedload(Course.application))
        .where(Course.status == CourseStatus.ACTIVE)
        .order_by(Course.created_at)
    ).all()
    counts = {
        row.course_id: row
        for row in db.session.execute(
            sa.select(
                TrainingSession.course_id,
                sa.func.count().filter(TrainingSession.status.in_(COUNTS_AGAINST_COURSE)).label("used"),
                sa.func.count().filter(TrainingSession.therapist_account_id == therapist_account_id).label("mine"),
                sa.func.min(TrainingSession.starts_at)
                .filter(TrainingSession.status == SessionStatus.BOOKED, TrainingSession.starts_at >= now)
                .label("next_start"),
            )
            .where(TrainingSession.course_id.in_([course.id for course in courses]))
            .group_by(TrainingSession.course_id)
        )
    }
    rows = [
        CourseRow(
            course,
            counts[course.id].used if course.id in counts else 0,
            counts[course.id].mine if course.id in counts else 0,
            counts[course.id].next_start if course.id in counts else None,
        )
        for course in courses
    ]
    return [row for row in rows if row.mine or not row.used]


def get_course(course_id: int) -> Course | None:
    return db.session.scalar(
        sa.select(Course)
        .options(joinedload(Course.person), joinedload(Course.application))
        .where(Course.id == course_id)
    )


def course_sessions(course_id: int) -> list[TrainingSession]:
    return list(
        db.session.scalars(
            sa.select(TrainingSession)
            .options(joinedload(TrainingSession.therapist).lazyload(Account.roles))
            .where(TrainingSession.course_id == course_id)
            .order_by(TrainingSession.starts_at)
        )
    )


def get_session(course_id: int, session_id: int) -> TrainingSession | None:
    return db.session.scalar(
        sa.select(TrainingSession).where(TrainingSession.id == session_id, TrainingSession.course_id == course_id)
    )


def person_sessions(person_id: int) -> list[TrainingSession]:
    return list(
        db.session.scalars(
            sa.select(TrainingSession)
            .options(joinedload(TrainingSession.therapist).lazyload(Account.roles))
            .where(TrainingSession.person_id == person_id)
            .order_by(TrainingSession.starts_at)
        )
    )


def get_person_session(person_id: int, session_id: int) -> TrainingSession | None:
    return db.session.scalar(
        sa.select(TrainingSession)
        .options(joinedload(TrainingSession.therapist).lazyload(Account.roles))
        .where(TrainingSession.id == session_id, TrainingSession.person_id == person_id)
    )
