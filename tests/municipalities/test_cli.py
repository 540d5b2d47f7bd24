from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from portal.municipalities import PROFILE_DIR


def make_app(monkeypatch: pytest.MonkeyPatch) -> Flask:
    # The configuration is read when the app is made, so the environment must be set first.
    monkeypatch.setenv("PORTAL_ENV", "test")
    monkeypatch.setenv("PORTAL_MUNICIPALITY", "norddjurs")
    from portal import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_profile_check_lists_the_fields_to_fill_in(monkeypatch: pytest.MonkeyPatch) -> None:
    result = make_app(monkeypatch).test_cli_runner().invoke(args=["profile", "check", "rodovre"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "rodovre.toml (Rødovre Kommune) is valid.",
        "To fill in before going live (13):",
        "  - contact.hours",
        "  - contact.email",
        "  - centres[0].address",
        "  - centres[0].accessibility",
        "  - service_goals[2].counts_from",
        "  - absence.cancellation_notice_hours",
        "  - absence.how_to_cancel",
        "  - payment",
        "  - complaints",
        "  - applicants",
        "  - how_to_apply",
        "  - closing_days",
        "  - what_to_bring",
    ]


def test_profile_check_of_an_unknown_name_fails_with_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    result = make_app(monkeypatch).test_cli_runner().invoke(args=["profile", "check", "atlantis"])
    assert result.exit_code == 1
    assert "Error: No municipality profile 'atlantis'; choose one of: eksempel, hjorring" in result.output


def test_profile_check_of_a_broken_file_names_file_and_field(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "aarhus.toml"
    broken.write_text('name = "Aarhus Kommune"\nsources = ["x"]\n\n[contact]\nunit = "Træning"\nphone = 12345678\n')
    result = make_app(monkeypatch).test_cli_runner().invoke(args=["profile", "check", str(broken)])
    assert result.exit_code == 1
    assert "Error: aarhus.toml: contact.phone must be a text, not 12345678" in result.output


def test_profile_check_of_a_new_file_that_is_valid(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    eksempel = PROFILE_DIR / "eksempel.toml"
    copy = tmp_path / "aarhus.toml"
    copy.write_text(eksempel.read_text(encoding="utf-8"), encoding="utf-8")
    result = make_app(monkeypatch).test_cli_runner().invoke(args=["profile", "check", str(copy)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "aarhus.toml (Eksempel Kommune) is valid.",
        "To fill in before going live (1):",
        "  - centres[1].accessibility",
    ]
