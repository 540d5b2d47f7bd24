"""Training sessions as iCalendar (.ics), for a download and for the subscription feed.

An event says when, where, what kind and with which therapist (first name only), and what to bring. It never
carries a CPR number, a diagnosis, goals or any other health detail: a calendar is shared, synced and shown on
lock screens. Times are written in Europe/Copenhagen with its VTIMEZONE, so a calendar app shows the Danish time
across the change to and from summer time.

Written by hand to RFC 5545 rather than with a general iCalendar library: the file holds one fixed shape, and the
library's per-property objects and line folding cost more than the rest of the request together (the .ics was the
slowest page of the load test).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.clock import COPENHAGEN
from portal.database import utcnow
from portal.models import Account, SessionKind, SessionStatus, TrainingSession
from portal.models.account import first_name_of
from portal.models.session import CANCELLED_STATUSES
from portal.sessions import labels

PRODID = "-//Traeningsportalen//Traeningstider//DA"
# How often a subscribed calendar app is asked to fetch the feed again.
REFRESH = timedelta(hours=6)
# What a calendar gets, subscribed or downloaded: every session ahead and those of the recent past, so a session just
# attended stays; the portal's month view has the older ones.
RECENT_PAST = timedelta(days=30)
TZID = "Europe/Copenhagen"

# Denmark has followed the EU's summer time rule since 1996: summer time from 02:00 on the last Sunday of March
# to 03:00 on the last Sunday of October. tests/test_ics.py checks this against the tz database for decades.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19960331T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

# RFC 5545 § 3.3.11: these characters are escaped in a TEXT value.
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})
_LINE_OCTETS = 75


def text(value: str) -> str:
    return value.translate(_TEXT_ESCAPES)


def fold(line: str) -> str:
    """RFC 5545 § 3.1: lines of at most 75 octets, continued after CRLF and a space, never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= _LINE_OCTETS:
        return line
    parts = []
    start, limit = 0, _LINE_OCTETS
    while len(encoded) - start > limit:
        end = start + limit
        while encoded[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's first byte
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, _LINE_OCTETS - 1  # a continued line begins with the space
    parts.append(encoded[start:].decode())
    return "\r\n ".join(parts)


_DATE_TIME_SEPARATORS = str.maketrans("", "", "-:")


def local_time(moment: datetime) -> str:
    """`YYYYMMDDTHHMMSS` in Copenhagen time. From the ISO form rather than by strftime, which cost three times as much
    and a file writes two for each of up to a hundred sessions."""
    return moment.astimezone(COPENHAGEN).isoformat()[:19].translate(_DATE_TIME_SEPARATORS)


def utc_time(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def duration(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    hours, rest = divmod(seconds, 3600)
    return f"PT{hours}H" if not rest else f"PT{seconds}S"


class Entry(NamedTuple):
    """A session as a calendar file shows it. A file holds up to a hundred, so they are read as plain columns
    (`select_entries`), not as models with their therapists."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    kind: SessionKind
    status: SessionStatus
    centre_id: str | None
    place: str | None
    therapist: str

    @classmethod
    def of(cls, training: TrainingSession) -> Entry:
        return cls(
            training.ics_uid,
            training.ics_sequence,
            training.starts_at,
            training.ends_at,
            training.kind,
            training.status,
            training.centre_id,
            training.place,
            training.therapist.first_name or "",
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status in CANCELLED_STATUSES


def entry_columns() -> tuple[Any, ...]:
    """The columns of an `Entry`, the therapist's name and issuer standing in for the first name."""
    return (
        TrainingSession.ics_uid,
        TrainingSession.ics_sequence,
        TrainingSession.starts_at,
        TrainingSession.ends_at,
        TrainingSession.kind,
        TrainingSession.status,
        TrainingSession.centre_id,
        TrainingSession.place,
        Account.display_name,
        Account.issuer,
    )


def select_entries() -> sa.Select[*tuple[Any, ...]]:
    """The columns of an `Entry` with the therapist joined; the caller adds which sessions and their order."""
    return sa.select(*entry_columns()).join(Account, Account.id == TrainingSession.therapist_account_id)


def entries(rows: Iterable[Any]) -> list[Entry]:
    """The entries of rows that end in `entry_columns()`; a row of an outer join with no session (no uid) is none."""
    return [
        Entry(uid, sequence, starts, ends, kind, status, centre, place, first_name_of(name, issuer) or "")
        for *_rest, uid, sequence, starts, ends, kind, status, centre, place, name, issuer in rows
        if uid is not None
    ]


def location(training: Entry, places: Mapping[str, Any]) -> str:
    centre = places.get(training.centre_id) if training.centre_id else None
    parts = [_("In your home")] if centre is None else [centre["name"], centre["address"]]
    if training.place:
        parts.append(training.place)
    return ", ".join(part for part in parts if part)


class _Texts:
    """The translated words of one file, looked up once a file instead of once an event, and the LOCATION and
    DESCRIPTION lines, escaped and folded once for each place and each kind and therapist: a file of a hundred
    sessions has a few of each."""

    def __init__(self, bring: str, places: Mapping[str, Any]) -> None:
        self.summary = text(_("Training"))
        self.bring = _("Bring: %(what)s", what=bring)
        self._places = places
        self._kinds: dict[SessionKind, str] = {}
        self._therapists: dict[str, str] = {}
        self._locations: dict[tuple[str | None, str | None], str] = {}
        self._descriptions: dict[tuple[SessionKind, str], str] = {}

    def kind(self, kind: SessionKind) -> str:
        if kind not in self._kinds:
            self._kinds[kind] = str(labels.KIND_LABELS[kind])
        return self._kinds[kind]

    def therapist(self, name: str) -> str:
        if name not in self._therapists:
            self._therapists[name] = _("Therapist: %(name)s", name=name)
        return self._therapists[name]

    def location_line(self, training: Entry) -> str:
        key = (training.centre_id, training.place)
        if key not in self._locations:
            self._locations[key] = fold(f"LOCATION:{text(location(training, self._places))}")
        return self._locations[key]

    def description_line(self, training: Entry) -> str:
        key = (training.kind, training.therapist)
        if key not in self._descriptions:
            therapist = training.therapist
            description = [self.kind(training.kind), *([self.therapist(therapist)] if therapist else []), self.bring]
            self._descriptions[key] = fold(f"DESCRIPTION:{text(chr(10).join(description))}")
        return self._descriptions[key]


def _event(training: Entry, words: _Texts, stamp: str) -> list[str]:
    cancelled = training.is_cancelled
    return [
        "BEGIN:VEVENT",
        f"UID:{text(training.uid)}",
        f"SEQUENCE:{training.sequence}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID={TZID}:{local_time(training.starts_at)}",
        f"DTEND;TZID={TZID}:{local_time(training.ends_at)}",
        f"SUMMARY:{words.summary}",
        words.location_line(training),
        words.description_line(training),
        "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT" if cancelled else "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def calendar(sessions: Iterable[Entry], places: Mapping[str, Any], bring: str, *, feed: bool = False) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        fold(f"X-WR-CALNAME:{text(_('Training sessions'))}"),
        f"X-WR-TIMEZONE:{TZID}",
    ]
    if feed:
        lines += [f"REFRESH-INTERVAL;VALUE=DURATION:{duration(REFRESH)}", f"X-PUBLISHED-TTL:{duration(REFRESH)}"]
    lines += VTIMEZONE
    stamp = utc_time(utcnow())
    words = _Texts(bring, places)
    for training in sessions:
        lines += _event(training, words, stamp)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()
