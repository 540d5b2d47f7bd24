"""Booking, cancelling and attendance of training sessions.

The database refuses a double booking: each booked session holds one `SessionSlot` row per 15 minutes for its
therapist and for its person, under a unique constraint. The checks here only give the refusal a clear reason
before the constraint has to; the constraint is what makes two bookings at the same moment unable to both win.

Changes to one session at the same moment follow one rule: the first to commit wins, and the other sees the
current state with a plain message. Each change is one conditional UPDATE (`WHERE status = ...`); on PostgreSQL
the second UPDATE waits for the first's row lock and then re-reads the row, so it matches nothing; on SQLite the
database's write lock makes them take turns. In particular:

- Two cancellations (the citizen and a relative, a double click, the citizen and the therapist): only a booked
  session is cancelled, so the second changes nothing and is told the session was already cancelled.
- A citizen's cancellation after the therapist recorded attendance is refused: the session is no longer booked.
  (The citizen cannot cancel after the start anyway.)
- Attendance on a session the citizen has just cancelled is refused, unless the therapist explicitly corrects the
  cancellation (`correct=True`, e.g. the citizen came after all). A session the therapist cancelled never gets
  attendance: its replacement carries it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal import dates
from portal.calendar import DanishCalendar
from portal.clock import COPENHAGEN
from portal.database import UTCDateTime, rows_changed, utcnow
from portal.domain import DomainRefused
from portal.extensions import db
from portal.models import (
    Account,
    Course,
    CourseEndReason,
    CourseStatus,
    SessionKind,
    SessionSlot,
    SessionStatus,
    Team,
    TrainingSession,
)
from portal.models.session import COUNTS_AGAINST_COURSE, SlotHolder, absence, slot_starts
from portal.municipalities.schema import NoShowRule
from portal.outbox.letters import language_of
from portal.outbox.services import send_message
from portal.plans import free_choice
from portal.preferences.services import channels_for
from portal.sessions import ics, letters, listed, no_shows

# How far ahead a series may reach looking for its days, so a series on no open weekday ends.
SERIES_HORIZON = timedelta(days=366)

ATTENDANCE = (SessionStatus.ATTENDED, SessionStatus.ABSENT_WITH_NOTICE, SessionStatus.NO_SHOW)


class BookingRefused(DomainRefused):
    """Why a booking cannot be made; the booking form shows `message` at the field `reason` is about."""

    def __init__(self, reason: str, at: datetime | None = None, left: int | None = None) -> None:
        super().__init__(reason)
        self.at = at
        self.left = left

    @property
    def message(self) -> str:
        when = dates.datetimeformat(self.at, "short") if self.at else ""
        match self.reason:
            case "course_full":
                return _("The course has %(left)s sessions left to book", left=self.left)
            case "course_not_active":
                return _("The course has ended, so no sessions can be booked")
            case "no_days":
                return _("No day from the first date falls on the chosen weekdays")
            case "therapist_busy":
                return _("You already have a session at %(when)s. Choose another time", when=when)
            case "person_busy":
                return _("The citizen already has a session at %(when)s. Choose another time", when=when)
            case "taken":
                return _("The time was booked by someone else a moment ago. Choose another time")
            case "team_full":
                return _("The team has no free places at %(when)s. Choose another time or team", when=when)
            case "team_busy":
                return _("The team already trains at another time that overlaps %(when)s", when=when)
            case "team_closed":
                return _("The team is closed. Choose another team")
        return self.reason


@dataclass(frozen=True)
class Place:
    kind: SessionKind
    centre_id: str | None = None
    place: str | None = None


def sessions_used(course_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(TrainingSession)
            .where(TrainingSession.course_id == course_id, TrainingSession.status.in_(COUNTS_AGAINST_COURSE))
        )
        or 0
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


def _lock_course(course_id: int) -> CourseStatus:
    """The course's status, read under a lock.

    A write that changes nothing, so two bookings on one course wait for each other and the second counts the
    first's sessions, and a booking and the course ending early cannot both win: PostgreSQL locks the course's
    row, SQLite the whole database."""
    db.session.execute(
        sa.update(Course)
        .where(Course.id == course_id)
        .values(status=Course.status)
        .execution_options(synchronize_session=False)
    )
    return db.session.scalars(sa.select(Course.status).where(Course.id == course_id)).one()


def _lock_team(team_id: int) -> None:
    # Two bookings of a team's last place wait for each other here, and the second counts the first's participant.
    # SQLite has no FOR UPDATE; it already serialises writers, and the course lock above has made this a writer.
    db.session.execute(sa.select(Team.id).where(Team.id == team_id).with_for_update())


Slot = tuple[str, int, datetime]


def _wanted(starts: Sequence[datetime], minutes: int, holders: Sequence[tuple[str, int]]) -> dict[datetime, list[Slot]]:
    return {
        start: [
            (holder, holder_id, slot)
            for holder, holder_id in holders
            for slot in slot_starts(start, start + timedelta(minutes=minutes))
        ]
        for start in starts
    }


def _first_taken(wanted: Iterable[Slot]) -> None:
    by_holder: dict[tuple[str, int], set[datetime]] = {}
    for holder, holder_id, slot in wanted:
        by_holder.setdefault((holder, holder_id), set()).add(slot)
    if not by_holder:
        return
    taken = db.session.execute(
        sa.select(SessionSlot.holder, SessionSlot.slot_start)
        .where(
            sa.or_(
                *(
                    sa.and_(
                        SessionSlot.holder == holder,
                        SessionSlot.holder_id == holder_id,
                        SessionSlot.slot_start.in_(sorted(slots)),
                    )
                    for (holder, holder_id), slots in by_holder.items()
                )
            )
        )
        .order_by(SessionSlot.slot_start, SessionSlot.holder.desc())
        .limit(1)
    ).first()
    if taken:
        holder, slot_start = taken
        reasons: dict[str, str] = {SlotHolder.THERAPIST: "therapist_busy", SlotHolder.TEAM: "team_busy"}
        reason = reasons.get(holder, "person_busy")
        raise BookingRefused(reason, at=slot_start)


def team_participants(team_id: int, starts_at: datetime) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(TrainingSession)
            .where(
                TrainingSession.team_id == team_id,
                TrainingSession.starts_at == starts_at,
                TrainingSession.status == SessionStatus.BOOKED,
            )
        )
        or 0
    )


def book(
    course: Course,
    therapist_account_id: int,
    starts: Sequence[datetime],
    minutes: int,
    place: Place,
    replaces_session_id: int | None = None,
    team: Team | None = None,
) -> list[TrainingSession]:
    """Books one session per start, all or none.

    A team session is the team's therapist's, at the team's centre. The first participant of an occurrence holds
    the team's and the therapist's slots for it; the others hold only their own, up to the team's capacity.
    """
    if course.status != CourseStatus.ACTIVE:
        raise BookingRefused("course_not_active")
    if not starts:
        raise BookingRefused("no_days")
    if _lock_course(course.id) != CourseStatus.ACTIVE:
        raise BookingRefused("course_not_active")
    left = course.sessions_allowed - sessions_used(course.id)
    if len(starts) > left:
        raise BookingRefused("course_full", left=max(left, 0))
    person = [(SlotHolder.PERSON, course.person_id)]
    if team is None:
        wanted = _wanted(starts, minutes, [(SlotHolder.THERAPIST, therapist_account_id), *person])
    else:
        if not team.active:
            raise BookingRefused("team_closed")
        _lock_team(team.id)
        therapist_account_id = team.therapist_account_id
        place = Place(SessionKind.TEAM, centre_id=team.centre_id, place=place.place)
        wanted = {}
        for start in starts:
            participants = team_participants(team.id, start)
            if participants >= team.capacity:
                raise BookingRefused("team_full", at=start)
            holders = (
                person
                if participants
                else [(SlotHolder.TEAM, team.id), (SlotHolder.THERAPIST, therapist_account_id), *person]
            )
            wanted.update(_wanted([start], minutes, holders))
    _first_taken(slot for slots in wanted.values() for slot in slots)
    made: list[TrainingSession] = []
    try:
        with db.session.begin_nested():
            course.therapist_account_id = therapist_account_id
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
                    team_id=team.id if team else None,
                    status=SessionStatus.BOOKED,
                    replaces_session_id=replaces_session_id,
                )
                db.session.add(session)
                made.append(session)
            db.session.flush()
            db.session.add_all(
                [
                    SessionSlot(session_id=session.id, holder=holder, holder_id=holder_id, slot_start=slot)
                    for session in made
                    for holder, holder_id, slot in wanted[session.starts_at]
                ]
            )
            db.session.flush()
    except IntegrityError as error:
        # Another booking took the time between the check above and this insert.
        raise BookingRefused("taken") from error
    if replaces_session_id is not None:
        replaced = db.session.get(TrainingSession, replaces_session_id)
        if replaced is not None:
            _send(
                replaced.person_id,
                letters.replacement(made, replaced, language_of(replaced.person_id)),
                course.application_id,
            )
    # A course from a genoptræningsplan whose first session is now booked after its deadline: the free-choice letter.
    free_choice.check_course(course)
    return made


def _send(person_id: int, letter: letters.Letter, application_id: int | None) -> None:
    send_message(
        person_id, **letters.as_message_args(letter), channels=channels_for(person_id), application_id=application_id
    )


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
    changed = rows_changed(
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
    )
    db.session.expire(session)
    if changed != 1:
        return False
    _hand_over_team_slots(session)
    db.session.execute(sa.delete(SessionSlot).where(SessionSlot.session_id == session.id))
    db.session.flush()
    return True


def _hand_over_team_slots(session: TrainingSession) -> None:
    """A team occurrence keeps its team's and therapist's slots while it has a participant: the session that held
    them gives them to another participant's."""
    if session.team_id is None:
        return
    heir = db.session.scalar(
        sa.select(TrainingSession.id)
        .where(
            TrainingSession.team_id == session.team_id,
            TrainingSession.starts_at == session.starts_at,
            TrainingSession.status == SessionStatus.BOOKED,
            TrainingSession.id != session.id,
        )
        .order_by(TrainingSession.id)
        .limit(1)
    )
    if heir is not None:
        db.session.execute(
            sa.update(SessionSlot)
            .where(SessionSlot.session_id == session.id, SessionSlot.holder != SlotHolder.PERSON)
            .values(session_id=heir)
            .execution_options(synchronize_session=False)
        )


