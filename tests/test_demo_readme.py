"""The README's persona table holds for the demo data: from an empty database, `flask demo load`, then each persona
logs in through the real local provider and finds what their row promises. The rows' words are checked too."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from devtools.personas import PERSONAS
from portal.demo import DEMO_PROGRAM
from portal.extensions import db
from portal.models import Program
from tests.conftest import ClientRequest
from tests.oidc_flow import ENTRY_BY_KIND, authorize, come_back, log_in, persona, start
from tests.paths import path

README = Path(__file__).resolve().parent.parent / "README.md"


def load_demo(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def page(client: FlaskClient, endpoint: str, **values: object) -> BeautifulSoup:
    return ClientRequest(client).get(endpoint, **values)


def follow(client: FlaskClient, address: str) -> BeautifulSoup:
    """A link read from a page or a redirect's Location, followed as the browser would."""
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def words(element: object) -> str:
    return " ".join(element.get_text(" ").split())  # type: ignore[attr-defined]


def lands_on(client: FlaskClient, key: str) -> str:
    return urlsplit(log_in(client, key).headers["Location"]).path


def table_rows(html: BeautifulSoup) -> list[list[str]]:
    return [[words(cell) for cell in row.find_all(["th", "td"])] for row in html.select("table tbody tr")]


# --- each row, as the persona meets it ----------------------------------------------------------------------------


def karen(app: Flask, client: FlaskClient) -> None:
    assert lands_on(client, "citizen") == path("overview.index")
    overview = page(client, "overview.index")
    assert words(overview.h1) == "Mit overblik"
    assert overview.select_one(f'.program-card a[href="{path("programs.mine")}"]') is not None
    sessions = page(client, "citizen_sessions.index")
    assert len(sessions.select('a[href$="/aflys"]')) == 6
    program = page(client, "programs.mine")
    assert words(program.h1) == "Mit træningsprogram"
    newest = db.session.scalars(sa.select(Program).order_by(Program.issued_at.desc())).first()
    assert [item.exercise.slug for item in newest.items] == [item.slug for item in DEMO_PROGRAM]
    assert all(item.exercise.name("da") in words(program) for item in newest.items)
    assert len(page(client, "applications.cases").select(f'a[href^="{path("applications.cases")}/"]')) >= 3
    assert words(page(client, "preferences.edit").h1) == "Påmindelser og kontakt"
    # Træn med: "Træn nu" from the home and the program, a QR code per exercise on the print, kept on the phone.
    assert overview.select_one(f'.train-now a[href="{path("train.newest")}"]') is not None
    assert program.find("a", string="Træn nu") is not None
    assert program.select_one("[data-offline]") is not None
    printed = page(client, "programs.print_view", program_id=newest.id)
    assert len(printed.select(".exercise-qr svg")) == len(DEMO_PROGRAM)


def bent(app: Flask, client: FlaskClient) -> None:
    assert lands_on(client, "citizen_140") == path("overview.index")
    overview = page(client, "overview.index")
    assert words(overview.select_one(".plan-card h2")) == "Din genoptræningsplan"
    plans = page(client, "plans.index")
    (link,) = plans.select(f'a[href^="{path("plans.index")}"]')
    assert page(client, "applications.cases").select_one(f'a[href="{link["href"]}"]') is not None
    plan = follow(client, link["href"])
    assert words(plan.h1) == "Din genoptræningsplan"
    assert "Det er til tiden." in words(plan.select_one("#start-status"))
    assert "Du skal kunne gå uden rollator." in words(plan)
    # Norddjurs' standard shuts plan holders out of § 86: he is told why, with a link to his plan.
    apply = page(client, "applications.start")
    assert words(apply.h1) == "Du skal ikke søge"
    assert apply.select_one(f'a[href="{link["href"]}"]') is not None
    assert ClientRequest(client).post("applications.begin").headers["Location"] == path("applications.hospital_plan")
    assert words(page(client, "applications.hospital_plan").h1) == "Du skal ikke søge"


def inge(app: Flask, client: FlaskClient) -> None:
    assert lands_on(client, "citizen_140_late") == path("overview.index")
    (link,) = page(client, "plans.index").select(f'a[href^="{path("plans.index")}"]')
    plan = follow(client, link["href"])
    assert "Det er efter fristen." in words(plan.select_one("#start-status"))
    letters = words(page(client, "messages.index"))
    assert "Du kan vælge et andet sted at træne" in letters


