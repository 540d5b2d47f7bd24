from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime, utcnow


class AccessLog(Base):
    """Who read or changed whose data, acting how, and when. Rows are only ever added (see access_log/guard.py).

    Who it was is kept as it was at the time (name, role, organisation), so the log still reads right after a
    name change or a deleted account.

    The reader's account and the citizen are plain ids, not foreign keys: PostgreSQL checks a foreign key by locking
    the row it points to, so every staff page's reads would lock each citizen's row it listed (and doubled what
    the INSERT cost). The ids are those of rows the request has just read through the fetch helpers, and persons
    and accounts are never deleted.
    """

    __tablename__ = "access_log"
    __table_args__ = (sa.Index("ix_access_log_subject_person_id_at", "subject_person_id", "at"),)

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_account_id: Mapped[int | None] = mapped_column(index=True)
    actor_name: Mapped[str] = mapped_column(sa.String(200), default="")
    actor_role: Mapped[str | None] = mapped_column(sa.String(30))
    actor_organisation: Mapped[str | None] = mapped_column(sa.String(200))
    subject_person_id: Mapped[int | None]
    # "self", "relative", "guardian", "gp", "staff", "citizen" (a login), "system"
    acting_as: Mapped[str] = mapped_column(sa.String(30))
    # The fuldmagt a relative acted under.
    delegation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("delegations.id"))
    # A stable key such as "login" or an endpoint like "overview.index"; rendered to words where it is shown.
    action: Mapped[str] = mapped_column(sa.String(80))
    detail: Mapped[str | None] = mapped_column(sa.String(500))