def cancel_by_citizen(
    session: TrainingSession,
    reason: str | None,
    notice_hours: int | None,
    at: datetime | None = None,
    rules: Sequence[NoShowRule] = (),
) -> bool:
    at = at or utcnow()
    late = is_late(session.starts_at, at, notice_hours)
    before = course_statuses(session.course_id)
    if not _cancel(session, SessionStatus.CANCELLED_BY_CITIZEN, reason, at, late):
        return False
    _send(
        session.person_id,
        letters.cancelled_by_citizen([session], late, language_of(session.person_id)),
        session.course.application_id,
    )
    _tell_when_limit_reached(session.course, rules, before)
    return True


def cancel_by_therapist(session: TrainingSession, reason: str, at: datetime | None = None) -> bool:
    at = at or utcnow()
    if not _cancel(session, SessionStatus.CANCELLED_BY_THERAPIST, reason, at, late=False):
        return False
    _send(
        session.person_id,
        letters.cancelled_by_therapist(session, reason, language_of(session.person_id)),
        session.course.application_id,
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


def course_statuses(course_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(TrainingSession.status).where(TrainingSession.course_id == course_id)))


def _tell_when_limit_reached(course: Course, rules: Sequence[NoShowRule], before: Sequence[str]) -> bool:
    """The counted absence that brings the course to a rule's limit sends the citizen one message; the ones after
    it do not (the therapist's task comes back instead)."""
    after = course_statuses(course.id)
    for rule in rules:
        if no_shows.reaches_limit(rule, no_shows.count(rule, before), no_shows.count(rule, after)):
            _send(
                course.person_id,
                letters.no_show_limit(rule, no_shows.count(rule, after), language_of(course.person_id)),
                course.application_id,
            )
            return True
    return False


