"""A person's contact preferences, and the channels every session letter goes through.

Formal letters (a cancellation, a registered absence, a replacement time) always keep Digital Post, whatever the
person chose: it is the municipality's record that the citizen was told, and e-mail or SMS is only a quicker nudge
next to it. A reminder is a courtesy, so it goes only where the person asked for it.

A new e-mail address is not used until someone follows the link sent to it (`change_email`): until then notices
keep going to the old one. The citizen is told of every change by Digital Post and at the old address, since a
relative who may manage the sessions can change it too.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import get_locale

from portal.database import utcnow
from portal.extensions import db
from portal.models import Channel, ContactPreference
from portal.models.contact_preference import DEFAULT_CHANNELS, DEFAULT_REMINDER_HOUR
from portal.outbox.letters import as_message_args, language_of
from portal.outbox.services import send_message, send_to_account
from portal.preferences import letters

Delivery = tuple[Channel, str | None]


def preference_of(person_id: int) -> ContactPreference | None:
    return db.session.scalar(sa.select(ContactPreference).where(ContactPreference.person_id == person_id))


def _deliveries(preference: ContactPreference | None) -> list[Delivery]:
    if preference is None:
        return [(channel, None) for channel in DEFAULT_CHANNELS]
    addresses: dict[Channel, str | None] = {
        Channel.DIGITAL_POST: None,
        Channel.EMAIL: preference.email,
        Channel.SMS: preference.phone,
    }
    # A channel without its address is skipped; the form does not allow it, but an address may be removed later.
    return [
        (channel, addresses[channel])
        for channel in preference.channel_list
        if channel == Channel.DIGITAL_POST or addresses[channel]
    ]


def channels_for(person_id: int, formal: bool = True) -> list[Delivery]:
    """Where a session letter to the person goes: the chosen channels, with Digital Post first for formal letters."""
    chosen = _deliveries(preference_of(person_id))
    if formal and (Channel.DIGITAL_POST, None) not in chosen:
        chosen.insert(0, (Channel.DIGITAL_POST, None))
    return chosen


def reminder_channels(preference: ContactPreference | None) -> list[Delivery]:
    if preference is not None and not preference.reminders:
        return []
    return _deliveries(preference)


def save_choices(
    person_id: int,
    reminders: bool,
    channels: Iterable[Channel],
    reminder_hour: int,
    phone: str | None,
    program_follow_up: bool = False,
) -> ContactPreference:
    """Everything on the page but the e-mail address, which goes through `change_email`."""
    preference = preference_of(person_id)
    if preference is None:
        preference = ContactPreference(person_id=person_id)
        db.session.add(preference)
    chosen = set(channels)
    preference.reminders = reminders
    preference.channels = " ".join(channel for channel in Channel if channel in chosen)
    preference.reminder_hour = reminder_hour
    preference.phone = phone or None
    preference.program_follow_up = program_follow_up
    db.session.flush()
    return preference


def save_preference(
    person_id: int,
    reminders: bool,
    channels: Iterable[Channel],
    reminder_hour: int,
    email: str | None,
    phone: str | None,
    program_follow_up: bool = False,
) -> ContactPreference:
    """All choices with an e-mail address that is known to be the person's (demo data, tests); the page asks for a
    confirmation through `change_email` instead."""
    preference = save_choices(person_id, reminders, channels, reminder_hour, phone, program_follow_up)
    preference.email = email or None
    db.session.flush()
    return preference


# How long the link to confirm a new address works.
CONFIRMATION_HOURS = 48


class EmailChange(enum.StrEnum):
    UNCHANGED = "unchanged"
    WAITING = "waiting"  # the link was sent, now or earlier; the old address is used until it is followed
    REMOVED = "removed"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pending_email(preference: ContactPreference | None) -> str | None:
    """The new address waiting for its link to be followed, while the link still works."""
    if preference is None or preference.pending_email_expires_at is None:
        return None
    return preference.pending_email if preference.pending_email_expires_at > utcnow() else None


def _forget_pending(preference: ContactPreference) -> None:
    preference.pending_email = None
    preference.pending_email_token_hash = None
    preference.pending_email_expires_at = None


def change_email(
    preference: ContactPreference,
    email: str | None,
    by_account_id: int,
    by_name: str,
    confirm_link: Callable[[str], str],
) -> EmailChange:
    """Asks for a new address to be confirmed, or removes the address. `confirm_link` makes the link from the token;
    `by_name` is who asked, which the citizen's letter names."""
    email = email or None
    if email == preference.email:
        _forget_pending(preference)
        return EmailChange.UNCHANGED
    old = preference.email
    if email is None:
        preference.email = None
        _forget_pending(preference)
        _tell_citizen(
            preference.person_id, letters.email_removed(old or "", by_name, language_of(preference.person_id)), old
        )
        return EmailChange.REMOVED
    if email == pending_email(preference):
        return EmailChange.WAITING
    token = secrets.token_urlsafe(32)
    preference.pending_email = email
    preference.pending_email_token_hash = token_hash(token)
    preference.pending_email_expires_at = utcnow() + timedelta(hours=CONFIRMATION_HOURS)
    subject, body = letters.confirm_email(confirm_link(token), CONFIRMATION_HOURS)
    send_to_account(by_account_id, email, "contact.confirm_email", str(get_locale() or "da"), subject, body)
    _tell_citizen(
        preference.person_id, letters.email_change_requested(email, by_name, language_of(preference.person_id)), old
    )
    db.session.flush()
    return EmailChange.WAITING


def _tell_citizen(person_id: int, letter: letters.Letter, old: str | None) -> None:
    channels: list[Delivery] = [(Channel.DIGITAL_POST, None)]
    if old:
        channels.append((Channel.EMAIL, old))
    send_message(person_id, **as_message_args(letter), channels=channels)


def waiting_for(token: str) -> ContactPreference | None:
    """The preference whose new address this token confirms, while the link works."""
    preference = db.session.scalar(
        sa.select(ContactPreference).where(ContactPreference.pending_email_token_hash == token_hash(token))
    )
    return preference if preference is not None and pending_email(preference) else None


def confirm_email(token: str) -> ContactPreference | None:
    preference = waiting_for(token)
    if preference is None:
        return None
    preference.email = preference.pending_email
    _forget_pending(preference)
    db.session.flush()
    return preference


def current_choices(preference: ContactPreference | None) -> dict[str, Any]:
    """What the form starts from: the saved choices, or what applies to someone who never chose."""
    if preference is None:
        return {
            "reminders": True,
            "channels": list(DEFAULT_CHANNELS),
            "reminder_hour": DEFAULT_REMINDER_HOUR,
            "email": None,
            "phone": None,
            "program_follow_up": False,
        }
    return {
        "reminders": preference.reminders,
        "channels": preference.channel_list,
        "reminder_hour": preference.reminder_hour,
        "email": preference.email,
        "phone": preference.phone,
        "program_follow_up": preference.program_follow_up,
    }
