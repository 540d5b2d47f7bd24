from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, TimestampMixin, UTCDateTime
from portal.models.person import Person


class Scope(enum.StrEnum):
    """What a fuldmagt lets a relative do for the citizen (the policy's SCOPE_FOR_ACTION says which actions)."""

    SEE = "see"  # sessions, letters, cases with their health answers and receipts, programs and their log
    MANAGE_SESSIONS = "manage_sessions"  # cancel sessions, register absence, log self-training, program reminders
    MANAGE_CONTACT = "manage_contact"  # e-mail, mobile number and reminder channels (the preferences page)
    APPLY = "apply"  # apply, answer the municipality's and the referral's questions, withdraw
    HELP_TRAINING = "help_training"  # "Træn nu" with the citizen: run the exercises step by step and log the day
    # Kept for fuldmagter that hold it; the portal sends relatives nothing yet, so it is no longer offered.
    RECEIVE_NOTICES = "receive_notices"


# The scopes a citizen or staff can give today, in the order the forms offer them.
OFFERED_SCOPES = (Scope.SEE, Scope.MANAGE_SESSIONS, Scope.HELP_TRAINING, Scope.MANAGE_CONTACT, Scope.APPLY)


class DelegationKind(enum.StrEnum):
    FULDMAGT = "fuldmagt"  # given by the citizen in the portal
    PAPER_FULDMAGT = "paper_fuldmagt"  # registered by staff from a signed paper form
    GUARDIANSHIP = "guardianship"  # værgemål, registered by staff


class Delegation(TimestampMixin, Base):
    """A power of attorney (fuldmagt) or guardianship from a citizen to a relative, with scopes and a period."""

    __tablename__ = "delegations"
    __table_args__ = (
        sa.Index("ix_delegations_grantee_person_id_revoked_at", "grantee_person_id", "revoked_at"),
        # A fuldmagt offered to a CPR number is found by its hash when the relative logs in.
        sa.Index("ix_delegations_grantee_cpr_hash", "grantee_cpr_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default=DelegationKind.FULDMAGT)
    grantor_person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    # Empty until the relative accepts: typing a CPR number makes no person, so the form tells nothing about
    # whom the portal knows. A paper fuldmagt or guardianship has its relative at once.
    grantee_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("persons.id"))
    # The keyed hash of the relative's CPR number (`cpr.lookup_hash`), matched against the person who logs in.
    grantee_cpr_hash: Mapped[str] = mapped_column(sa.String(64))
    # The relative's name as the citizen (or staff) wrote it; the only name shown for the relative, so the portal
    # never shows a name it holds for a CPR number to somebody who only typed the number.
    grantee_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # Space-separated Scope values.
    scopes: Mapped[str] = mapped_column(sa.String(200))
    valid_from: Mapped[date] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"))
    # Paper fuldmagt and guardianship: who registered it and which paper it rests on.
    registered_by_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"))
    paper_reference: Mapped[str | None] = mapped_column(sa.String(200))

    grantor: Mapped[Person] = relationship(foreign_keys=[grantor_person_id])
    grantee: Mapped[Person | None] = relationship(foreign_keys=[grantee_person_id])

    @property
    def scope_set(self) -> frozenset[Scope]:
        return frozenset(Scope(value) for value in self.scopes.split())

    def is_active_on(self, day: date) -> bool:
        return (
            self.accepted_at is not None
            and self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )

    def is_pending_on(self, day: date) -> bool:
        return (
            self.accepted_at is None
            and self.declined_at is None
            and self.revoked_at is None
            and (self.valid_to is None or day <= self.valid_to)
        )

    def status_on(self, day: date) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.declined_at is not None:
            return "declined"
        if self.valid_to is not None and self.valid_to < day:
            return "expired"
        if self.accepted_at is None:
            return "pending"
        if self.valid_from > day:
            return "future"
        return "active"
