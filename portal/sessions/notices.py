"""The therapist's "Nye afbud": the citizens' cancellations of their sessions they have not yet marked seen.

Staff have no inbox, so the notice is this list on the therapist's course list and console. A cancellation is new
to the session's therapist until they press Seen. An absence period cancels its sessions at one moment with one
reason, so the sessions that share a person, a moment and a reason are shown as one notice.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from portal.database import rows_changed, utcnow
from portal.extensions import db
from portal.models import Person, SessionStatus, TrainingSession

# How many cancelled sessions the list shows at once, so the page stays small however many there are; the rest
# come after Seen. Twenty is a week's cancellations for a busy therapist and a screen or two to read.
SHOWN = 20


@dataclass(frozen=True)
class CancelledSession:
    starts_at: datetime
    late: bool


@dataclass(frozen=True)
class Notice:
    course_id: int
    person_id: int
    citizen: str
    cancelled_at: datetime | None
    reason: str | None
    sessions: list[CancelledSession]

    @property
    def is_period(self) -> bool:
        return len(self.sessions) > 1


@dataclass(frozen=True)
class Notices:
    notices: list[Notice]
    # More new cancellations than shown wait for the next page.
    more: bool
    # The newest moment shown: Seen marks the cancellations up to it, never ones that arrive after the page.
    until: datetime | None


def new_cancellations(therapist_account_id: int) -> Notices:
    """The oldest new cancellations first, in one query with their citizens' names."""
    rows = db.session.execute(_new_statement(), {"therapist_account_id": therapist_account_id}).all()
    more = len(rows) > SHOWN
    if more:
        # Leave out the last moment's cancellations, which may be cut, unless it is the only one shown.
        last = rows[SHOWN - 1].cancelled_at
        kept = [row for row in rows[:SHOWN] if row.cancelled_at != last]
        rows = kept or rows[:SHOWN]
    groups: dict[tuple[int, datetime | None, str | None], list[Any]] = {}
    for row in rows:
        groups.setdefault((row.course_id, row.cancelled_at, row.cancel_reason), []).append(row)
    notices = [
        Notice(
            course_id,
            sessions[0].person_id,
            f"{sessions[0].given_name} {sessions[0].family_name}".strip(),
            cancelled_at,
            reason,
            [CancelledSession(session.starts_at, session.late) for session in sessions],
        )
        for (course_id, cancelled_at, reason), sessions in groups.items()
    ]
    return Notices(notices, more, max((row.cancelled_at for row in rows if row.cancelled_at), default=None))


@functools.cache
def _new_statement() -> sa.Select[*tuple[Any, ...]]:
    """Built once, with the therapist bound at execution; plain rows, not sessions with their courses and citizens,
    which cost the course list more to load than its own rows."""
    return (
        sa.select(
            TrainingSession.course_id,
            TrainingSession.person_id,
            TrainingSession.starts_at,
            TrainingSession.cancelled_at,
            TrainingSession.cancel_reason,
            TrainingSession.late,
            Person.given_name,
            Person.family_name,
        )
        .join(Person, Person.id == TrainingSession.person_id)
        .where(
            TrainingSession.therapist_account_id == sa.bindparam("therapist_account_id", type_=sa.Integer),
            TrainingSession.status == SessionStatus.CANCELLED_BY_CITIZEN,
            TrainingSession.therapist_seen_at.is_(None),
        )
        .order_by(TrainingSession.cancelled_at, TrainingSession.starts_at, TrainingSession.id)
        .limit(SHOWN + 1)
    )


def mark_seen(therapist_account_id: int, until: datetime, at: datetime | None = None) -> int:
    """Marks the therapist's new cancellations up to `until` seen; a cancellation after it stays new."""
    return rows_changed(
        sa.update(TrainingSession)
        .where(
            TrainingSession.therapist_account_id == therapist_account_id,
            TrainingSession.status == SessionStatus.CANCELLED_BY_CITIZEN,
            TrainingSession.therapist_seen_at.is_(None),
            TrainingSession.cancelled_at <= until,
        )
        .values(therapist_seen_at=at or utcnow())
        .execution_options(synchronize_session=False)
    )
