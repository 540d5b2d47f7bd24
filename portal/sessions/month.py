"""The month view of "Mine træningstider": the weeks of a month in Copenhagen days, each day with its sessions."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from portal.clock import COPENHAGEN
from portal.sessions.listed import ListedSession

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# Months further away than this are no use to anyone and only invite crawlers to walk the calendar forever.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Day:
    day: date
    in_month: bool
    is_today: bool
    sessions: list[ListedSession] = field(default_factory=list)


@dataclass(frozen=True)
class Month:
    first: date
    weeks: list[list[Day]]

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=32)).replace(day=1)

    def _in_month(self) -> list[ListedSession]:
        return [training for week in self.weeks for day in week if day.in_month for training in day.sessions]

    @property
    def centre_ids(self) -> list[str]:
        """The centres the month's sessions are at, each once, in the order they first come."""
        return list(dict.fromkeys(t.centre_id for t in self._in_month() if t.centre_id))

    @property
    def at_home(self) -> bool:
        return any(not training.centre_id for training in self._in_month())

    @property
    def count(self) -> int:
        return sum(len(day.sessions) for week in self.weeks for day in week if day.in_month)


def parse(value: str | None, today: date) -> date:
    """The first day of the month written as YYYY-MM; this month for anything else."""
    match = _MONTH.match(value or "")
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def key(first: date) -> str:
    return first.strftime("%Y-%m")


def bounds(first: date) -> tuple[datetime, datetime]:
    """The month's first and the next month's first moment in Copenhagen, in UTC: the range to query."""
    after = (first + timedelta(days=32)).replace(day=1)
    return (
        datetime.combine(first, time.min, COPENHAGEN).astimezone(UTC),
        datetime.combine(after, time.min, COPENHAGEN).astimezone(UTC),
    )


def build(first: date, sessions: Iterable[ListedSession], today: date) -> Month:
    """Whole weeks from Monday to Sunday that cover the month; each session on its Copenhagen day."""
    by_day: dict[date, list[ListedSession]] = defaultdict(list)
    for training in sessions:
        by_day[training.starts_at.astimezone(COPENHAGEN).date()].append(training)
    start = first - timedelta(days=first.weekday())
    after = (first + timedelta(days=32)).replace(day=1)
    weeks: list[list[Day]] = []
    day = start
    while day < after:
        week = []
        for _ in range(7):
            in_month = day.month == first.month
            week.append(Day(day, in_month, day == today, by_day.get(day, []) if in_month else []))
            day += timedelta(days=1)
        weeks.append(week)
    return Month(first, weeks)
