from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, TimestampMixin, UTCDateTime
from portal.models.message import Channel

# Without a choice of their own, a person gets a reminder through Digital Post at 17 the day before: the one
# channel the municipality can always reach a citizen by, at an hour most are home.
DEFAULT_CHANNELS = (Channel.DIGITAL_POST,)
DEFAULT_REMINDER_HOUR = 17
REMINDER_HOURS = range(8, 21)


class ContactPreference(TimestampMixin, Base):
    """How and when a person wants to hear about their training sessions ("Påmindelser og kontakt")."""

    __tablename__ = "contact_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), unique=True)
    # The confirmed address: the one notices go to.
    email: Mapped[str | None] = mapped_column(sa.String(200))
    # A new address waits here until the link sent to it is followed; only the token's SHA-256 is kept.
    pending_email: Mapped[str | None] = mapped_column(sa.String(200))
    pending_email_token_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True, unique=True)
    pending_email_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Eight digits, a Danish number without +45.
    phone: Mapped[str | None] = mapped_column(sa.String(8))
    # Space-separated channel values, as the fuldmagt's scopes.
    channels: Mapped[str] = mapped_column(sa.String(60), default=" ".join(DEFAULT_CHANNELS))
    reminders: Mapped[bool] = mapped_column(default=True)
    # Copenhagen hour the day before a session when its reminder goes out.
    reminder_hour: Mapped[int] = mapped_column(default=DEFAULT_REMINDER_HOUR)
    # One more program reminder, on the next channel, when none of the training days after a reminder is logged.
    program_follow_up: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    @property
    def channel_list(self) -> list[Channel]:
        chosen = set(self.channels.split())
        return [channel for channel in Channel if channel in chosen]
