"""A person's contact preferences, and the channels every session letter goes through.

Formal letters (a cancellation, a registered absence, a replacement time) always keep Digital Post, whatever the
person chose: it is the municipality's record that the citizen was told, and e-mail or SMS is only a quicker nudge
next to it. A reminder is a courtesy, so it goes only where the person asked for it.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Channel, ContactPreference
from portal.models.contact_preference import DEFAULT_CHANNELS, DEFAULT_REMINDER_HOUR

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


def save_preference(
    person_id: int,
    reminders: bool,
    channels: Iterable[Channel],
    reminder_hour: int,
    email: str | None,
    phone: str | None,
    program_follow_up: bool = False,
) -> ContactPreference:
    preference = preference_of(person_id)
    if preference is None:
        preference = ContactPreference(person_id=person_id)
        db.session.add(preference)
    chosen = set(channels)
    preference.reminders = reminders
    preference.channels = " ".join(channel for channel in Channel if channel in chosen)
    preference.reminder_hour = reminder_hour
    preference.email = email or None
    preference.phone = phone or None
    preference.program_follow_up = program_follow_up
    db.session.flush()
    return preference


def current_choices(preference: ContactPreference | None) -> dict[str, object]:
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
