"""Training sessions as iCalendar (.ics), for a download and for the subscription feed.

An event says when, where, what kind and with which therapist (first name only), and what to bring. It never
carries a CPR number, a diagnosis, goals or any other health detail: a calendar is shared, synced and shown on
lock screens. Times are written in Europe/Copenhagen with its VTIMEZONE, so a calendar app shows the Danish time
across the change to and from summer time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from icalendar import Calendar, Event

from portal.clock import COPENHAGEN
from portal.database import utcnow
from portal.models import TrainingSession
from portal.sessions import labels

PRODID = "-//Traeningsportalen//Traeningstider//DA"
# How often a subscribed calendar app is asked to fetch the feed again.
REFRESH = timedelta(hours=6)


def first_name(training: TrainingSession) -> str:
    return training.therapist.first_name or ""


def location(training: TrainingSession, places: Mapping[str, Any]) -> str:
    centre = places.get(training.centre_id) if training.centre_id else None
    parts = [_("In your home")] if centre is None else [centre["name"], centre["address"]]
    if training.place:
        parts.append(training.place)
    return ", ".join(part for part in parts if part)


def _event(training: TrainingSession, places: Mapping[str, Any], bring: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", training.ics_uid)
    event.add("sequence", training.ics_sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", training.starts_at.astimezone(COPENHAGEN))
    event.add("dtend", training.ends_at.astimezone(COPENHAGEN))
    event.add("summary", _("Training"))
    event.add("location", location(training, places))
    therapist = first_name(training)
    description = [
        labels.KIND_LABELS[training.kind],
        *([_("Therapist: %(name)s", name=therapist)] if therapist else []),
        _("Bring: %(what)s", what=bring),
    ]
    event.add("description", "\n".join(str(line) for line in description))
    event.add("status", "CANCELLED" if training.is_cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if training.is_cancelled else "OPAQUE")
    return event


def calendar(
    sessions: Iterable[TrainingSession], places: Mapping[str, Any], bring: str, *, feed: bool = False
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Training sessions"))
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    if feed:
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", REFRESH)
    stamp = utcnow().replace(microsecond=0)
    for training in sessions:
        cal.add_component(_event(training, places, bring, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()
