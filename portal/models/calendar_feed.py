from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, TimestampMixin, UTCDateTime


class CalendarFeed(TimestampMixin, Base):
    """A private calendar subscription link: a person's sessions, polled by a calendar app without a login.

    The holder is the citizen who made the link: the person themselves, or a relative acting with the SEE scope of
    a fuldmagt (the feed then works only while that fuldmagt does). The token is looked up by its SHA-256 hash;
    it is also kept encrypted with the app's Fernet key so the holder can see the link again on the page.
    """

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        sa.Index("ix_calendar_feeds_holder_person_id_person_id", "holder_person_id", "person_id", "revoked_at"),
        # One live link per holder and person: two "make a link" clicks at once cannot leave two working links.
        sa.Index(
            "uq_calendar_feeds_one_live_per_holder",
            "holder_person_id",
            "person_id",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    holder_person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_encrypted: Mapped[str] = mapped_column(sa.Text)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
