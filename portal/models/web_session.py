from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class WebSession(Base):
    """A browser session kept on the server, so logout and timeouts hold in every process at once."""

    __tablename__ = "web_sessions"

    # SHA-256 of the cookie value: a copy of this table does not let anyone take over a session.
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Indexed for the purge of sessions that timed out.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
