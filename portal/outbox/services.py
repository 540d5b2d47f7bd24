"""Sending a message: it lands in the citizen's message list at once and is queued for each channel."""

from __future__ import annotations

from collections.abc import Iterable

from portal.extensions import db
from portal.models import Channel, Message, OutboxItem


def send_message(
    person_id: int,
    kind: str,
    language: str,
    subject: str,
    body: str,
    channels: Iterable[tuple[Channel, str | None]] = ((Channel.DIGITAL_POST, None),),
    application_id: int | None = None,
) -> Message:
    message = Message(
        person_id=person_id, kind=kind, language=language, subject=subject, body=body, application_id=application_id
    )
    db.session.add(message)
    db.session.flush()
    for channel, address in channels:
        db.session.add(OutboxItem(message_id=message.id, channel=str(channel), address=address))
    db.session.flush()
    return message
