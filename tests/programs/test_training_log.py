"""Registrér en træningsdag and the progress page: the log form, its errors, updating a day, the chart and table."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from portal.clock import today
from portal.database import utcnow
from portal.extensions import db
from portal.models import Program, Scope, TrainingLogEntry
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path


def page(response: Any) -> BeautifulSoup:
    """A posted form shown again: client_request has asserted its status."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def karens_program(days_ago: int = 30) -> Program:
    program = factories.a_program(
        factories.person_for("citizen"),
        exercises=[factories.exercise("Rejse sig fra stol"), factories.exercise("Stå på ét ben")],
        issued_at=utcnow() - timedelta(days=days_ago),
    )
    db.session.commit()
    return program


def day_fields(day: Any) -> dict[str, str]:
    return {"day-day": str(day.day), "day-month": str(day.month), "day-year": str(day.year)}


def answers(program: Program, day: Any, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        **day_fields(day),
        "items": [str(item.id) for item in program.items],
        "effort": "4",
        "pain": "2",
        "note": "",
    }
    values.update(overrides)
    return values


def entries() -> list[TrainingLogEntry]:
    return list(db.session.scalars(sa.select(TrainingLogEntry).order_by(TrainingLogEntry.day)))


def test_the_form_starts_on_today_and_names_the_borg_words(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    log_in(client, "citizen")
    html = client_request.get("programs.log", program_id=program.id)
    assert html.select_one("#day-day")["value"] == str(today().day)
    assert html.select_one("#day-year")["value"] == str(today().year)
    labels = [label.get_text() for label in html.select('label[for^="effort-"]')]
    # The published Danish Borg CR10 words, each once; the steps between them are numbers only.
    assert labels == [
        "0 – Ingen anstrengelse, hvile",
        "1 – Meget let",
        "2 – Let",
        "3 – Moderat",
        "4 – Noget hårdt",
        "5 – Hårdt",
        "6",
        "7 – Meget hårdt",
        "8",
        "9",
        "10 – Ekstremt hårdt, maksimalt",
    ]
    assert len(html.select('input[name="pain"]')) == 11
    exercises = [label.get_text() for label in html.select('label[for^="items-"]')]
    assert exercises == ["Rejse sig fra stol", "Stå på ét ben"]
    # "Borg" means nothing to most citizens: the hint says what the scale is for.
    assert "Terapeuter bruger den til at måle, hvor hårdt noget føles." in html.get_text()


def test_the_citizen_logs_a_day_and_logging_it_again_updates_it(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    first = client_request.post("programs.log", _data=answers(program, today()), program_id=program.id)
    assert first.headers["Location"] == path("programs.progress", program_id=program.id)
    assert "Din træningsdag er registreret" in client_request.get("programs.progress", program_id=program.id).get_text()
    only_first = [str(program.items[0].id)]
    again = client_request.post(
        "programs.log",
        _data=answers(program, today(), effort="7", pain="5", items=only_first, note="Tungt i dag"),
        program_id=program.id,
    )
    assert again.headers["Location"] == path("programs.progress", program_id=program.id)
    assert "Dagen var allerede registreret" in client_request.get("programs.progress", program_id=program.id).get_text()
    (entry,) = entries()
    assert (entry.day, entry.effort, entry.pain, entry.note) == (today(), 7, 5, "Tungt i dag")
    assert [item.id for item in entry.items] == [program.items[0].id]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"items": []}, "items", "Vælg mindst én øvelse, du lavede"),
        ({"effort": ""}, "effort", "Vælg, hvor hårdt det var, fra 0 til 10"),
        ({"pain": "11"}, "pain", None),
        ({"day-day": "", "day-month": "", "day-year": ""}, "day", "Skriv den dato, du trænede"),
        (day_fields(today() + timedelta(days=1)), "day", "Datoen kan ikke være en dag, der ikke er kommet endnu"),
        (day_fields(today() - timedelta(days=40)), "day", "Datoen kan ikke være før, du fik programmet"),
    ],
)
def test_wrong_answers_are_shown_next_to_the_field_and_in_the_summary(
    client: FlaskClient, client_request: ClientRequest, change: dict[str, Any], field: str, message: str | None
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    html = page(
        client_request.post(
            "programs.log", _data={**answers(program, today()), **change}, _expected_status=200, program_id=program.id
        )
    )
    assert html.title.get_text().startswith("Fejl: ")
    error = html.select_one(f"#{field}-error")
    assert error is not None
    if message:
        assert message in error.get_text()
        assert message in html.select_one(".alert-error").get_text()
    # The other answers stay.
    if field != "note":
        assert html.select_one('textarea[name="note"]') is not None
    if field not in ("effort",):
        assert html.select_one('input[name="effort"][value="4"]').has_attr("checked")
    assert entries() == []


def test_an_item_of_another_program_is_refused(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    other = factories.a_program(factories.a_person(5))
    db.session.commit()
    log_in(client, "citizen")
    client_request.post(
        "programs.log",
        _data=answers(program, today(), items=[str(other.items[0].id)]),
        _expected_status=200,
        program_id=program.id,
    )
    assert entries() == []


@pytest.mark.parametrize(("scopes", "status"), [([Scope.SEE], 403), ([Scope.SEE, Scope.MANAGE_SESSIONS], 303)])
def test_a_relative_logs_for_the_citizen_only_with_the_manage_sessions_scope(
    client: FlaskClient, client_request: ClientRequest, scopes: list[Scope], status: int
) -> None:
    program = karens_program()
    made = factories.delegation(
        factories.person_for("citizen"), factories.person_for("relative"), scopes=" ".join(scopes)
    )
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    client_request.post("programs.log", _data=answers(program, today()), _expected_status=status, program_id=program.id)
    assert len(entries()) == (1 if status == 303 else 0)
    # Reading the progress is "see"; a refusal keeps the choice of person, so no need to choose again.
    client_request.get_response("programs.progress", program_id=program.id)


def log_days(program: Program, rows: list[tuple[int, int, int]]) -> None:
    for days_ago, effort, pain in rows:
        db.session.add(
            TrainingLogEntry(
                program_id=program.id, day=today() - timedelta(days=days_ago), effort=effort, pain=pain, note=""
            )
        )
    db.session.commit()


def test_progress_shows_an_svg_chart_with_a_table_of_the_same_numbers(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program(days_ago=100)
    log_days(program, [(2, 5, 3), (9, 4, 6), (20, 3, 1), (70, 9, 9)])
    log_in(client, "citizen")
    html = client_request.get("programs.progress", program_id=program.id)
    svg = html.select_one("svg.chart")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.select_one(f"#{title_id}").name == "title" and svg.select_one(f"#{desc_id}").name == "desc"
    # The day 70 days ago is outside the 8 weeks.
    assert len(svg.select("circle.chart-effort-point")) == 3
    assert len(svg.select("rect.chart-pain-point")) == 3
    assert html.select_one("[style]") is None
    rows = [[cell.get_text() for cell in row.select("th, td")] for row in html.select("table.progress-table tbody tr")]
    assert [(row[1][:1], row[2]) for row in rows] == [("5", "3"), ("4", "6"), ("3", "1")]
    assert [row[1] for row in rows] == ["5 – Hårdt", "4 – Noget hårdt", "3 – Moderat"]


def test_a_step_of_the_borg_scale_without_a_word_shows_only_its_number(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program(days_ago=20)
    log_days(program, [(1, 6, 2), (3, 8, 2)])
    log_in(client, "citizen")
    html = client_request.get("programs.progress", program_id=program.id)
    efforts = [row.select("td")[0].get_text() for row in html.select("table.progress-table tbody tr")]
    assert efforts == ["6", "8"]
    assert "8 uger" in html.select_one("table.progress-table caption").get_text()


def test_progress_stays_within_the_query_budget_with_many_days(
    client: FlaskClient, client_request: ClientRequest, count_queries
) -> None:
    program = karens_program(days_ago=200)
    log_days(program, [(n, n % 11, (n * 3) % 11) for n in range(0, 190)])
    log_in(client, "citizen")
    before = len(count_queries())
    html = client_request.get("programs.progress", program_id=program.id)
    assert len(html.select("table.progress-table tbody tr")) == 56
    statements = count_queries()[before:]
    assert len(statements) <= 6, "\n".join(s[:90] for s in statements)
