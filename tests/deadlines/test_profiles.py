"""Every service goal of the shipped profiles, counted from fixed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.calendar import DanishCalendar, deadline, deadline_after
from portal.municipalities import ClosingDay, CountUnit, Profile, ServiceGoal, Text, load

SLUGS = ["norddjurs", "hjorring", "naestved", "rodovre"]

JULEAFTEN = ClosingDay(month=12, day=24, name=Text(da="Juleaftensdag", en="Christmas Eve"))
NYTAARSAFTEN = ClosingDay(month=12, day=31, name=Text(da="Nytårsaftensdag", en="New Year's Eve"))
GRUNDLOVSDAG = ClosingDay(month=6, day=5, name=Text(da="Grundlovsdag", en="Constitution Day"))

# Maundy Thursday, Grundlovsdag, the Friday before Christmas, New Year's Eve, Ascension and Whit Monday 2027,
# a Saturday, and the evenings of both DST switches in 2026 (UTC, as stored).
EVENTS: list[datetime | date] = [
    date(2026, 4, 2),
    date(2026, 6, 5),
    date(2026, 12, 18),
    date(2026, 12, 31),
    date(2027, 5, 6),
    date(2027, 5, 17),
    date(2026, 9, 12),
    datetime(2026, 3, 29, 22, 30, tzinfo=UTC),
    datetime(2026, 10, 25, 22, 30, tzinfo=UTC),
]


def service_goal(profile: Profile, goal_id: str) -> ServiceGoal:
    return next(goal for goal in profile.service_goals if goal.id == goal_id)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_service_goal_and_complaint_deadline_counts(slug: str) -> None:
    profile = load(slug)
    calendar = DanishCalendar.for_profile(profile)
    for event in EVENTS:
        event_day = date(event.year, event.month, event.day)
        for goal in profile.service_goals:
            result = deadline(goal, event, calendar)
            assert (result.unit, result.amount) == (goal.unit, goal.amount)
            assert result.due > event_day
            assert result.ambiguous is (goal.unit is CountUnit.DAYS_UNSPECIFIED)
            if result.ambiguous:
                assert result.alternative is not None
                assert result.due <= result.alternative
            if goal.unit is CountUnit.WEEKDAYS:
                assert calendar.is_working_day(result.due)
        for complaint in profile.complaints:
            if complaint.deadline_amount is not None and complaint.deadline_unit is not None:
                result = deadline_after(complaint.deadline_amount, complaint.deadline_unit, event, calendar)
                assert result.due > event_day


def test_the_profiles_service_goals_as_shipped() -> None:
    # Norddjurs' catalogue names no deadlines of its own; the profile lists service_goals as still to fill.
    goals = {slug: [(goal.id, goal.amount, goal.unit) for goal in load(slug).service_goals] for slug in SLUGS}
    assert goals == {
        "norddjurs": [],
        "hjorring": [
            ("brev", 3, CountUnit.WEEKDAYS),
            ("samtale", 20, CountUnit.CALENDAR_DAYS),
            ("opstart", 4, CountUnit.WEEKS),
        ],
        "naestved": [("afgoerelse", 10, CountUnit.WEEKDAYS), ("opstart", 10, CountUnit.CALENDAR_DAYS)],
        "rodovre": [
            ("kontakt", 5, CountUnit.DAYS_UNSPECIFIED),
            ("opstart", 14, CountUnit.DAYS_UNSPECIFIED),
            ("opstart-med-plan", 7, CountUnit.DAYS_UNSPECIFIED),
        ],
    }


def test_norddjurs_calendar_has_only_the_law_holidays() -> None:
    calendar = DanishCalendar.for_profile(load("norddjurs"))
    assert not calendar.is_working_day(date(2026, 4, 2))
    assert calendar.is_working_day(date(2026, 6, 5))
    assert calendar.add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 9)


@pytest.mark.parametrize(
    ("closing_days", "received", "due"),
    [
        # Friday 18 December 2026: Monday 21 (1), Tuesday 22 (2), Wednesday 23 (3); closing days after it do not
        # matter.
        ((), date(2026, 12, 18), date(2026, 12, 23)),
        ((JULEAFTEN, NYTAARSAFTEN), date(2026, 12, 18), date(2026, 12, 23)),
        # Monday 21 December: Tuesday 22 (1), Wednesday 23 (2), Thursday 24 (3) ...
        ((), date(2026, 12, 21), date(2026, 12, 24)),
        # ... or, with 24 December closed, Christmas Day Friday 25 and the weekend too: Monday 28 (3).
        ((JULEAFTEN, NYTAARSAFTEN), date(2026, 12, 21), date(2026, 12, 28)),
        # Saturday 19 December is received that day: Monday 21 (1), Tuesday 22 (2), Wednesday 23 (3).
        ((), date(2026, 12, 19), date(2026, 12, 23)),
        ((JULEAFTEN, NYTAARSAFTEN), date(2026, 12, 19), date(2026, 12, 23)),
        # Tuesday 29 December: Wednesday 30 (1), Thursday 31 (2), New Year Friday 1, Monday 4 January (3) ...
        ((), date(2026, 12, 29), date(2027, 1, 4)),
        # ... or with 31 December closed: Wednesday 30 (1), Monday 4 (2), Tuesday 5 (3).
        ((JULEAFTEN, NYTAARSAFTEN), date(2026, 12, 29), date(2027, 1, 5)),
    ],
)
def test_hjorring_letter_within_3_weekdays(closing_days: tuple[ClosingDay, ...], received: date, due: date) -> None:
    brev = service_goal(load("hjorring"), "brev")
    assert deadline(brev, received, DanishCalendar(closing_days)).due == due


def test_hjorring_talk_and_start() -> None:
    profile = load("hjorring")
    calendar = DanishCalendar.for_profile(profile)
    # Referral Friday 18 December 2026 + 20 calendar days: Thursday 7 January 2027.
    talk = deadline(service_goal(profile, "samtale"), date(2026, 12, 18), calendar)
    assert talk.due == date(2027, 1, 7)
    # A talk on Thursday 7 January 2027 + 4 weeks: Thursday 4 February.
    assert deadline(service_goal(profile, "opstart"), talk.due, calendar).due == date(2027, 2, 4)
    # A referral received 22:30 UTC Thursday 17 December is still the 17th in Copenhagen: + 20 is 6 January.
    assert deadline(service_goal(profile, "samtale"), datetime(2026, 12, 17, 22, 30, tzinfo=UTC), calendar).due == (
        date(2027, 1, 6)
    )


def test_naestved_decision_within_10_weekdays_around_grundlovsdag() -> None:
    afgoerelse = service_goal(load("naestved"), "afgoerelse")
    # Monday 1 June 2026 is day 0: 2, 3, 4, 5, 8, 9, 10, 11, 12, 15 June.
    assert deadline(afgoerelse, date(2026, 6, 1), DanishCalendar()).due == date(2026, 6, 15)
    # With Grundlovsdag (Friday 5 June) closed: 2, 3, 4, 8, 9, 10, 11, 12, 15, 16 June.
    assert deadline(afgoerelse, date(2026, 6, 1), DanishCalendar([GRUNDLOVSDAG])).due == date(2026, 6, 16)
    # An application at 10:00 Copenhagen time (08:00 UTC) counts the same.
    assert deadline(afgoerelse, datetime(2026, 6, 1, 8, tzinfo=UTC), DanishCalendar()).due == date(2026, 6, 15)


def test_naestved_start_and_complaint() -> None:
    profile = load("naestved")
    calendar = DanishCalendar.for_profile(profile)
    # Decision Tuesday 16 June 2026 + 10 calendar days: Friday 26 June.
    assert deadline(service_goal(profile, "opstart"), date(2026, 6, 16), calendar).due == date(2026, 6, 26)
    # Decision Thursday 4 June + 10 calendar days: Sunday 14 June, and it stays on the Sunday.
    assert deadline(service_goal(profile, "opstart"), date(2026, 6, 4), calendar).due == date(2026, 6, 14)
    # Complaint within 4 weeks of receiving the decision on Friday 18 December 2026: Friday 15 January 2027.
    complaint = next(complaint for complaint in profile.complaints if complaint.deadline_amount is not None)
    assert (complaint.deadline_amount, complaint.deadline_unit) == (4, CountUnit.WEEKS)
    result = deadline_after(complaint.deadline_amount, complaint.deadline_unit, date(2026, 12, 18), calendar)
    assert result.due == date(2027, 1, 15)


def test_rodovre_days_are_ambiguous_and_carry_both_readings() -> None:
    profile = load("rodovre")
    calendar = DanishCalendar.for_profile(profile)
    maundy_thursday = date(2026, 4, 2)
    # 5 days: calendar Tuesday 7 April; working days after Thursday 2 (day 0): 7, 8, 9, 10, 13 April.
    kontakt = deadline(service_goal(profile, "kontakt"), maundy_thursday, calendar)
    assert (kontakt.ambiguous, kontakt.due, kontakt.alternative) == (True, date(2026, 4, 7), date(2026, 4, 13))
    # 14 days: calendar Thursday 16 April; working days 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24.
    opstart = deadline(service_goal(profile, "opstart"), maundy_thursday, calendar)
    assert (opstart.ambiguous, opstart.due, opstart.alternative) == (True, date(2026, 4, 16), date(2026, 4, 24))
    # 7 days with a plan (the standard does not say from when; the caller chooses the event): Thursday 9 April,
    # or working days 7, 8, 9, 10, 13, 14, 15.
    with_plan = service_goal(profile, "opstart-med-plan")
    assert with_plan.counts_from is None
    result = deadline(with_plan, maundy_thursday, calendar)
    assert (result.ambiguous, result.due, result.alternative) == (True, date(2026, 4, 9), date(2026, 4, 15))
