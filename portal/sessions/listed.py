"""A session as the citizen's lists show it ("Mine træningstider" and the month view): plain values read in the
list's own statement, not ORM sessions with their therapists' accounts, which cost those pages more to build than
their database took to answer. A `ListedSession` answers what the session templates ask of a `TrainingSession`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from portal.models import Account, SessionKind, SessionStatus, TrainingSession
from portal.models.account import first_name_of
from portal.models.session import SessionFacts


class TherapistName(NamedTuple):
    first_name: str | None


@dataclass(frozen=True, slots=True)
class ListedSession(SessionFacts):
    id: int
    starts_at: datetime
    ends_at: datetime
    kind: SessionKind
    centre_id: str | None
    place: str | None
    status: SessionStatus
    late: bool
    replaces_session_id: int | None
    therapist: TherapistName


# What a list selects of each session and its therapist.
COLUMNS = (
    TrainingSession.id,
    TrainingSession.starts_at,
    TrainingSession.ends_at,
    TrainingSession.kind,
    TrainingSession.centre_id,
    TrainingSession.place,
    TrainingSession.status,
    TrainingSession.late,
    TrainingSession.replaces_session_id,
    Account.display_name,
    Account.issuer,
)


def select() -> sa.Select[*tuple[Any, ...]]:
    """The columns, with the session's therapist joined; the caller adds which sessions."""
    return sa.select(*COLUMNS).join(Account, Account.id == TrainingSession.therapist_account_id)


def from_row(row: Any) -> ListedSession:
    return ListedSession(
        row.id,
        row.starts_at,
        row.ends_at,
        row.kind,
        row.centre_id,
        row.place,
        row.status,
        row.late,
        row.replaces_session_id,
        TherapistName(first_name_of(row.display_name, row.issuer)),
    )