def record_attendance(
    session: TrainingSession, status: SessionStatus, rules: Sequence[NoShowRule] = (), correct: bool = False
) -> bool:
    """Attendance is recorded on a session that is booked or already has attendance (to correct it), never on a
    cancelled one: a cancellation that arrives first wins, and one that arrives after changes nothing. With
    `correct`, the therapist overrides the citizen's own cancellation.

    The recording that brings the course to the limit of one of the profile's no-show `rules` tells the citizen."""
    if status not in ATTENDANCE:
        raise ValueError(status)
    allowed = [SessionStatus.BOOKED, *ATTENDANCE]
    if correct:
        allowed.append(SessionStatus.CANCELLED_BY_CITIZEN)
    course = session.course
    before = course_statuses(course.id)
    changed = rows_changed(
        sa.update(TrainingSession)
        .where(TrainingSession.id == session.id, TrainingSession.status.in_(allowed))
        .values(status=status)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(session)
    if changed != 1:
        return False
    _tell_when_limit_reached(course, rules, before)
    return True


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
    rules: Sequence[NoShowRule] = (),
) -> list[TrainingSession]:
    """Cancels every booked session in the period at once, each late or not by the notice limit, and sends one
    message. The therapist sees them as one notice, with the reason, under "Nye afbud" (`notices`) and on the
    course page."""
    at = at or utcnow()
    note = reason or None
    courses = {session.course_id: session.course for session in upcoming_in_period(person_id, first, last, at)}
    before = {course_id: course_statuses(course_id) for course_id in courses}
    cancelled = [
        session
        for session in upcoming_in_period(person_id, first, last, at)
        if _cancel(session, SessionStatus.CANCELLED_BY_CITIZEN, note, at, is_late(session.starts_at, at, notice_hours))
    ]
    if cancelled:
        late = any(session.late for session in cancelled)
        _send(
            person_id,
            letters.absence(cancelled, first, last, late, language_of(person_id)),
            cancelled[0].course.application_id,
        )
    for course_id, course in courses.items():
        _tell_when_limit_reached(course, rules, before[course_id])
    return cancelled


