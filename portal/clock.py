"""The time of day as Danish law counts it: Europe/Copenhagen. Stored times stay in UTC.

Every reading of the time in the portal passes through here, so tests (and a demo) can set the clock to any
moment: it then runs on from that moment at the normal pace, so rows written one after another still come in
order. Production never sets it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

# How far the set clock is from the machine's: None while the clock is the machine's own.
_offset: timedelta | None = None


def utcnow() -> datetime:
    moment = datetime.now(UTC)
    return moment + _offset if _offset is not None else moment


def now() -> datetime:
    return utcnow().astimezone(COPENHAGEN)


def today() -> date:
    return now().date()


def set_clock(moment: datetime) -> None:
    """From now on the clock reads `moment` and runs on from there. A naive moment is Copenhagen time."""
    global _offset
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=COPENHAGEN)
    _offset = moment - datetime.now(UTC)


def reset_clock() -> None:
    global _offset
    _offset = None


def parse_moment(text: str) -> datetime:
    """`2026-12-24` (10:00 that day) or `2026-12-24T08:15`, in Copenhagen time unless an offset is given."""
    moment = datetime.fromisoformat(text)
    if len(text) == 10:
        moment = moment.replace(hour=10)
    return moment if moment.tzinfo else moment.replace(tzinfo=COPENHAGEN)


@contextmanager
def clock_set_to(moment: datetime) -> Iterator[None]:
    """The clock at `moment` inside the block, as it was after."""
    with as_it_was_after():
        set_clock(moment)
        yield


@contextmanager
def as_it_was_after() -> Iterator[None]:
    """Whatever the block does to the clock, it reads after the block as it would have without it: still running on
    from the moment it was set to, not from where the block left it."""
    global _offset
    before = _offset
    try:
        yield
    finally:
        _offset = before
