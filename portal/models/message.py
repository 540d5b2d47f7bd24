from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, StrEnumColumn, TimestampMixin, UTCDateTime, utcnow
from portal.models.account import Account
from portal.models.person import Person


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"
    DIGITAL_POST = "digital_post"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry; staff must reach the citizen another way


class Message(TimestampMixin, Base):
    """A letter or notice as it was sent: fixed text in the language it was written in.

    It goes to a citizen (`person_id`: their message list, the data export) or to a login (`account_id`: e.g. a GP
    told that an end note is ready, or the link that confirms an e-mail address someone typed), never both. A notice
    to a login is not a letter to the citizen, so the citizen's message list and data export (which read by
    `person_id`) leave it out; it holds no CPR and no health details, only where in the portal to look.
    """

    __tablename__ = "messages"
    __table_args__ = (
        sa.Index("ix_messages_person_id_created_at", "person_id", "created_at"),
        # The home counts a person's unread letters.
        sa.Index("ix_messages_person_id_read_at", "person_id", "read_at"),
        sa.CheckConstraint("(person_id IS NULL) <> (account_id IS NULL)", name="one_recipient"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("persons.id"))
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"), index=True)
    # What made it, e.g. "application.receipt"; pages and tests find messages by it.
    kind: Mapped[str] = mapped_column(sa.String(80))
    # The case a letter is about, so the message can offer the case's documents (e.g. the receipt as PDF).
    application_id: Mapped[int | None] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    language: Mapped[str] = mapped_column(sa.String(5))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    # When the citizen themselves first opened it; a relative reading it leaves it unread for the citizen.
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person | None] = relationship()
    account: Mapped[Account | None] = relationship()
    deliveries: Mapped[list[OutboxItem]] = relationship(back_populates="message", order_by="OutboxItem.id")


class OutboxItem(TimestampMixin, Base):
    """One delivery of a message through one channel, retried with back-off by `flask outbox deliver`."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(sa.ForeignKey("messages.id"), index=True)
    channel: Mapped[str] = mapped_column(sa.String(20))
    # E-mail address or phone number; Digital Post finds the citizen by CPR at delivery, so it has none here.
    address: Mapped[str | None] = mapped_column(sa.String(200))
    status: Mapped[DeliveryStatus] = mapped_column(StrEnumColumn(DeliveryStatus, 10), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A short reason such as "smtp_refused"; never the message or an address.
    last_error: Mapped[str | None] = mapped_column(sa.String(100))

    message: Mapped[Message] = relationship(back_populates="deliveries")