class CourseNotActive(DomainRefused):
    def __init__(self) -> None:
        super().__init__("not_active")

    @property
    def message(self) -> str:
        return _("The course has already ended.")


def end_early(course: Course, reason: CourseEndReason, text: str, at: datetime | None = None) -> list[TrainingSession]:
    """Ends an active course before its sessions are used: the reason and the therapist's words are what the
    citizen sees. Every booked session that has not started is cancelled (its slots freed) and the citizen gets
    one message that lists them. Sessions that have started keep their status, so attendance can still be
    recorded."""
    at = at or utcnow()
    ended = rows_changed(
        sa.update(Course)
        .where(Course.id == course.id, Course.status == CourseStatus.ACTIVE)
        .values(status=CourseStatus.ENDED_EARLY, ended_at=at, end_reason=reason, end_reason_text=text)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(course)
    if ended != 1:
        raise CourseNotActive()
    cancelled = cancel_unstarted(course.id, text, at)
    _send(
        course.person_id, letters.course_ended(course, cancelled, language_of(course.person_id)), course.application_id
    )
    return cancelled


def keep_course(course: Course, counted: int) -> None:
    """The therapist has considered the absences and goes on with the course: the task goes until the next one."""
    course.no_show_reviewed_count = counted
    db.session.flush()


def get_course(course_id: int) -> Course | None:
    return db.session.scalar(
        sa.select(Course)
        .options(joinedload(Course.person), joinedload(Course.application), joinedload(Course.plan))
        .where(Course.id == course_id)
    )


def person_courses(person_id: int) -> list[Course]:
    """A person's courses, with the genoptræningsplan of those that come from one (in the same query)."""
    return list(db.session.scalars(_person_courses_statement(), {"person_id": person_id}))


def person_courses_and_absences(person_id: int) -> tuple[list[Course], list[str]]:
    """`person_courses`, and in the same query the absences of the active courses (one, nearly always) as the
    statuses the no-show rules count."""
    rows = db.session.execute(_person_courses_absences_statement(), {"person_id": person_id}).all()
    return [row.Course for row in rows], no_shows.tallied_statuses(
        sum(row.no_show for row in rows), sum(row.cancelled for row in rows)
    )


# The person of the statements built once below, bound when they run.
_PERSON = sa.bindparam("person_id", type_=sa.Integer)


@functools.cache
def _person_courses_statement() -> sa.Select[Course]:
    """Built once, with the person bound at execution ("Mine træningstider" asks it on every view)."""
    return (
        sa.select(Course)
        .options(joinedload(Course.plan))
        .where(Course.person_id == _PERSON)
        .order_by(Course.created_at)
    )


@functools.cache
def _person_courses_absences_statement() -> sa.Select[*tuple[Any, ...]]:
    """Built once, with the person bound at execution. The absences are counted from their own index
    (`portal.models.session.absence`), for active courses only."""

    def absences(*statuses: SessionStatus) -> sa.ColumnElement[int]:
        counted = (
            sa.select(sa.func.count())
            .where(TrainingSession.course_id == Course.id, absence(), TrainingSession.status.in_(statuses))
            .scalar_subquery()
        )
        return sa.case((Course.status == CourseStatus.ACTIVE, counted), else_=0)

    cancellations = no_shows.COUNTED_STATUSES[no_shows.AbsenceKind.CANCELLATION]
    return (
        sa.select(
            Course,
            absences(*no_shows.COUNTED_STATUSES[no_shows.AbsenceKind.NO_SHOW]).label("no_show"),
            absences(*cancellations).label("cancelled"),
        )
        .options(joinedload(Course.plan))
        .where(Course.person_id == _PERSON)
        .order_by(Course.created_at)
    )


def course_of_application(application_id: int) -> Course | None:
    return db.session.scalar(sa.select(Course).where(Course.application_id == application_id))


def course_sessions(course_id: int) -> list[TrainingSession]:
    return list(
        db.session.scalars(
            sa.select(TrainingSession)
            .options(joinedload(TrainingSession.therapist).lazyload(Account.roles), joinedload(TrainingSession.team))
            .where(TrainingSession.course_id == course_id)
            .order_by(TrainingSession.starts_at)
        )
    )


def get_session(course_id: int, session_id: int) -> TrainingSession | None:
    return db.session.scalar(
        sa.select(TrainingSession).where(TrainingSession.id == session_id, TrainingSession.course_id == course_id)
    )


@dataclass(frozen=True)
class SessionList:
    """What "Mine træningstider" shows: the nearest booked sessions, the newest of the rest, and the other half of
    each replacement among them, read in one statement however long the person's history."""

    upcoming: list[listed.ListedSession]
    past: list[listed.ListedSession]
    more: bool
    partners: dict[int, listed.ListedSession]


def person_session_list(person_id: int, now: datetime, upcoming: int, past: int) -> SessionList:
    """At most `upcoming` booked sessions that have not ended, soonest first, and at most `past` of the others, newest
    first; one more of each is read to tell whether there are more. A replacement and the session it replaces are
    read with whichever of them is listed."""
    rows = db.session.execute(_session_list_statement(upcoming, past), {"person_id": person_id, "now": now}).all()
    found = [(listed.from_row(row), row.listed) for row in rows]
    chosen = [session for session, is_listed in found if is_listed]
    soon = sorted((s for s in chosen if s.status == SessionStatus.BOOKED and s.ends_at >= now), key=_by_start)
    soon_ids = {s.id for s in soon}
    before = sorted((s for s in chosen if s.id not in soon_ids), key=_by_start, reverse=True)
    return SessionList(
        upcoming=soon[:upcoming],
        past=before[:past],
        more=len(soon) > upcoming or len(before) > past,
        partners={session.id: session for session, _listed in found},
    )


@functools.cache
def _session_list_statement(upcoming: int, past: int) -> sa.Select[*tuple[Any, ...]]:
    """Built once per page size, with the person and the moment bound at execution: building a statement of this size
    and its cache key cost more than the database's answer."""
    now = sa.bindparam("now", type_=UTCDateTime)
    ahead = sa.and_(TrainingSession.status == SessionStatus.BOOKED, TrainingSession.ends_at >= now)
    mine = TrainingSession.person_id == _PERSON
    first = (
        sa.select(TrainingSession.id)
        .where(mine, ahead)
        .order_by(TrainingSession.starts_at, TrainingSession.id)
        .limit(upcoming + 1)
        .subquery()
    )
    rest = (
        sa.select(TrainingSession.id)
        .where(mine, sa.not_(ahead))
        .order_by(TrainingSession.starts_at.desc(), TrainingSession.id.desc())
        .limit(past + 1)
        .subquery()
    )
    shown = sa.union_all(sa.select(first.c.id), sa.select(rest.c.id)).cte("shown")
    replaced = (
        sa.select(TrainingSession.replaces_session_id)
        .where(TrainingSession.id.in_(sa.select(shown.c.id)), TrainingSession.replaces_session_id.is_not(None))
        .scalar_subquery()
    )
    return (
        listed.select()
        .add_columns(TrainingSession.id.in_(sa.select(shown.c.id)).label("listed"))
        .where(
            mine,
            sa.or_(
                TrainingSession.id.in_(sa.select(shown.c.id)),
                TrainingSession.replaces_session_id.in_(sa.select(shown.c.id)),
                TrainingSession.id.in_(replaced),
            ),
        )
    )


# The calendar download: what the subscription shows (everything ahead and the last 30 days), at most this many
# sessions, those ahead first. A citizen with years of maintenance training downloads what a calendar app needs,
# not their whole history, and their file costs what anyone else's does.
CALENDAR_PAST = ics.RECENT_PAST
CALENDAR_LIMIT = 100


def person_calendar_sessions(person_id: int, now: datetime) -> list[ics.Entry]:
    """The sessions of the calendar download, oldest first, at most `CALENDAR_LIMIT` since `CALENDAR_PAST`: every one
    ahead from the nearest on, then the newest behind, so a long course of sessions ahead never pushes the next one
    out."""
    chosen = db.session.execute(
        _calendar_statement(), {"person_id": person_id, "now": now, "since": now - CALENDAR_PAST}
    )
    return sorted(ics.entries(chosen), key=lambda entry: (entry.starts_at, entry.uid))


@functools.cache
def _calendar_statement() -> sa.Select[Any]:
    """Built once, with the person and the moment bound at execution: building it cost more than its answer."""
    ahead = TrainingSession.starts_at >= sa.bindparam("now", type_=UTCDateTime)
    return (
        ics.select_entries()
        .where(
            TrainingSession.person_id == _PERSON,
            TrainingSession.starts_at >= sa.bindparam("since", type_=UTCDateTime),
        )
        .order_by(
            sa.case((ahead, 0), else_=1),
            sa.case((ahead, TrainingSession.starts_at)),
            TrainingSession.starts_at.desc(),
            TrainingSession.id,
        )
        .limit(CALENDAR_LIMIT)
    )


def _by_start(session: listed.ListedSession) -> tuple[datetime, int]:
    return session.starts_at, session.id


def get_person_session(person_id: int, session_id: int) -> TrainingSession | None:
    return db.session.scalar(
        sa.select(TrainingSession)
        .options(joinedload(TrainingSession.therapist).lazyload(Account.roles))
        .where(TrainingSession.id == session_id, TrainingSession.person_id == person_id)
    )


def next_booked_from(person_id: int, moment: datetime) -> TrainingSession | None:
    """The person's first booked session that starts at `moment` or later."""
    return db.session.scalar(
        sa.select(TrainingSession)
        .where(
            TrainingSession.person_id == person_id,
            TrainingSession.status == SessionStatus.BOOKED,
            TrainingSession.starts_at >= moment,
        )
        .order_by(TrainingSession.starts_at)
        .limit(1)
    )


def person_sessions_between(person_id: int, begin: datetime, end: datetime) -> list[listed.ListedSession]:
    """A person's sessions that start from `begin` up to (not including) `end`, with their therapists' names."""
    found = db.session.execute(_month_statement(), {"person_id": person_id, "begin": begin, "end": end})
    return [listed.from_row(row) for row in found]


@functools.cache
def _month_statement() -> sa.Select[*tuple[Any, ...]]:
    """Built once, with the person and the bounds bound at execution (the month view asks it on every view)."""
    return (
        listed.select()
        .where(
            TrainingSession.person_id == _PERSON,
            TrainingSession.starts_at >= sa.bindparam("begin", type_=UTCDateTime),
            TrainingSession.starts_at < sa.bindparam("end", type_=UTCDateTime),
        )
        .order_by(TrainingSession.starts_at)
    )
