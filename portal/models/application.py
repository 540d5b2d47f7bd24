from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, ChangedAtMixin, StrEnumColumn, TimestampMixin, UTCDateTime
from portal.models.person import Person
from portal.models.promised_dates import PromisedDates, PromisedDatesJSON


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    IN_ASSESSMENT = "in_assessment"
    GRANTED = "granted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.ACKNOWLEDGED, ApplicationStatus.IN_ASSESSMENT}
)
# The inbox index holds open cases only, and a database uses it only for a query that names the same statuses, in
# this order, written out rather than bound: see `open_case` below. A new open status needs a migration of the index.
_OPEN_IN_ORDER = sorted(str(status) for status in OPEN_STATUSES)
OPEN_CASE_PREDICATE = "status IN ({})".format(", ".join(f"'{status}'" for status in _OPEN_IN_ORDER))


class ApplicationSource(enum.StrEnum):
    CITIZEN = "citizen"
    RELATIVE = "relative"  # a relative with the "apply" scope, on the citizen's behalf
    GP = "gp"  # a referral (henvisning) from the citizen's doctor


class Application(TimestampMixin, ChangedAtMixin, Base):
    """An application or a GP referral for training, from draft to decision.

    The answers are kept as the questions asked them (JSON), so a changed question list does not rewrite old
    cases. The service deadlines are computed once, when it is sent, from the municipality's quality standard
    in force then, and kept with the case.
    """

    __tablename__ = "applications"
    __table_args__ = (
        # The visitator's inbox: open cases in the inbox's order (nearest deadline first, none last), so a page is
        # read from the index instead of sorting every open case.
        sa.Index(
            "ix_applications_inbox",
            "next_due_on",
            "submitted_at",
            "id",
            sqlite_where=sa.text(OPEN_CASE_PREDICATE),
            postgresql_where=sa.text(OPEN_CASE_PREDICATE),
        ),
        # The inbox filtered by status or by source: the open cases that match, in the inbox's order.
        *(
            sa.Index(
                f"ix_applications_inbox_{first}",
                first,
                "next_due_on",
                "submitted_at",
                "id",
                sqlite_where=sa.text(OPEN_CASE_PREDICATE),
                postgresql_where=sa.text(OPEN_CASE_PREDICATE),
            )
            for first in ("status", "source")
        ),
        sa.Index("ix_applications_person_id_status", "person_id", "status"),
        # One draft per person, so two "start" clicks at once cannot make two; the second finds the first.
        sa.Index(
            "uq_applications_one_draft_per_person",
            "person_id",
            unique=True,
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"))
    source: Mapped[ApplicationSource] = mapped_column(StrEnumColumn(ApplicationSource, 20))
    status: Mapped[ApplicationStatus] = mapped_column(
        StrEnumColumn(ApplicationStatus, 20), default=ApplicationStatus.DRAFT
    )
    # Who filled it in: the citizen, a relative (under `delegation_id`) or the GP.
    created_by_account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("delegations.id"))
    # Given when sent, e.g. "TR-2026-00042"; shown on the receipt and in letters.
    case_number: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # A GP referral's clinical information: reason, diagnosis text and code, history, precautions, consent.
    referral: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The dates promised by goal id (see `PromisedDates`); JSON in the database.
    deadlines: Mapped[PromisedDates] = mapped_column(PromisedDatesJSON(), default=PromisedDates.none)
    # The earliest deadline not yet met, for sorting the inbox; kept in step by the services that meet them.
    next_due_on: Mapped[date | None] = mapped_column(sa.Date)

    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assessment_talk_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assessment_place: Mapped[str | None] = mapped_column(sa.String(300))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"))
    # The profile's offer id when granted (e.g. "tg1"), the number of sessions and the goals; or the reason.
    granted_offer: Mapped[str | None] = mapped_column(sa.String(40))
    granted_sessions: Mapped[int | None]
    decision_goals: Mapped[str | None] = mapped_column(sa.Text)
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdraw_reason: Mapped[str | None] = mapped_column(sa.String(500))

    person: Mapped[Person] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def open_case() -> sa.ColumnElement[bool]:
    """The open statuses as the inbox index's predicate has them: values in the SQL text, not bound parameters, so
    SQLite and PostgreSQL (also in a prepared, generic plan) can tell the query needs only the index's rows."""
    return Application.status.in_(sa.bindparam("open_statuses", _OPEN_IN_ORDER, expanding=True, literal_execute=True))
