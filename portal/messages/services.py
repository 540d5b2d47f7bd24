"""Reading the letters of a person, and remembering when the person themselves opened one."""

from __future__ import annotations

import sqlalchemy as sa

from portal.database import utcnow
from portal.extensions import db
from portal.models import Message

PAGE_SIZE = 20


def page_of(person_id: int, page: int) -> list[Message]:
    """One page of the person's letters, newest first, with one more row to tell whether there are older ones."""
    return list(
        db.session.scalars(
            sa.select(Message)
            .where(Message.person_id == person_id)
            .order_by(Message.created_at.desc(), Message.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )


def get_letter(person_id: int, message_id: int) -> Message | None:
    message = db.session.get(Message, message_id)
    return message if message is not None and message.person_id == person_id else None


def mark_read(message: Message) -> None:
    """The first opening counts: a conditional UPDATE, so two tabs opening it at once keep the earlier time."""
    if message.read_at is not None:
        return
    db.session.execute(
        sa.update(Message)
        .where(Message.id == message.id, Message.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
