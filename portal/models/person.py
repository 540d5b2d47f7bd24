from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, TimestampMixin


class Person(TimestampMixin, Base):
    """A citizen known by CPR; may exist before their first login (e.g. from a GP referral)."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Keyed hash for lookup and the Fernet-encrypted number; the plain CPR is never stored.
    cpr_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    cpr_encrypted: Mapped[str] = mapped_column(sa.String(200))
    given_name: Mapped[str] = mapped_column(sa.String(200))
    family_name: Mapped[str] = mapped_column(sa.String(200))
    birth_date: Mapped[date] = mapped_column(sa.Date)
    # The language the person last used the portal in when logged in; their letters are written in it.
    # None until they log in (a person known from a GP referral): letters are then Danish.
    language: Mapped[str | None] = mapped_column(sa.String(5))

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def __repr__(self) -> str:
        return f"<Person {self.id}>"
