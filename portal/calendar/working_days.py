"""Danish working days ("hverdage"): Monday to Friday, minus public holidays, minus the municipality's closing days."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import holidays

from portal.municipalities.schema import ClosingDay, Profile

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@functools.cache
def _public_holidays(year: int) -> frozenset[date]:
    # Only the public category: Grundlovsdag, 24 and 31 December and 1 May are in `holidays`' optional category
    # because no law closes the municipality on them; a profile lists them as closing days where it does.
    # A frozen set per year rather than one shared `HolidayBase`, which fills itself in lazily and is not safe to
    # share between threads.
    return frozenset(holidays.country_holidays("DK", years=year, categories=holidays.PUBLIC))


class DanishCalendar:
    def __init__(self, closing_days: Iterable[ClosingDay] = (), extra_closed: Iterable[date] = ()) -> None:
        # A fixed day each year, as (month, day); checked here so a bad day fails when the calendar is built,
        # not on the first request that happens to count across it.
        self._closing_days = frozenset((day.month, day.day) for day in closing_days)
        for month, day in self._closing_days:
            date(2024, month, day)  # a leap year, so 29 February is allowed (and closes only in leap years)
        self._extra_closed = frozenset(extra_closed)

    @classmethod
    def for_profile(cls, profile: Profile, extra_closed: Iterable[date] = ()) -> DanishCalendar:
        return cls(profile.closing_days, extra_closed)

    def is_working_day(self, day: date) -> bool:
        # A datetime is a date to Python, but its UTC day may not be the Copenhagen day, and it never equals a
        # holiday's date, so holidays would quietly count as working days.
        if isinstance(day, datetime):
            raise TypeError("pass the day in Copenhagen (portal.calendar.copenhagen_date), not a datetime")
        return not (
            day.weekday() >= _SATURDAY
            or day in _public_holidays(day.year)
            or (day.month, day.day) in self._closing_days
            or day in self._extra_closed
        )

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.first_working_day_from(day + _ONE_DAY)

    def first_working_day_from(self, day: date) -> date:
        """`day` itself if it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start`, where `start` is day 0.

        Day 0 is not counted, as in Danish deadline practice: "within 3 weekdays" of a request on a Friday
        gives Monday, Tuesday and Wednesday, so the last day is Wednesday. A request that arrives on a day the
        office is closed (a Saturday, a holiday) is still received that day, since a digital message counts as
        received when it is available (forvaltningsloven § 10 a): the count starts with the next working day,
        so 3 weekdays from a Saturday end on Wednesday. This is the stricter reading, and the one a citizen
        expects from the promise.
        """
        if n < 0:
            raise ValueError(f"cannot count {n} working days; counting goes forward only")
        day = start
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days after `start` (as day 0, by the rule of `add_working_days`) up to and including
        `end`; negative when `end` lies before day 0.

        The inverse of `add_working_days`: `add_working_days(start, working_days_between(start, end)) == end`
        whenever `end` is a working day on or after day 0.
        """
        day_zero = start
        if end >= day_zero:
            return self._working_days_in(day_zero + _ONE_DAY, end)
        return -self._working_days_in(end + _ONE_DAY, day_zero)

    def _working_days_in(self, first: date, last: date) -> int:
        count = 0
        day = first
        while day <= last:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count
