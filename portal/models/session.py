from __future__ import annotations

import enum
import math
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, ChangedAtMixin, StrEnumColumn, TimestampMixin, UTCDateTime
from portal.models.account import Account
from portal.models.course import Course
from portal.models.team import Team


class SessionKind(enum.StrEnum):
    INDIVIDUAL = "individual"
    TEAM = "team"
    HOME = "home"


class SessionStatus(enum.StrEnum):
    BOOKED = "booked"
    CANCELLED_BY_CITIZEN = "cancelled_by_citizen"
    CANCELLED_BY_THERAPIST = "cancelled_by_therapist"
    ABSENT_WITH_NOTICE = "absent_with_notice"
    NO_SHOW = "no_show"
    ATTENDED = "attended"


# What uses one of the course's granted sessions. A cancelled session, or one the citizen called off in time, does
# not; no profile says otherwise.
COUNTS_AGAINST_COURSE = (SessionStatus.BOOKED, SessionStatus.ATTENDED, SessionStatus.NO_SHOW)
CANCELLED_STATUSES = (SessionStatus.CANCELLED_BY_CITIZEN, SessionStatus.CANCELLED_BY_THERAPIST)

SLOT = timedelta(minutes=15)


class _Timed(Protocol):
    @property
    def starts_at(self) -> datetime: ...

    @property
    def ends_at(self) -> datetime: ...

    @property
    def status(self) -> SessionStatus: ...


class SessionFacts:
    """What a session tells of itself from its times and status: a `TrainingSession`, and the plain rows the
    citizen's lists read (`portal.sessions.listed`), alike."""

    __slots__ = ()

    @property
    def minutes(self: _Timed) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_cancelled(self: _Timed) -> bool:
        return self.status in CANCELLED_STATUSES


class SlotHolder(enum.StrEnum):
    THERAPIST = "therapist"
    PERSON = "person"
    # A team occurrence holds its team's slot once for all participants (by the session of one of them).
    TEAM = "team"


# The rows of the "Nye afbud" index below (as SQL: the index is made by migration 0028).
UNSEEN_CANCELLATION = "status = 'cancelled_by_citizen' AND therapist_seen_at IS NULL"

# The absences a no-show rule can count (`portal.sessions.no_shows`): the course list orders a therapist's courses by
# them, read from the partial index below, which holds a tenth of the sessions. A new counted status needs a migration
# of the index (made by migration 0031).
ABSENCE_STATUSES = tuple(
    sorted((SessionStatus.ABSENT_WITH_NOTICE, SessionStatus.CANCELLED_BY_CITIZEN, SessionStatus.NO_SHOW))
)
ABSENCE_PREDICATE = "status IN ({})".format(", ".join(f"'{status}'" for status in ABSENCE_STATUSES))


class TrainingSession(SessionFacts, TimestampMixin, ChangedAtMixin, Base):
    """A booked training session (træningsgang) of a course."""

    __tablename__ = "training_sessions"
    __table_args__ = (
        sa.Index("ix_training_sessions_person_id_starts_at", "person_id", "starts_at"),
        # A course's sessions; the therapist's course list tallies them by status and start from the index alone.
        sa.Index("ix_training_sessions_course_id_status_starts_at", "course_id", "status", "starts_at"),
        sa.Index("ix_training_sessions_therapist_account_id_starts_at", "therapist_account_id", "starts_at"),
        # The reminder run asks for tomorrow's booked sessions.
        sa.Index("ix_training_sessions_status_starts_at", "status", "starts_at"),
        sa.Index("ix_training_sessions_team_id_starts_at", "team_id", "starts_at"),
        # The therapist's "Nye afbud": their sessions the citizen cancelled that they have not yet marked seen, in the
        # order the list shows them, so the few it shows are read from the index without a sort. Partial: an IS NULL
        # among the index's columns would not let PostgreSQL see the order of the columns after it.
        sa.Index(
            "ix_training_sessions_therapist_unseen",
            "therapist_account_id",
            "cancelled_at",
            "starts_at",
            "id",
            sqlite_where=sa.text(UNSEEN_CANCELLATION),
            postgresql_where=sa.text(UNSEEN_CANCELLATION),
        ),
        # A course's absences, counted for the order of the therapist's course list.
        sa.Index(
            "ix_training_sessions_course_absences",
            "course_id",
            "status",
            sqlite_where=sa.text(ABSENCE_PREDICATE),
            postgresql_where=sa.text(ABSENCE_PREDICATE),
        ),
        # A cancellation always has its moment: the therapist's "Nye afbud" lists and marks cancellations by it.
        sa.CheckConstraint(
            "status NOT IN ('cancelled_by_citizen', 'cancelled_by_therapist') OR cancelled_at IS NOT NULL",
            name="cancelled_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"))
    # The course's person, kept here so a person's sessions are one indexed query.
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"))
    therapist_account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[SessionKind] = mapped_column(StrEnumColumn(SessionKind, 20), default=SessionKind.INDIVIDUAL)
    # A centre of the profile by its id; None with `place` for anywhere else (e.g. the citizen's home).
    centre_id: Mapped[str | None] = mapped_column(sa.String(40))
    place: Mapped[str | None] = mapped_column(sa.Text)
    # The team (hold) of a team session; its participants each have a session of their own at the same start.
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"))
    status: Mapped[SessionStatus] = mapped_column(StrEnumColumn(SessionStatus, 30), default=SessionStatus.BOOKED)
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Cancelled by the citizen after the profile's notice limit.
    late: Mapped[bool] = mapped_column(default=False)
    replaces_session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("training_sessions.id"))
    # For the calendar export: a stable UID, and a sequence raised on every change.
    ics_uid: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=lambda: f"{uuid.uuid4()}@traeningsportalen"
    )
    ics_sequence: Mapped[int] = mapped_column(default=0)
    # When the day-before reminder was sent; set once, by the run that sends it.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the session's therapist marked the citizen's cancellation seen; None while it is new to them.
    therapist_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()
    therapist: Mapped[Account] = relationship()
    team: Mapped[Team | None] = relationship()


def absence() -> sa.ColumnElement[bool]:
    """The absence statuses as the index's predicate has them: values in the SQL text, not bound parameters, so
    SQLite and PostgreSQL (also in a prepared, generic plan) can tell the query needs only the index's rows."""
    statuses = [str(status) for status in ABSENCE_STATUSES]
    return TrainingSession.status.in_(sa.bindparam("absence_statuses", statuses, expanding=True, literal_execute=True))


def slot_starts(starts_at: datetime, ends_at: datetime) -> Iterator[datetime]:
    """The 15-minute slots a session covers, from the slot it starts in to the one it ends in."""
    epoch = datetime(2000, 1, 1, tzinfo=starts_at.tzinfo)
    first = epoch + SLOT * math.floor((starts_at - epoch) / SLOT)
    moment = first
    while moment < ends_at:
        yield moment
        moment += SLOT


class SessionSlot(Base):
    """One 15-minute slot a booked session holds for its therapist or its person.

    The unique constraint is what refuses a double booking, in the database, so two bookings at the same moment
    cannot both win on SQLite or PostgreSQL. Cancelling a session deletes its slots.
    """

    __tablename__ = "session_slots"
    __table_args__ = (sa.UniqueConstraint("holder", "holder_id", "slot_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("training_sessions.id"), index=True)
    holder: Mapped[str] = mapped_column(sa.String(20))
    holder_id: Mapped[int]
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime())
