from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, TimestampMixin
from portal.models.account import Account


class Team(TimestampMixin, Base):
    """A team (hold): training for several citizens at once, with one therapist and a fixed number of places."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # A centre of the profile by its id.
    centre_id: Mapped[str] = mapped_column(sa.String(40))
    capacity: Mapped[int]
    therapist_account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"))
    active: Mapped[bool] = mapped_column(default=True)

    therapist: Mapped[Account] = relationship()
