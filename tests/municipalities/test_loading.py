from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal import municipalities
from portal.municipalities import ProfileError, load, load_file

# Valid, and as small as the schema allows: every go-live field is listed in to_fill.
MINIMAL = """
name = "Prøve Kommune"
sources = ["Prøvestandard"]
to_fill = ["contact.address", "contact.phone", "contact.hours", "centres", "service_goals", "absence.how_to_cancel",
           "payment", "transport", "complaints", "applicants"]

[contact]
unit = "Træning"

[[groups]]
id = "traening"
title = { da = "Træning", en = "Training" }

[[offers]]
id = "tg1"
group = "traening"
code = "TG1"
name = { da = "Genoptræning", en = "Rehabilitation training" }
legal_basis = ["serviceloven-86-1"]
max_sessions = 10
"""


def write(tmp_path: Path, text: str, name: str = "proeve.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_broken(tmp_path: Path, old: str, new: str) -> str:
    assert old in MINIMAL, old
    with pytest.raises(ProfileError) as error:
        load_file(write(tmp_path, MINIMAL.replace(old, new, 1)))
    return str(error.value)


def test_the_five_profiles_are_shipped() -> None:
    assert municipalities.available() == ["eksempel", "hjorring", "naestved", "norddjurs", "rodovre"]


@pytest.mark.parametrize("slug", ["eksempel", "hjorring", "naestved", "norddjurs", "rodovre"])
def test_every_profile_loads_with_name_and_contact(slug: str) -> None:
    profile = load(slug)
    assert profile.slug == slug
    assert profile.name.endswith(" Kommune")
    assert profile.contact.unit
    assert isinstance(profile.contact.address, tuple)
    assert profile.offers and profile.groups and profile.sources


def test_the_minimal_profile_is_valid_so_each_broken_case_fails_for_its_own_fault(tmp_path: Path) -> None:
    profile = load_file(write(tmp_path, MINIMAL))
    assert profile.slug == "proeve"
    assert profile.offers[0].max_sessions == 10
    assert profile.contact.phone_hours is None


def test_a_missing_field_is_named_with_the_file(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'name = "Prøve Kommune"\n', "")
    assert message == "proeve.toml: name is missing"


def test_a_missing_field_inside_a_list_is_named_with_its_position(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'legal_basis = ["serviceloven-86-1"]\n', "")
    assert message == "proeve.toml: offers[0].legal_basis is missing"


def test_a_word_where_a_number_belongs_is_named(tmp_path: Path) -> None:
    message = load_broken(tmp_path, "max_sessions = 10", 'max_sessions = "x"')
    assert message == "proeve.toml: offers[0].max_sessions must be a whole number, not 'x'"


def test_true_is_not_taken_for_a_number(tmp_path: Path) -> None:
    message = load_broken(tmp_path, "max_sessions = 10", "max_sessions = true")
    assert message == "proeve.toml: offers[0].max_sessions must be a whole number, not True"


def test_zero_sessions_is_refused(tmp_path: Path) -> None:
    message = load_broken(tmp_path, "max_sessions = 10", "max_sessions = 0")
    assert message == "proeve.toml: offers[0].max_sessions must be 1 or more, not 0"


def test_an_unknown_key_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    message = load_broken(tmp_path, "max_sessions = 10", "max_sesions = 10")
    assert message == "proeve.toml: offers[0].max_sesions is not a known field (did you mean max_sessions?)"


def test_an_unknown_top_level_table_is_an_error(tmp_path: Path) -> None:
    message = load_broken(tmp_path, "[contact]", "[kontakt]\nunit = 'x'\n\n[contact]")
    assert message == "proeve.toml: kontakt is not a known field (did you mean contact?)"


def test_a_value_outside_a_closed_set_lists_the_choices(tmp_path: Path) -> None:
    message = load_broken(tmp_path, '["serviceloven-86-1"]', '["serviceloven-87"]')
    assert message == (
        "proeve.toml: offers[0].legal_basis[0] must be one of serviceloven-86-1, serviceloven-86-2, "
        "sundhedsloven-140, not 'serviceloven-87'"
    )


def test_a_citizen_text_in_one_language_only_is_refused(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'title = { da = "Træning", en = "Training" }', 'title = { da = "Træning" }')
    assert message == "proeve.toml: groups[0].title.en is missing"


def test_a_plain_string_where_both_languages_belong_shows_the_form(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'title = { da = "Træning", en = "Training" }', 'title = "Træning"')
    assert message == 'proeve.toml: groups[0].title must be a table like { da = "...", en = "..." }, not \'Træning\''


def test_an_empty_text_is_refused(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'en = "Training" }\n\n[[offers]]', 'en = " " }\n\n[[offers]]')
    assert message == "proeve.toml: groups[0].title.en must not be empty"


def test_a_single_value_where_a_list_belongs_is_refused(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'legal_basis = ["serviceloven-86-1"]', 'legal_basis = "serviceloven-86-1"')
    assert message == "proeve.toml: offers[0].legal_basis must be a list, not 'serviceloven-86-1'"


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    message = load_broken(tmp_path, "max_sessions = 10", "max_sessions = ")
    assert message.startswith("proeve.toml: is not valid TOML: ")


def test_an_offer_in_an_unknown_group_is_refused(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'group = "traening"', 'group = "traenign"')
    assert message == "proeve.toml: offers[0].group must be one of the groups' ids (traening), not 'traenign'"


def test_an_id_used_twice_is_refused(tmp_path: Path) -> None:
    second = '\n[[groups]]\nid = "traening"\ntitle = { da = "Igen", en = "Again" }\n'
    with pytest.raises(ProfileError, match=r"^proeve\.toml: groups\[1\]\.id 'traening' is used twice$"):
        load_file(write(tmp_path, MINIMAL + second))


def test_an_id_that_cannot_be_part_of_an_address_is_refused(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'id = "tg1"', 'id = "TG 1"')
    assert message == "proeve.toml: offers[0].id must be lower-case letters, digits and dashes, not 'TG 1'"


def test_a_span_that_ends_before_it_starts_is_refused(tmp_path: Path) -> None:
    message = load_broken(tmp_path, "max_sessions = 10", 'span = { min = 10, max = 4, unit = "weeks" }')
    assert message == "proeve.toml: offers[0].span.min must not be more than max (10 > 4)"


def test_a_general_offer_cannot_have_a_code(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'code = "TG1"', 'code = "TG1"\ngeneral = true')
    assert message.startswith("proeve.toml: offers[0].code must be left out: a general offer")


def test_a_closing_day_must_be_a_date(tmp_path: Path) -> None:
    day = '\n[[closing_days]]\nmonth = 2\nday = 30\nname = { da = "Ingen dag", en = "No day" }\n'
    with pytest.raises(ProfileError, match=r"^proeve\.toml: closing_days\[0\] is not a date: month 2, day 30$"):
        load_file(write(tmp_path, MINIMAL + day))


def test_a_complaint_deadline_needs_its_unit_and_start(tmp_path: Path) -> None:
    complaint = (
        '\n[[complaints]]\nabout = "decision"\nrecipient = "Kommunen"\ndeadline_amount = 4\n'
        'text = { da = "Du kan klage.", en = "You can complain." }\n'
    )
    text = MINIMAL.replace('"complaints", ', "") + complaint
    with pytest.raises(ProfileError, match=r"complaints\[0\] needs all of deadline_amount, deadline_unit and counts"):
        load_file(write(tmp_path, text))


def test_a_go_live_field_left_empty_must_be_listed_in_to_fill(tmp_path: Path) -> None:
    message = load_broken(tmp_path, '"contact.phone", ', "")
    assert message == "proeve.toml: contact.phone is empty; fill it in, or list it in to_fill until it is known"


def test_to_fill_must_name_a_known_field(tmp_path: Path) -> None:
    message = load_broken(tmp_path, '"contact.phone", ', '"contact.phone", "contact.fax", ')
    assert message == "proeve.toml: to_fill[2]: contact.fax is not a known field"


def test_to_fill_cannot_list_a_field_that_is_filled_in(tmp_path: Path) -> None:
    message = load_broken(tmp_path, "[contact]\n", '[contact]\nphone = "12 34 56 78"\n')
    assert message == "proeve.toml: to_fill[1] lists contact.phone, but it is filled in; remove it from to_fill"


def test_to_fill_cannot_point_past_the_end_of_a_list(tmp_path: Path) -> None:
    message = load_broken(tmp_path, '"centres", ', '"centres", "offers[3].max_hours", ')
    assert message == "proeve.toml: to_fill[4]: offers has no item [3] (lists count from 0)"


def test_the_slug_comes_from_the_file_name_only(tmp_path: Path) -> None:
    message = load_broken(tmp_path, 'name = "Prøve Kommune"', 'name = "Prøve Kommune"\nslug = "andet"')
    assert message == "proeve.toml: slug is not a field; the file name gives the slug"


def test_an_unknown_profile_name_lists_the_choices() -> None:
    with pytest.raises(ProfileError, match=r"^No municipality profile 'atlantis'; choose one of: eksempel, hjorring,"):
        load("atlantis")


def test_a_name_cannot_reach_outside_the_profile_folder() -> None:
    with pytest.raises(ProfileError, match=re.escape("No municipality profile '../norddjurs'")):
        load("../norddjurs")
