"""Sending a message: it lands in the citizen's message list at once and is queued for each channel.

A notice to a login (`send_to_account`: a GP, or the link that confirms an e-mail address) uses the same outbox
and delivery, by e-mail only."""

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


def send_to_account(
    account_id: int,
    email: str,
    kind: str,
    language: str,
    subject: str,
    body: str,
    application_id: int | None = None,
) -> Message:
    """Queues one e-mail to a login (a GP, or whoever asked to confirm an address). The text must hold no CPR and
    no health details: e-mail is not a secure channel, so it only says where in the portal to look."""
    message = Message(
        account_id=account_id, kind=kind, language=language, subject=subject, body=body, application_id=application_id
    )
    db.session.add(message)
    db.session.flush()
    db.session.add(OutboxItem(message_id=message.id, channel=str(Channel.EMAIL), address=email))
    db.session.flush()
    return message
