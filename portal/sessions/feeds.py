"""Private calendar subscription links ("Kalender-abonnement").

A link holds a random token (`secrets.token_urlsafe(32)`); the database looks it up by its SHA-256 hash, so a
leaked table of hashes opens no calendar. The token is also kept encrypted with the app's Fernet key (the one that
encrypts CPR numbers), so the holder can see and copy the link again later; a calendar link that could only be
seen once would be lost by most citizens before their calendar app had it.

A citizen has at most one live link per person they hold it for: making a new one revokes the old, and a unique
index on live links makes it hold when two are made at once.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask import current_app

from portal.clock import today
from portal.database import UTCDateTime, insert_or_winner, rows_changed, utcnow
from portal.extensions import db
from portal.models import Account, CalendarFeed, Delegation, Scope, TrainingSession
from portal.sessions import ics

# What the feed shows: the same sessions as the download.
FEED_PAST = ics.RECENT_PAST


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fernet() -> Fernet:
    return Fernet(current_app.config["CPR_ENCRYPTION_KEY"])


def token_of(feed: CalendarFeed) -> str:
    return _fernet().decrypt(feed.token_encrypted.encode()).decode()


def live_feed(holder_person_id: int, person_id: int) -> CalendarFeed | None:
    return db.session.scalar(
        sa.select(CalendarFeed).where(
            CalendarFeed.holder_person_id == holder_person_id,
            CalendarFeed.person_id == person_id,
            CalendarFeed.revoked_at.is_(None),
        )
    )


def revoke(holder_person_id: int, person_id: int, at: datetime | None = None) -> int:
    """Revokes the holder's live link for the person; the number of links revoked (0 or 1)."""
    revoked = rows_changed(
        sa.update(CalendarFeed)
        .where(
            CalendarFeed.holder_person_id == holder_person_id,
            CalendarFeed.person_id == person_id,
            CalendarFeed.revoked_at.is_(None),
        )
        .values(revoked_at=at or utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return revoked


def create(holder_person_id: int, person_id: int) -> tuple[CalendarFeed, str]:
    """A new link, revoking the holder's old one for the person; the feed and its token.

    Two clicks at once both revoke the old link and both insert; the unique index on live links lets one win, and
    the other hands back the winner's link, so the holder ends with one link that works."""
    revoke(holder_person_id, person_id)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        person_id=person_id,
        holder_person_id=holder_person_id,
        token_hash=token_hash(token),
        token_encrypted=_fernet().encrypt(token.encode()).decode(),
    )
    kept = insert_or_winner(feed, lambda: live_feed(holder_person_id, person_id))
    return (feed, token) if kept is feed else (kept, token_of(kept))


@dataclass(frozen=True)
class Feed:
    """What a live link shows: whose sessions, the fuldmagt a relative's link rests on (None when the link is the
    person's own), and the sessions since `FEED_PAST` ago, in order."""

    person_id: int
    delegation: Delegation | None
    sessions: list[ics.Entry]


def open_feed(token: str, now: datetime | None = None) -> Feed | None:
    """The calendar of the live link with this token, if its holder may still see the person's sessions; None
    otherwise. Calendar apps poll a link many times a day, so the link and its sessions come in one statement.

    A relative's link works only while their fuldmagt is active and has the SEE scope, so revoking the fuldmagt
    also stops the calendar."""
    since = (now or utcnow()) - FEED_PAST
    rows = db.session.execute(_feed_statement(), {"token_hash": token_hash(token), "since": since}).all()
    if not rows:
        return None
    person_id, holder_person_id = rows[0][0], rows[0][1]
    delegation = None if holder_person_id == person_id else _see_delegation(person_id, holder_person_id)
    if holder_person_id != person_id and delegation is None:
        return None
    return Feed(person_id, delegation, ics.entries(rows))


@functools.cache
def _feed_statement() -> sa.Select[Any]:
    """Built once per process, with the token's hash and the start bound at execution: building a statement of this
    size and its cache key cost more than the database's answer."""
    link = (
        sa.select(CalendarFeed.person_id, CalendarFeed.holder_person_id)
        .where(
            CalendarFeed.token_hash == sa.bindparam("token_hash", type_=sa.String),
            CalendarFeed.revoked_at.is_(None),
        )
        .subquery()
    )
    return (
        sa.select(link.c.person_id, link.c.holder_person_id, *ics.entry_columns())
        .select_from(link)
        .outerjoin(
            TrainingSession,
            sa.and_(
                TrainingSession.person_id == link.c.person_id,
                TrainingSession.starts_at >= sa.bindparam("since", type_=UTCDateTime),
            ),
        )
        .outerjoin(Account, Account.id == TrainingSession.therapist_account_id)
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    )


def _see_delegation(person_id: int, holder_person_id: int) -> Delegation | None:
    held = db.session.scalars(
        sa.select(Delegation).where(
            Delegation.grantor_person_id == person_id,
            Delegation.grantee_person_id == holder_person_id,
            Delegation.revoked_at.is_(None),
        )
    )
    day = today()
    return next((d for d in held if d.is_active_on(day) and Scope.SEE in d.scope_set), None)