def mette(app: Flask, client: FlaskClient) -> None:
    assert lands_on(client, "relative") == path("delegations.choose")
    chooser = page(client, "delegations.choose")
    assert words(chooser.h1) == "Hvem vil du handle for?"
    assert [words(button) for button in chooser.select(".chooser button")] == [
        "Mig selv (Mette Testesen)",
        "Karen Testesen",
    ]
    # Accepted already: nothing waits for her acceptance.
    assert "Venter på, at du godkender" not in words(chooser)
    act_for_karen = chooser.select(".chooser form")[1]["action"]
    assert client.post(act_for_karen).status_code == 303
    assert words(page(client, "overview.index").h1) == "Overblik for Karen Testesen"


def hanne(app: Flask, client: FlaskClient) -> None:
    assert lands_on(client, "helper") == path("staff.console")
    console = page(client, "staff.console")
    assert console.find("a", string="Træn med en borger")["href"] == path("helper.find_citizen")
    found = ClientRequest(client).post("helper.find_citizen", _data={"cpr_number": persona("citizen").cpr})
    karen = follow(client, found.headers["Location"])
    assert words(karen.h1) == "Karen Testesen"
    train = karen.find("a", string="Træn nu med Karen")["href"]
    begun = client.post(f"{train}/start")
    assert begun.status_code == 303
    assert client.post(f"{begun.headers['Location']}/saet", data={"done": "0"}).status_code == 303
    finished = client.post(f"{train}/slut", data={"effort": "3", "pain": "1"})
    assert finished.status_code == 303
    days = table_rows(follow(client, finished.headers["Location"]))
    assert days[0][-1] == "Hanne Hjemmehjælper"


def ole(app: Flask, client: FlaskClient) -> None:
    low = persona("low")
    refused = come_back(client, authorize(start(client, ENTRY_BY_KIND[low.kind]), low.sub))
    assert refused.status_code == 403
    assert "Du blev ikke logget ind" in words(BeautifulSoup(refused.get_data(as_text=True), "html.parser"))


def kim(app: Flask, client: FlaskClient) -> None:
    password_only = persona("staff_low")
    refused = come_back(client, authorize(start(client, ENTRY_BY_KIND[password_only.kind]), password_only.sub))
    assert refused.status_code == 403
    assert "Du blev ikke logget ind" in words(BeautifulSoup(refused.get_data(as_text=True), "html.parser"))


def lise(app: Flask, client: FlaskClient) -> None:
    assert lands_on(client, "gp") == path("gp.referrals")
    listing = page(client, "gp.referrals")
    assert words(listing.h1) == "Dine henvisninger"
    rows = {row[0]: row for row in table_rows(listing)}
    assert set(rows) == {"Hans Henvisen", "Karen Testesen"}
    assert rows["Hans Henvisen"][4] == "Bliver vurderet"
    assert rows["Karen Testesen"][4] == "Træning bevilget Slutstatus er klar"
    karens = listing.find("a", string="Karen Testesen")["href"]
    assert "Karen rejser sig nu fra en almindelig stol" in words(follow(client, karens))


def vibeke(app: Flask, client: FlaskClient) -> None:
    assert lands_on(client, "visitator") == path("staff.console")
    inbox = page(client, "cases.inbox")
    rows = {row[2]: row for row in table_rows(inbox)}
    assert set(rows) == {"Poul Demosen", "Ellen Eksempelsen", "Hans Henvisen"}
    assert rows["Poul Demosen"][3:5] == ["Borger", "Modtaget"]
    assert rows["Ellen Eksempelsen"][3:5] == ["Borger", "Modtaget"]
    assert rows["Hans Henvisen"][3:5] == ["Henvisning fra læge", "Under visitation Venter på borgerens svar"]
    # Norddjurs' standard promises no dates, so nothing can be overdue there (tested in Hjørring below).
    assert app.config["PROFILE"].service_goals == ()
    assert {row[0] for row in rows.values()} == {"Ingen lovet dato"}
    # Oldest first where no date is promised.
    assert [row[2] for row in table_rows(inbox)] == ["Ellen Eksempelsen", "Hans Henvisen", "Poul Demosen"]
    # "Genoptræningsplaner": Inge's late start first, then Bent's.
    plans = table_rows(page(client, "staff_plans.index"))
    assert [row[0] for row in plans] == ["Inge Ventesen", "Bent Prøvesen"]
    assert words(page(client, "staff_plans.new").h1) == "Registrer en genoptræningsplan"


