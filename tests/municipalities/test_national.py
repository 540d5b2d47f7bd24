"""The national rules file: every rule names its source, and the profiles sit on top of it."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from portal.calendar import DanishCalendar
from portal.municipalities import CountUnit, Event, Milestone, ProfileError, ServiceGoal, Text, available, load
from portal.municipalities import national as national_rules
from portal.municipalities.national import NATIONAL_FILE, PlanLevel
from portal.municipalities.rules import (
    complaint_due,
    decision_route,
    free_choice_applies,
    plan_start,
    training_route,
)

PROFILES = ["hjorring", "naestved", "norddjurs", "rodovre"]


@pytest.fixture
def national() -> national_rules.National:
    return national_rules.load()


def write_variant(tmp_path: Path, old: str, new: str) -> Path:
    text = NATIONAL_FILE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "national.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_every_rule_names_the_law_the_paragraph_and_the_retsinformation_document(
    national: national_rules.National,
) -> None:
    found = national_rules.rules(national)
    assert len(found) >= 9
    for where, rule in found:
        assert rule.sources, where
        for source in rule.sources:
            assert source.law and source.paragraph.strip(), where
            assert re.search(r"(Lovbekendtgørelse|Vejledning) nr\. \d+ af \d+\. \w+ \d{4}", source.document), where
            assert source.url is None or source.url.startswith("https://www.retsinformation.dk/eli/"), where


def test_a_rule_without_a_source_is_refused(tmp_path: Path) -> None:
    text = NATIONAL_FILE.read_text(encoding="utf-8")
    sources = text.index("sources = [", text.index("[decision_reasons]"))
    end = text.index("]\n\n", sources) + 1
    path = tmp_path / "national.toml"
    path.write_text(text[:sources] + "sources = []" + text[end:], encoding="utf-8")
    with pytest.raises(ProfileError, match=r"decision_reasons\.sources must name at least one source"):
        national_rules.load(path)


def test_a_rule_that_leaves_out_its_sources_is_refused(tmp_path: Path) -> None:
    text = NATIONAL_FILE.read_text(encoding="utf-8")
    sources = text.index("sources = [", text.index("[deadlines_duty]"))
    end = text.index("]\n\n", sources) + 1
    path = tmp_path / "national.toml"
    path.write_text(text[:sources] + text[end:], encoding="utf-8")
    with pytest.raises(ProfileError, match=r"deadlines_duty\.sources is missing"):
        national_rules.load(path)


def test_a_former_body_without_a_source_is_refused(tmp_path: Path) -> None:
    text = NATIONAL_FILE.read_text(encoding="utf-8")
    start = text.index("[[training_complaint.replaces]]")
    sources = text.index("sources = [", start)
    end = text.index("]\n\n", sources) + 1
    path = tmp_path / "national.toml"
    path.write_text(text[:sources] + "sources = []" + text[end:], encoding="utf-8")
    with pytest.raises(ProfileError, match=r"training_complaint\.replaces\[0\]\.sources must name"):
        national_rules.load(path)


def test_a_misspelt_key_is_refused_as_in_the_profiles(tmp_path: Path) -> None:
    path = write_variant(tmp_path, "start_within = 7", "start_withn = 7")
    with pytest.raises(ProfileError, match="start_withn is not a known field"):
        national_rules.load(path)


def test_the_national_file_is_not_a_municipality() -> None:
    assert "national" not in available()


def test_free_choice_is_seven_calendar_days_and_not_for_training_at_the_hospital(
    national: national_rules.National,
) -> None:
    assert (national.free_choice.start_within, national.free_choice.unit) == (7, CountUnit.CALENDAR_DAYS)
    assert not free_choice_applies(PlanLevel.SPECIALISED, national)
    assert free_choice_applies(PlanLevel.BASIC, national)
    assert free_choice_applies(PlanLevel.SPECIALISED_REHABILITATION, national)


@pytest.mark.parametrize("slug", PROFILES)
def test_every_profile_has_a_complaint_route_with_four_weeks_and_ankestyrelsen(
    slug: str, national: national_rules.National
) -> None:
    route = decision_route(load(slug), national)
    assert (route.deadline_amount, route.deadline_unit) == (4, CountUnit.WEEKS)
    assert route.then_to == "Ankestyrelsen"
    assert route.recipient


def test_where_the_standard_says_more_the_profile_wins(national: national_rules.National) -> None:
    naestved = decision_route(load("naestved"), national)
    assert naestved.recipient == "Center for Sundhed og Ældre, Myndighed"
    assert naestved.address == ("Rådmandshaven 20", "4700 Næstved")
    assert naestved.digital_channels == ("borger.dk", "mit.dk")
    assert naestved.own_text is not None


def test_where_the_standard_is_silent_the_complaint_goes_to_the_unit_that_decided(
    national: national_rules.National,
) -> None:
    norddjurs = decision_route(load("norddjurs"), national)
    assert norddjurs.recipient == "Sundhed og Træning"
    assert norddjurs.address == ("Træningscenter Auning", "Elme Allé 6", "8963 Auning")
    assert norddjurs.own_text is None


def test_the_last_day_to_complain_is_four_weeks_from_the_day_of_the_digital_letter(
    national: national_rules.National,
) -> None:
    route = decision_route(load("norddjurs"), national)
    calendar = DanishCalendar.for_profile(load("norddjurs"))
    # Friday 5 June 2026, 10:00 in Copenhagen.
    assert complaint_due(route, datetime(2026, 6, 5, 8, 0, tzinfo=UTC), calendar).due == date(2026, 7, 3)


def test_a_last_day_on_maundy_thursday_runs_to_the_tuesday_after_easter(national: national_rules.National) -> None:
    route = decision_route(load("naestved"), national)
    calendar = DanishCalendar.for_profile(load("naestved"))
    # 4 weeks from Thursday 5 March 2026 is Maundy Thursday; Good Friday, the weekend and Easter Monday are closed.
    assert complaint_due(route, datetime(2026, 3, 5, 12, 0, tzinfo=UTC), calendar).due == date(2026, 4, 7)


def test_a_letter_sent_after_midnight_in_copenhagen_counts_from_that_day(national: national_rules.National) -> None:
    route = decision_route(load("hjorring"), national)
    calendar = DanishCalendar.for_profile(load("hjorring"))
    # 22:30 UTC on Friday is 00:30 on Saturday 6 June in Copenhagen: 4 weeks is Saturday 4 July, so Monday 6 July.
    assert complaint_due(route, datetime(2026, 6, 5, 22, 30, tzinfo=UTC), calendar).due == date(2026, 7, 6)


def test_the_standard_naming_the_former_body_is_corrected_and_says_why(national: national_rules.National) -> None:
    naestved = training_route(load("naestved"), national)
    assert naestved.recipient == "Styrelsen for Patientklager"
    assert naestved.replaced is not None
    assert naestved.replaced.name == "Styrelsen for Patientsikkerhed"
    assert "1. juli 2018" in naestved.replaced.text.da
    norddjurs = training_route(load("norddjurs"), national)
    assert norddjurs.recipient == "Styrelsen for Patientklager"
    assert norddjurs.replaced is None


# Maundy Thursday 2026 is 2 April; the plan arrives on Good Friday, 3 April.
MAUNDY_THURSDAY = date(2026, 4, 2)
GOOD_FRIDAY = date(2026, 4, 3)


@pytest.mark.parametrize("slug", PROFILES)
def test_a_plan_registered_on_the_friday_before_easter_must_start_seven_days_after_discharge(
    slug: str, national: national_rules.National
) -> None:
    start = plan_start(load(slug), national, MAUNDY_THURSDAY, None, GOOD_FRIDAY)
    # Seven calendar days, holidays included: Thursday 9 April, not moved past Easter Monday.
    assert start.due == date(2026, 4, 9)
    assert start.counted_from == MAUNDY_THURSDAY
    assert start.basis == "discharge"
    assert start.warn_on == date(2026, 4, 7)


def test_a_later_medical_start_date_moves_the_count(national: national_rules.National) -> None:
    start = plan_start(load("norddjurs"), national, MAUNDY_THURSDAY, date(2026, 4, 20), GOOD_FRIDAY)
    assert (start.due, start.counted_from, start.basis) == (date(2026, 4, 27), date(2026, 4, 20), "medical_start")


def test_rodovre_s_seven_days_with_a_plan_is_no_later_than_the_law(national: national_rules.National) -> None:
    rodovre = load("rodovre")
    start = plan_start(rodovre, national, MAUNDY_THURSDAY, None, GOOD_FRIDAY)
    assert [goal.id for goal in rodovre.service_goals if goal.applies_to == "with_plan"] == ["opstart-med-plan"]
    assert start.due == date(2026, 4, 9)


def test_a_stricter_profile_goal_wins_over_the_law(national: national_rules.National) -> None:
    stricter = ServiceGoal(
        id="hurtig-start",
        milestone=Milestone.TRAINING_START,
        amount=3,
        unit=CountUnit.WEEKDAYS,
        counts_from=Event.PLAN_RECEIVED,
        text=Text(da="Din træning begynder.", en="Your training starts."),
    )
    profile = dataclasses.replace(load("norddjurs"), service_goals=(stricter,))
    start = plan_start(profile, national, MAUNDY_THURSDAY, None, GOOD_FRIDAY)
    # 3 working days from Good Friday are Tuesday 7 to Thursday 9 April: the same day as the law's, so the law's basis.
    assert (start.due, start.basis) == (date(2026, 4, 9), "discharge")
    # Discharged and received on Monday 8 June: the profile's Thursday 11 June is before the law's Monday 15 June.
    monday = plan_start(profile, national, date(2026, 6, 8), None, date(2026, 6, 8))
    assert (monday.due, monday.basis, monday.goal_id) == (date(2026, 6, 11), "profile", "hurtig-start")
    assert monday.warn_on == date(2026, 6, 11)
