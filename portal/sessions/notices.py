"""The therapist's "Nye afbud": the citizens' cancellations of their sessions they have not yet marked seen.

Staff have no inbox, so the notice is this list on the therapist's course list and console. A cancellation is new
to the session's therapist until they press Seen. An absence period cancels its sessions at one moment with one
reason, so the sessions that share a person, a moment and a reason are shown as one notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.database import rows_changed, utcnow
from portal.extensions import db
from portal.models import Course, SessionStatus, TrainingSession

# How many cancelled sessions the list shows at once, so the page stays small however many there are; the rest
# come after Seen.
SHOWN = 40


@dataclass(frozen=True)
class Notice:
    course: Course
    cancelled_at: datetime | None
    reason: str | None
    sessions: list[TrainingSession]

    @property
    def is_period(self) -> bool:
        return len(self.sessions) > 1

    @property
    def late(self) -> bool:
        return any(session.late for session in self.sessions)


@dataclass(frozen=True)
class Notices:
    notices: list[Notice]
    # More new cancellations than shown wait for the next page.
    more: bool
    # The newest moment shown: Seen marks the cancellations up to it, never ones that arrive after the page.
    until: datetime | None


def _unseen(therapist_account_id: int) -> sa.Select:
    return sa.select(TrainingSession).where(
        TrainingSession.therapist_account_id == therapist_account_id,
        TrainingSession.status == SessionStatus.CANCELLED_BY_CITIZEN,
        TrainingSession.therapist_seen_at.is_(None),
    )


def new_cancellations(therapist_account_id: int) -> Notices:
    """The oldest new cancellations first, in one query with their courses and citizens."""
    rows = list(
        db.session.scalars(
            _unseen(therapist_account_id)
            .options(joinedload(TrainingSession.course).joinedload(Course.person))
            .order_by(TrainingSession.cancelled_at, TrainingSession.starts_at, TrainingSession.id)
            .limit(SHOWN + 1)
        )
    )
    more = len(rows) > SHOWN
    if more:
        # Leave out the last moment's cancellations, which may be cut, unless it is the only one shown.
        last = rows[SHOWN - 1].cancelled_at
        kept = [row for row in rows[:SHOWN] if row.cancelled_at != last]
        rows = kept or rows[:SHOWN]
    groups: dict[tuple[int, datetime | None, str | None], list[TrainingSession]] = {}
    for row in rows:
        groups.setdefault((row.course_id, row.cancelled_at, row.cancel_reason), []).append(row)
    notices = [
        Notice(sessions[0].course, cancelled_at, reason, sessions)
        for (_course_id, cancelled_at, reason), sessions in groups.items()
    ]
    return Notices(notices, more, max((row.cancelled_at for row in rows if row.cancelled_at), default=None))


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
