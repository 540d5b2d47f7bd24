from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import TimestampMixin, UTCDateTime, db
from portal.models.person import Person


class Scope(enum.StrEnum):
    """What a fuldmagt lets a relative do for the citizen."""

    SEE = "see"  # see sessions and messages
    MANAGE_SESSIONS = "manage_sessions"  # cancel sessions and register absence
    APPLY = "apply"  # apply and answer on the citizen's behalf
    RECEIVE_NOTICES = "receive_notices"


class DelegationKind(enum.StrEnum):
    FULDMAGT = "fuldmagt"  # given by the citizen in the portal
    PAPER_FULDMAGT = "paper_fuldmagt"  # registered by staff from a signed paper form
    GUARDIANSHIP = "guardianship"  # værgemål, registered by staff


class Delegation(TimestampMixin, db.Model):
    """A power of attorney (fuldmagt) or guardianship from a citizen to a relative, with scopes and a period."""

    __tablename__ = "delegations"
    __table_args__ = (sa.Index("ix_delegations_grantee_person_id_revoked_at", "grantee_person_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default=DelegationKind.FULDMAGT)
    grantor_person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    grantee_person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"))
    # The relative's name as the citizen wrote it; the person's own name comes from MitID when they log in.
    grantee_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # Space-separated Scope values.
    scopes: Mapped[str] = mapped_column(sa.String(200))
    valid_from: Mapped[date] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"))
    # Paper fuldmagt and guardianship: who registered it and which paper it rests on.
    registered_by_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"))
    paper_reference: Mapped[str | None] = mapped_column(sa.String(200))

    grantor: Mapped[Person] = relationship(foreign_keys=[grantor_person_id])
    grantee: Mapped[Person] = relationship(foreign_keys=[grantee_person_id])

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
        return self.accepted_at is None and self.revoked_at is None and (self.valid_to is None or day <= self.valid_to)

    def status_on(self, day: date) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.valid_to is not None and self.valid_to < day:
            return "expired"
        if self.accepted_at is None:
            return "pending"
        if self.valid_from > day:
            return "future"
        return "active"
