"""The date a service goal promises, counted in Copenhagen whatever zone the event is given in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from portal.calendar import DanishCalendar, Deadline, Status, copenhagen_date, deadline, deadline_after, status
from portal.municipalities import ClosingDay, CountUnit, Milestone, ServiceGoal, Text

LAW_ONLY = DanishCalendar()
GRUNDLOVSDAG_CLOSED = DanishCalendar([ClosingDay(month=6, day=5, name=Text(da="Grundlovsdag", en="Constitution Day"))])


def goal(amount: int, unit: CountUnit) -> ServiceGoal:
    return ServiceGoal(id="test", milestone=Milestone.DECISION, amount=amount, unit=unit, text=Text(da="-", en="-"))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_weekdays() -> None:
    # Maundy Thursday 2 April 2026, 10:00 in Copenhagen is day 0; after Easter: Tuesday 7 (1), Wednesday 8 (2),
    # Thursday 9 (3).
    result = deadline(goal(3, CountUnit.WEEKDAYS), utc(2026, 4, 2, 8), LAW_ONLY)
    assert result == Deadline(due=date(2026, 4, 9), unit=CountUnit.WEEKDAYS, amount=3, counted_from=date(2026, 4, 2))


def test_calendar_days_may_end_on_a_closed_day() -> None:
    # Thursday 4 June 2026 + 10 days is Sunday 14 June; it stays there.
    result = deadline(goal(10, CountUnit.CALENDAR_DAYS), date(2026, 6, 4), LAW_ONLY)
    assert result == Deadline(
        due=date(2026, 6, 14), unit=CountUnit.CALENDAR_DAYS, amount=10, counted_from=date(2026, 6, 4)
    )
    # From Maundy Thursday 2026: + 3 days is Easter Sunday 5 April.
    assert deadline(goal(3, CountUnit.CALENDAR_DAYS), date(2026, 4, 2), LAW_ONLY).due == date(2026, 4, 5)


def test_weeks_are_seven_days_and_may_end_on_a_closed_day() -> None:
    # Thursday 3 December 2026 + 3 weeks is Thursday 24 December, closed where the profile closes on it.
    calendar = DanishCalendar([ClosingDay(month=12, day=24, name=Text(da="Juleaftensdag", en="Christmas Eve"))])
    result = deadline(goal(3, CountUnit.WEEKS), date(2026, 12, 3), calendar)
    assert result == Deadline(due=date(2026, 12, 24), unit=CountUnit.WEEKS, amount=3, counted_from=date(2026, 12, 3))
    # Saturday 28 November 2026 + 4 weeks is Saturday 26 December (2nd Christmas Day).
    assert deadline(goal(4, CountUnit.WEEKS), date(2026, 11, 28), LAW_ONLY).due == date(2026, 12, 26)


def test_unspecified_days_carry_both_readings() -> None:
    # Monday 7 September 2026, 5 "dage": calendar Saturday 12 September; working days Tuesday 8 to Friday 11
    # and Monday 14.
    result = deadline(goal(5, CountUnit.DAYS_UNSPECIFIED), date(2026, 9, 7), LAW_ONLY)
    assert result == Deadline(
        due=date(2026, 9, 12),
        unit=CountUnit.DAYS_UNSPECIFIED,
        amount=5,
        counted_from=date(2026, 9, 7),
        ambiguous=True,
        alternative=date(2026, 9, 14),
    )


def test_unspecified_days_flag_the_ambiguity_even_when_both_readings_agree() -> None:
    # Monday 7 September 2026 + 1: Tuesday 8 either way; the standard's wording is still unclear.
    result = deadline(goal(1, CountUnit.DAYS_UNSPECIFIED), date(2026, 9, 7), LAW_ONLY)
    assert (result.due, result.alternative, result.ambiguous) == (date(2026, 9, 8), date(2026, 9, 8), True)


def test_only_unspecified_days_are_ambiguous() -> None:
    for unit in (CountUnit.WEEKDAYS, CountUnit.CALENDAR_DAYS, CountUnit.WEEKS):
        result = deadline(goal(5, unit), date(2026, 9, 7), LAW_ONLY)
        assert (result.ambiguous, result.alternative) == (False, None)


def test_deadline_after_counts_without_a_service_goal() -> None:
    # A complaint within 4 weeks of receiving the decision on Monday 15 June 2026: Monday 13 July.
    result = deadline_after(4, CountUnit.WEEKS, date(2026, 6, 15), LAW_ONLY)
    assert result.due == date(2026, 7, 13)


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="not a deadline"):
        deadline_after(-1, CountUnit.CALENDAR_DAYS, date(2026, 6, 15), LAW_ONLY)


# Time zones: the day is the day in Copenhagen.


def test_late_sunday_evening_utc_is_monday_in_copenhagen() -> None:
    # Sunday 7 June 2026 23:30 UTC is Monday 8 June 01:30 summer time.
    assert copenhagen_date(utc(2026, 6, 7, 23, 30)) == date(2026, 6, 8)
    # 20 calendar days from Monday 8 June is Sunday 28 June (from the UTC date it would be Saturday 27).
    assert deadline(goal(20, CountUnit.CALENDAR_DAYS), utc(2026, 6, 7, 23, 30), LAW_ONLY).due == date(2026, 6, 28)


def test_late_thursday_evening_utc_counts_from_friday() -> None:
    # Thursday 4 June 2026 23:30 UTC is Friday 5 June 01:30 in Copenhagen: Grundlovsdag.
    event = utc(2026, 6, 4, 23, 30)
    # Without it closed, Friday 5 is day 0: Monday 8, Tuesday 9, Wednesday 10 (from Thursday it would be the 9th).
    assert deadline(goal(3, CountUnit.WEEKDAYS), event, LAW_ONLY).due == date(2026, 6, 10)
    # With Grundlovsdag closed the request is still received on Friday 5 (day 0), so the same due date.
    result = deadline(goal(3, CountUnit.WEEKDAYS), event, GRUNDLOVSDAG_CLOSED)
    assert (result.counted_from, result.due) == (date(2026, 6, 5), date(2026, 6, 10))


def test_late_evening_utc_in_winter_stays_on_the_same_day() -> None:
    # 22:30 UTC is 23:30 winter time: still Thursday 17 December 2026.
    assert copenhagen_date(utc(2026, 12, 17, 22, 30)) == date(2026, 12, 17)


def test_other_time_zones_are_converted() -> None:
    # 18:30 in New York (UTC-4 in June) is 00:30 the next day in Copenhagen.
    new_york_summer = timezone(timedelta(hours=-4))
    assert copenhagen_date(datetime(2026, 6, 4, 18, 30, tzinfo=new_york_summer)) == date(2026, 6, 5)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        copenhagen_date(datetime(2026, 6, 4, 23, 30))
    with pytest.raises(ValueError, match="no time zone"):
        deadline(goal(3, CountUnit.WEEKDAYS), datetime(2026, 6, 4, 23, 30), LAW_ONLY)


def test_spring_dst_switch_2026() -> None:
    # Summer time starts Sunday 29 March 2026 at 01:00 UTC. 22:30 UTC on Saturday 28 is 23:30 winter time,
    # still Saturday; 22:30 UTC on Sunday 29 is 00:30 summer time on Monday 30.
    before, after = utc(2026, 3, 28, 22, 30), utc(2026, 3, 29, 22, 30)
    assert copenhagen_date(before) == date(2026, 3, 28)
    assert copenhagen_date(after) == date(2026, 3, 30)
    assert deadline(goal(20, CountUnit.CALENDAR_DAYS), before, LAW_ONLY).due == date(2026, 4, 17)
    assert deadline(goal(20, CountUnit.CALENDAR_DAYS), after, LAW_ONLY).due == date(2026, 4, 19)
    # Monday 30 March, 3 weekdays: Tuesday 31 (1), Wednesday 1 April (2), Easter closed, Tuesday 7 April (3).
    assert deadline(goal(3, CountUnit.WEEKDAYS), after, LAW_ONLY).due == date(2026, 4, 7)
    # Either side of the switch itself, the same Sunday.
    assert copenhagen_date(utc(2026, 3, 29, 0, 59)) == copenhagen_date(utc(2026, 3, 29, 1, 0)) == date(2026, 3, 29)


def test_autumn_dst_switch_2026() -> None:
    # Winter time starts Sunday 25 October 2026 at 01:00 UTC. 22:30 UTC on Saturday 24 is 00:30 summer time on
    # Sunday 25; 22:30 UTC on Sunday 25 is 23:30 winter time, still Sunday 25.
    before, after = utc(2026, 10, 24, 22, 30), utc(2026, 10, 25, 22, 30)
    assert copenhagen_date(before) == copenhagen_date(after) == date(2026, 10, 25)
    for event in (before, after):
        assert deadline(goal(20, CountUnit.CALENDAR_DAYS), event, LAW_ONLY).due == date(2026, 11, 14)
        assert deadline(goal(4, CountUnit.WEEKS), event, LAW_ONLY).due == date(2026, 11, 22)
    # 23:30 UTC on Sunday 25 is Monday 26 00:30 winter time.
    assert copenhagen_date(utc(2026, 10, 25, 23, 30)) == date(2026, 10, 26)


# Status, in whole Copenhagen days. Due Wednesday 23 December 2026 (winter time, UTC+1).

DUE = Deadline(due=date(2026, 12, 23), unit=CountUnit.WEEKDAYS, amount=3, counted_from=date(2026, 12, 18))


@pytest.mark.parametrize(
    ("met_at", "now", "expected"),
    [
        (utc(2026, 12, 21, 9), utc(2026, 12, 30, 9), Status.MET),
        (utc(2026, 12, 23, 22, 30), utc(2026, 12, 30, 9), Status.MET),  # 23:30 on the due day
        (utc(2026, 12, 23, 23, 0), utc(2026, 12, 30, 9), Status.MET_LATE),  # midnight, 24 December
        (utc(2027, 1, 4, 9), utc(2027, 1, 4, 9), Status.MET_LATE),
        (date(2026, 12, 23), date(2026, 12, 30), Status.MET),
        (None, utc(2026, 12, 22, 22, 59), Status.PENDING),  # 23:59 on the 22nd
        (None, utc(2026, 12, 22, 23, 0), Status.DUE_TODAY),  # midnight, the 23rd
        (None, utc(2026, 12, 23, 22, 59), Status.DUE_TODAY),
        (None, utc(2026, 12, 23, 23, 0), Status.OVERDUE),
        (None, utc(2027, 1, 4, 9), Status.OVERDUE),
    ],
)
def test_status(met_at: datetime | date | None, now: datetime | date, expected: Status) -> None:
    assert status(DUE, met_at, now) is expected


def test_status_values_are_plain_strings_for_templates() -> None:
    assert [str(value) for value in Status] == ["met", "met_late", "due_today", "overdue", "pending"]