def torben(app: Flask, client: FlaskClient) -> None:
    assert lands_on(client, "therapist") == path("staff.console")
    courses = page(client, "staff_sessions.courses")
    rows = table_rows(courses)
    # Inge's late start first: someone must act on it.
    assert rows[0][0].startswith("Inge Ventesen") and "Starter efter fristen" in " ".join(rows[0])
    assert sorted(row[0].split(" Genoptræningsplan")[0] for row in rows) == [
        "Bent Prøvesen",
        "Inge Ventesen",
        "Karen Testesen",
    ]
    assert courses.select_one("#nye-afbud") is not None or "Nye afbud" in words(courses)


# Each persona's check, and the words of their README row that the check proves.
ROWS: dict[str, tuple[Callable[[Flask, FlaskClient], None], tuple[str, ...]]] = {
    "Karen Testesen": (
        karen,
        (
            'lands on "Mit overblik"',
            '"Mine træningstider" (6 booked sessions',
            '"Mit træningsprogram" (Træn nu, print with QR codes',
            "keep on the phone",
            '"Mine sager"',
        ),
    ),
    "Bent Prøvesen": (
        bent,
        (
            "genoptræningsplan",
            'lands on "Mit overblik"',
            '"Din genoptræningsplan" (from "Mit overblik" and "Mine sager")',
            "his first session booked within it",
            '"Du skal ikke søge"',
            "links to his plan",
        ),
    ),
    "Inge Ventesen": (inge, ("the start is late", '"Beskeder" has the letter about free choice')),
    "Mette Testesen": (mette, ("accepted fuldmagt from Karen", 'lands on the chooser "Hvem vil du handle for?"')),
    "Ole Lavesen": (ole, ("the portal refuses the login",)),
    "Lise Lægesen": (
        lise,
        ('lands on "Dine henvisninger"', "referral of Karen shows the end note", "Hans Henvisen is in progress"),
    ),
    "Vibeke Visitator": (
        vibeke,
        (
            "three open cases",
            "Poul Demosen's new application",
            "Ellen Eksempelsen's from a month ago",
            "overdue where the municipality's standard promises dates",
            "waiting for his answer to a question",
            '"Genoptræningsplaner" (register a plan from the hospital by CPR',
            "late starts first",
        ),
    ),
    "Torben Terapeut": (
        torben,
        ("the course list", "Inge's late start at the top", "Karen's course", "Bent's and Inge's courses"),
    ),
    "Hanne Hjemmehjælper": (
        hanne,
        ('finds a citizen by CPR number under "Træn med en borger"', 'runs "Træn nu"', "the day's log says she logged"),
    ),
    "Kim Kodeord": (kim, ("the portal refuses the login",)),
}


def readme_rows() -> dict[str, str]:
    """The persona table of the README: persona name (without the age) -> what the row says it shows."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| entry | persona | what it shows |") :].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        _entry, who, shows = (cell.strip() for cell in line.strip("|").split(" | "))
        rows[re.sub(r", \d+$", "", who)] = shows
    return rows


def test_the_readme_table_has_a_row_for_every_persona_of_the_local_provider() -> None:
    assert set(readme_rows()) == {p.name for p in PERSONAS} == set(ROWS)


def test_every_persona_has_a_subject_of_its_own() -> None:
    subjects = [p.sub for p in PERSONAS]
    assert len(subjects) == len(set(subjects))


@pytest.mark.parametrize("name", list(ROWS))
def test_the_readme_row_says_what_the_demo_shows(name: str) -> None:
    missing = [claim for claim in ROWS[name][1] if claim not in readme_rows()[name]]
    assert missing == []


@pytest.mark.parametrize("name", list(ROWS))
def test_each_persona_finds_what_their_readme_row_promises(app: Flask, client: FlaskClient, name: str) -> None:
    load_demo(app)
    ROWS[name][0](app, client)


@pytest.mark.parametrize("municipality", ["hjorring"])
def test_where_the_standard_promises_dates_ellens_case_is_overdue_and_pouls_is_not(
    app: Flask, client: FlaskClient
) -> None:
    load_demo(app)
    log_in(client, "visitator")
    rows = {row[2]: row for row in table_rows(page(client, "cases.inbox"))}
    assert rows["Ellen Eksempelsen"][0].endswith("Overskredet")
    assert not rows["Poul Demosen"][0].endswith(("Overskredet", "Frist i dag"))
    assert rows["Hans Henvisen"][4] == "Under visitation Venter på borgerens svar"
