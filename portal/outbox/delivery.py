"""The delivery worker: takes due outbox rows, sends them, retries with back-off, gives up in the end.

Several workers may run at once: on PostgreSQL each batch is claimed with SELECT ... FOR UPDATE SKIP LOCKED,
so two workers never send the same row and neither waits for the other. SQLite has no row locks; there a
worker takes the database's write lock before it reads its batch, so workers take turns instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import joinedload

from portal.database import utcnow
from portal.extensions import db
from portal.models import Channel, DeliveryStatus, Message, OutboxItem
from portal.outbox.adapters import Adapter, DeliveryError, FileSink, SmtpEmail

# Waits between attempts; after the last one the delivery is marked failed.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))


@dataclass
class Report:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: dict[str, int] = field(default_factory=dict)


def adapters_for(app: Flask) -> dict[str, Adapter]:
    sink = app.config.get("OUTBOX_SINK_DIR")
    adapters: dict[str, Adapter] = {}
    if sink:
        for channel in Channel:
            adapters[str(channel)] = FileSink(Path(sink), channel, app.config["PORTAL_URL"])
    if app.config.get("SMTP_HOST"):
        adapters[str(Channel.EMAIL)] = SmtpEmail(
            app.config["SMTP_HOST"],
            int(app.config.get("SMTP_PORT", 25)),
            app.config["MAIL_SENDER"],
            app.config["PORTAL_URL"],
            security=app.config["SMTP_SECURITY"],
            username=app.config.get("SMTP_USERNAME"),
            password=app.config.get("SMTP_PASSWORD"),
        )
    return adapters


def deliver_batch(adapters: dict[str, Adapter], now: datetime | None = None, batch: int = 50) -> Report:
    now = now or utcnow()
    report = Report()
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.connection().exec_driver_sql("BEGIN IMMEDIATE")
    items = db.session.scalars(
        sa.select(OutboxItem)
        .options(joinedload(OutboxItem.message).joinedload(Message.person))
        .where(OutboxItem.status == DeliveryStatus.PENDING, OutboxItem.next_attempt_at <= now)
        .order_by(OutboxItem.next_attempt_at, OutboxItem.id)
        .limit(batch)
        .with_for_update(skip_locked=True, of=OutboxItem)
    ).all()
    for item in items:
        adapter = adapters.get(item.channel)
        try:
            if adapter is None:
                raise DeliveryError("channel_not_configured")
            adapter.send(item, item.message)
        except DeliveryError as error:
            item.attempts += 1
            item.last_error = error.code
            report.errors[error.code] = report.errors.get(error.code, 0) + 1
            if item.attempts > len(BACKOFF):
                item.status = DeliveryStatus.FAILED
                report.failed += 1
            else:
                item.next_attempt_at = now + BACKOFF[item.attempts - 1]
                report.retried += 1
        else:
            item.status = DeliveryStatus.SENT
            item.sent_at = now
            item.attempts += 1
            report.sent += 1
    db.session.commit()
    return report
