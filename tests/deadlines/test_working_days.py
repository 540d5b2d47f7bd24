"""Danish working days across weekends, Easter, Whitsun, Christmas, New Year and the municipality's closing days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.calendar import DanishCalendar
from portal.municipalities import ClosingDay, Text

GRUNDLOVSDAG = ClosingDay(month=6, day=5, name=Text(da="Grundlovsdag", en="Constitution Day"))
JULEAFTEN = ClosingDay(month=12, day=24, name=Text(da="Juleaftensdag", en="Christmas Eve"))
NYTAARSAFTEN = ClosingDay(month=12, day=31, name=Text(da="Nytårsaftensdag", en="New Year's Eve"))

LAW_ONLY = DanishCalendar()
CHRISTMAS_CLOSED = DanishCalendar([JULEAFTEN, NYTAARSAFTEN])
GRUNDLOVSDAG_CLOSED = DanishCalendar([GRUNDLOVSDAG])


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 4, 1), True),  # Wednesday before Easter
        (date(2026, 4, 2), False),  # Maundy Thursday
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 4, 7), True),
        (date(2026, 5, 14), False),  # Ascension
        (date(2026, 5, 15), True),  # the Friday after Ascension is a custom, not a holiday
        (date(2026, 5, 25), False),  # Whit Monday
        (date(2026, 12, 25), False),
        (date(2027, 12, 27), True),  # Monday after a Christmas that fell on the weekend: no day in lieu in Denmark
        (date(2027, 1, 1), False),
        (date(2026, 9, 12), False),  # an ordinary Saturday
        (date(2026, 9, 13), False),  # an ordinary Sunday
        (date(2026, 9, 14), True),
        # Not law holidays: working days unless the profile closes on them.
        (date(2026, 6, 5), True),  # Grundlovsdag, a Friday
        (date(2026, 12, 24), True),  # Thursday
        (date(2026, 12, 31), True),  # Thursday
        (date(2026, 5, 1), True),  # Friday
        # Store Bededag: a holiday up to 2023, abolished from 2024.
        (date(2023, 5, 5), False),
        (date(2024, 4, 26), True),
    ],
)
def test_law_holidays_and_weekends(day: date, working: bool) -> None:
    assert LAW_ONLY.is_working_day(day) is working


def test_closing_days_close_only_where_the_profile_lists_them() -> None:
    assert not CHRISTMAS_CLOSED.is_working_day(date(2026, 12, 24))
    assert not CHRISTMAS_CLOSED.is_working_day(date(2026, 12, 31))
    assert not CHRISTMAS_CLOSED.is_working_day(date(2030, 12, 24))  # every year
    assert CHRISTMAS_CLOSED.is_working_day(date(2026, 6, 5))
    assert not GRUNDLOVSDAG_CLOSED.is_working_day(date(2026, 6, 5))
    assert GRUNDLOVSDAG_CLOSED.is_working_day(date(2026, 12, 24))


def test_extra_closed_dates_close_that_date_only() -> None:
    calendar = DanishCalendar(extra_closed=[date(2026, 5, 15)])
    assert not calendar.is_working_day(date(2026, 5, 15))
    assert calendar.is_working_day(date(2025, 5, 15))  # a Thursday: an explicit date does not recur
    assert calendar.is_working_day(date(2026, 5, 18))


def test_29_february_closes_in_leap_years_and_is_ignored_in_others() -> None:
    calendar = DanishCalendar([ClosingDay(month=2, day=29, name=Text(da="Skuddag", en="Leap day"))])
    assert not calendar.is_working_day(date(2028, 2, 29))  # a Tuesday
    assert calendar.add_working_days(date(2027, 2, 26), 1) == date(2027, 3, 1)


def test_an_impossible_closing_day_fails_when_the_calendar_is_built() -> None:
    with pytest.raises(ValueError, match="day is out of range"):
        DanishCalendar([ClosingDay(month=4, day=31, name=Text(da="x", en="x"))])


def test_start_day_is_day_zero() -> None:
    # Friday 18 September 2026: Monday 21 is day 1, Tuesday 22 day 2, Wednesday 23 day 3.
    assert LAW_ONLY.add_working_days(date(2026, 9, 18), 3) == date(2026, 9, 23)
    assert LAW_ONLY.add_working_days(date(2026, 9, 18), 0) == date(2026, 9, 18)
    assert LAW_ONLY.add_working_days(date(2026, 9, 18), 1) == date(2026, 9, 21)


def test_a_saturday_start_counts_from_the_next_working_day() -> None:
    # Received Saturday 12 September 2026 (day 0): Monday 14 is day 1, Tuesday 15 day 2, Wednesday 16 day 3.
    assert LAW_ONLY.add_working_days(date(2026, 9, 12), 3) == date(2026, 9, 16)
    assert LAW_ONLY.add_working_days(date(2026, 9, 13), 3) == date(2026, 9, 16)
    assert LAW_ONLY.add_working_days(date(2026, 9, 12), 1) == date(2026, 9, 14)


def test_maundy_thursday_3_weekdays() -> None:
    # An application on Maundy Thursday 2 April 2026 is received that day (day 0). Good Friday 3, Saturday 4,
    # Easter Sunday 5 and Easter Monday 6 are closed; Tuesday 7 is day 1, Wednesday 8 day 2, Thursday 9 day 3.
    assert LAW_ONLY.add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 9)


def test_the_day_before_easter_3_weekdays() -> None:
    # Wednesday 1 April 2026 is day 0; Thursday 2 to Monday 6 are closed; Tuesday 7, Wednesday 8, Thursday 9.
    assert LAW_ONLY.add_working_days(date(2026, 4, 1), 3) == date(2026, 4, 9)


def test_ascension_and_whitsun_2027() -> None:
    # Tuesday 4 May 2027: Wednesday 5 (1), Ascension Thursday 6 closed, Friday 7 (2), Monday 10 (3).
    assert LAW_ONLY.add_working_days(date(2027, 5, 4), 3) == date(2027, 5, 10)
    # Friday 14 May 2027: the weekend, Whit Monday 17 closed, Tuesday 18 (1), Wednesday 19 (2), Thursday 20 (3).
    assert LAW_ONLY.add_working_days(date(2027, 5, 14), 3) == date(2027, 5, 20)
    # Monday 3 May 2027, 10 weekdays across both: 4, 5, (6), 7, 10, 11, 12, 13, 14, (17), 18, 19.
    assert LAW_ONLY.add_working_days(date(2027, 5, 3), 10) == date(2027, 5, 19)


def test_new_year_across_the_year_boundary() -> None:
    # Tuesday 29 December 2026: Wednesday 30 (1), Thursday 31 (2), New Year Friday 1 closed, Monday 4 (3).
    assert LAW_ONLY.add_working_days(date(2026, 12, 29), 3) == date(2027, 1, 4)
    # With 31 December closed: Wednesday 30 (1), Monday 4 (2), Tuesday 5 (3).
    assert CHRISTMAS_CLOSED.add_working_days(date(2026, 12, 29), 3) == date(2027, 1, 5)


def test_next_and_first_working_day() -> None:
    assert LAW_ONLY.next_working_day(date(2026, 4, 1)) == date(2026, 4, 7)
    assert LAW_ONLY.next_working_day(date(2026, 4, 7)) == date(2026, 4, 8)
    assert LAW_ONLY.first_working_day_from(date(2026, 4, 7)) == date(2026, 4, 7)
    assert LAW_ONLY.first_working_day_from(date(2026, 4, 2)) == date(2026, 4, 7)
    assert LAW_ONLY.next_working_day(date(2026, 12, 23)) == date(2026, 12, 24)
    assert CHRISTMAS_CLOSED.next_working_day(date(2026, 12, 23)) == date(2026, 12, 28)


def test_working_days_between() -> None:
    assert LAW_ONLY.working_days_between(date(2026, 9, 18), date(2026, 9, 23)) == 3
    assert LAW_ONLY.working_days_between(date(2026, 9, 18), date(2026, 9, 18)) == 0
    # A Saturday is day 0 itself, as in add_working_days.
    assert LAW_ONLY.working_days_between(date(2026, 9, 12), date(2026, 9, 16)) == 3
    assert LAW_ONLY.working_days_between(date(2026, 4, 1), date(2026, 4, 10)) == 4
    # Before day 0: how many working days ago.
    assert LAW_ONLY.working_days_between(date(2026, 9, 23), date(2026, 9, 21)) == -2
    assert LAW_ONLY.working_days_between(date(2026, 4, 7), date(2026, 4, 1)) == -1


@pytest.mark.parametrize("n", [0, 1, 3, 10, 25, 60])
@pytest.mark.parametrize("start", [date(2026, 3, 30), date(2026, 12, 19), date(2027, 5, 1), date(2026, 6, 4)])
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    for calendar in (LAW_ONLY, CHRISTMAS_CLOSED, GRUNDLOVSDAG_CLOSED):
        end = calendar.add_working_days(start, n)
        assert end == start if n == 0 else calendar.is_working_day(end)
        assert calendar.working_days_between(start, end) == n


def test_counting_backwards_is_refused() -> None:
    with pytest.raises(ValueError, match="forward only"):
        LAW_ONLY.add_working_days(date(2026, 9, 18), -1)


def test_a_datetime_is_refused_where_a_day_is_meant() -> None:
    # 22:30 UTC on 1 April 2026 is already Maundy Thursday in Copenhagen; the caller must say which day it means.
    with pytest.raises(TypeError, match="copenhagen_date"):
        LAW_ONLY.is_working_day(datetime(2026, 4, 1, 22, 30, tzinfo=UTC))
    with pytest.raises(TypeError, match="copenhagen_date"):
        LAW_ONLY.add_working_days(datetime(2026, 4, 2, 8, tzinfo=UTC), 3)
