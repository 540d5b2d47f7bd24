"""The promised dates of a case are one typed value, with its JSON form in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime

from portal.models import PromisedDate, PromisedDates
from portal.municipalities.schema import CountUnit, Milestone


def letter(**overrides: object) -> PromisedDate:
    values: dict = {
        "milestone": Milestone.LETTER,
        "due": date(2026, 4, 9),
        "unit": CountUnit.WEEKDAYS,
        "amount": 3,
        "counted_from": date(2026, 4, 2),
    }
    return PromisedDate(**{**values, **overrides})


def test_promised_dates_survive_the_json_form() -> None:
    dated = PromisedDates().with_date("brev", letter(ambiguous=True, alternative=date(2026, 4, 10)))
    dated = dated.met({Milestone.LETTER}, datetime(2026, 4, 3, 9, tzinfo=UTC))
    assert PromisedDates.from_json(dated.to_json()) == dated
    assert dated.to_json()["brev"]["met_at"] == "2026-04-03T09:00:00+00:00"


def test_old_cases_with_only_milestone_and_date_are_read() -> None:
    read = PromisedDates.from_json({"brev": {"milestone": "letter", "due": "2026-04-09", "met_at": None}})
    assert read["brev"].counted_from == date(2026, 4, 9)
    assert read["brev"].unit == CountUnit.CALENDAR_DAYS


def test_a_goal_keeps_its_first_date_and_the_earliest_open_date_is_next() -> None:
    dated = PromisedDates().with_date("brev", letter())
    dated = dated.with_date("brev", letter(due=date(2026, 5, 1)))
    dated = dated.with_date("samtale", letter(milestone=Milestone.ASSESSMENT_TALK, due=date(2026, 4, 20)))
    assert dated["brev"].due == date(2026, 4, 9)
    assert dated.next_due() == date(2026, 4, 9)
    met = dated.met({Milestone.LETTER}, datetime(2026, 4, 3, tzinfo=UTC))
    assert met.next_due() == date(2026, 4, 20)
    assert met.reopened(Milestone.LETTER).next_due() == date(2026, 4, 9)
    assert list(met.without({"brev"})) == ["samtale"]


def test_no_promises_equal_an_empty_mapping() -> None:
    assert PromisedDates() == {}
    assert not PromisedDates()
