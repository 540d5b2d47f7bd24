"""Broker profiles: shipped ones by name only from their own folder, a municipality's own by file, both checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from portal import create_app
from portal.auth.broker import (
    PROFILE_DIR,
    Assurance,
    BrokerProfileError,
    load_broker_profile,
    load_broker_profile_file,
)

NEMLOGIN = (PROFILE_DIR / "nemlogin.toml").read_text(encoding="utf-8")


def own_profile(tmp_path: Path, text: str = NEMLOGIN, name: str = "own.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["nemlogin", "criipto"])
def test_the_shipped_profiles_load(name: str) -> None:
    profile = load_broker_profile(name)
    assert profile.acr_for(Assurance.SUBSTANTIAL)
    assert profile.claims["cpr"]


@pytest.mark.parametrize("how", ["relative", "absolute"])
def test_a_profile_name_cannot_reach_a_file_outside_the_shipped_folder(tmp_path: Path, how: str) -> None:
    elsewhere = own_profile(tmp_path, name="elsewhere.toml").with_suffix("")
    name = os.path.relpath(elsewhere, PROFILE_DIR) if how == "relative" else str(elsewhere)
    with pytest.raises(BrokerProfileError, match="choose one of: criipto, nemlogin"):
        load_broker_profile(name)


def test_the_app_refuses_to_start_with_a_profile_name_that_leaves_the_folder(tmp_path: Path) -> None:
    elsewhere = own_profile(tmp_path, name="elsewhere.toml").with_suffix("")
    with pytest.raises(BrokerProfileError, match="BROKER_PROFILE_FILE"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "BROKER_PROFILE": os.path.relpath(elsewhere, PROFILE_DIR)})


def test_a_municipality_s_own_profile_file_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = own_profile(tmp_path, NEMLOGIN.replace('name = "NemLog-in"', 'name = "Kommunens egen broker"'))
    monkeypatch.setenv("BROKER_PROFILE_FILE", str(path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.extensions["broker_profile"].name == "Kommunens egen broker"


CPR_LINE = 'cpr = "https://data.gov.dk/model/core/eid/cprNumber"\n'


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ((CPR_LINE, ""), "claims.cpr is missing"),
        ((CPR_LINE, "cpr = 42\n"), "claims.cpr must be a claim name"),
        ((CPR_LINE, CPR_LINE + 'cpr_number = "x"\n'), "claims.cpr_number is not a known fact"),
        (
            ('"Substantial" = "substantial"', '"Substantial" = "medium"'),
            "assurance[1].values.Substantial must be one of",
        ),
        (('claim = "acr"', 'claim = ""'), "assurance[2].claim must be a claim name"),
        (('high = "https://data.gov.dk/concept/core/nsis/loa/High"\n', ""), "acr_values.high must be the value"),
        (('name = "NemLog-in"', "name = "), "not valid TOML"),
    ],
)
def test_a_broken_profile_file_is_refused_naming_the_file_and_the_field(
    tmp_path: Path, change: tuple[str, str], field: str
) -> None:
    old, new = change
    assert old in NEMLOGIN
    path = own_profile(tmp_path, NEMLOGIN.replace(old, new, 1))
    with pytest.raises(BrokerProfileError) as refusal:
        load_broker_profile_file(path)
    assert str(path) in str(refusal.value)
    assert field in str(refusal.value)


def test_a_missing_profile_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(BrokerProfileError, match="cannot be read"):
        load_broker_profile_file(tmp_path / "missing.toml")
