"""Staff register a hospital's genoptræningsplan: the course is made at once, with its start deadline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock, cpr, people
from portal.clock import COPENHAGEN
from portal.extensions import db
from portal.models import AccessLog, Course, CourseStatus, Person, RehabilitationPlan
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in

PROFILES = ["hjorring", "naestved", "norddjurs", "rodovre"]
NEW = "staff_plans.new"
# A fictitious CPR number: born 2 September 1956, failing modulus 11 (Bent Prøvesen's, as in the demo).
BENT_CPR = "020956-1238"


def form(**overrides: Any) -> dict[str, str]:
    values = {
        "cpr_number": BENT_CPR,
        "name": "Bent Prøvesen",
        "hospital": "Regionshospitalet Randers",
        "ward": "Ortopædkirurgisk afdeling",
        "discharge_date-day": "2",
        "discharge_date-month": "4",
        "discharge_date-year": "2026",
        "received_on-day": "3",
        "received_on-month": "4",
        "received_on-year": "2026",
        "level": "basic",
        "function_text": "Går med rollator. Har brug for hjælp på trapper.",
        "goals": "Gangfunktion uden ganghjælpemiddel.",
        "citizen_goals": "Du skal kunne gå på trapper igen.",
        "precautions": "",
        "sessions": "8",
    }
    values.update(overrides)
    return values


def page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def errors(response: Any) -> list[str]:
    return [link.get_text(strip=True) for link in page(response).select("[data-module=error-summary] a")]


def good_friday() -> Any:
    return clock.clock_set_to(datetime(2026, 4, 3, 10, tzinfo=COPENHAGEN))


@pytest.mark.parametrize("municipality", PROFILES)
def test_a_plan_registered_on_the_friday_before_easter_gets_its_deadline_right(
    app: Flask, client: FlaskClient, municipality: str
) -> None:
    with good_friday():
        log_in(client, "visitator")
        offers = ClientRequest(client).get(NEW).select("input[name=offer]")
        response = ClientRequest(client).post(NEW, _data=form(offer=offers[0]["value"]))
        shown = page(client.get(response.headers["Location"])).get_text(" ", strip=True)
    plan = db.session.scalar(sa.select(RehabilitationPlan))
    # Discharged on Maundy Thursday: seven calendar days, Easter and all, is Thursday 9 April.
    assert (plan.discharge_date, plan.received_on, plan.start_due) == (
        date(2026, 4, 2),
        date(2026, 4, 3),
        date(2026, 4, 9),
    )
    assert (plan.start_basis, plan.warn_on) == ("discharge", date(2026, 4, 7))
    course = plan.course
    assert course.application_id is None
    assert (course.status, course.sessions_allowed, course.legal_basis) == (CourseStatus.ACTIVE, 8, "sundhedsloven-140")
    assert course.goals == "Du skal kunne gå på trapper igen."
    assert "Start senest torsdag den 9. april 2026 (7 dage efter udskrivning)" in shown


@pytest.mark.parametrize(
    ("municipality", "offers"),
    [("norddjurs", ["gop-center", "gop-hjem", "gop-hold"]), ("hjorring", ["gop"]), ("rodovre", ["gop"])],
)
def test_the_course_gets_the_profile_s_section_140_offers_or_the_law_s(
    app: Flask, client: FlaskClient, municipality: str, offers: list[str]
) -> None:
    log_in(client, "therapist")
    radios = ClientRequest(client).get(NEW).select("input[name=offer]")
    assert [radio["value"] for radio in radios] == offers
    # One offer to choose from is chosen already.
    assert radios[0].has_attr("checked") == (len(offers) == 1)


@pytest.mark.parametrize("persona", ["visitator", "therapist"])
def test_visitators_and_therapists_register_plans_and_it_is_in_the_citizen_s_log(
    app: Flask, client: FlaskClient, persona: str
) -> None:
    with good_friday():
        log_in(client, persona)
        response = ClientRequest(client).post(NEW, _data=form(offer="gop-center"))
        client.get(response.headers["Location"])
    bent = people.find_by_cpr(cpr.normalise(BENT_CPR))
    assert (bent.given_name, bent.family_name) == ("Bent", "Prøvesen")
    actions = db.session.scalars(sa.select(AccessLog.action).where(AccessLog.subject_person_id == bent.id)).all()
    assert "staff_plans.new" in actions
    assert (
        "staff_plans.plan"
        in db.session.scalars(sa.select(AccessLog.action).where(AccessLog.subject_person_id == bent.id)).all()
    )


def test_a_known_citizen_is_found_by_cpr_and_keeps_their_name(app: Flask, client: FlaskClient) -> None:
    known = people.find_or_create(cpr.normalise(BENT_CPR), "Bent", "Prøvesen")
    db.session.commit()
    with good_friday():
        log_in(client, "therapist")
        ClientRequest(client).post(NEW, _data=form(offer="gop-center", name="B. Prøvesen"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) >= 1
    plan = db.session.scalar(sa.select(RehabilitationPlan))
    assert plan.person_id == known.id
    assert db.session.get(Person, known.id).given_name == "Bent"


def test_a_later_medical_start_date_counts_from_that_date(app: Flask, client: FlaskClient) -> None:
    medical = {"medical_start_date-day": "20", "medical_start_date-month": "4", "medical_start_date-year": "2026"}
    with good_friday():
        log_in(client, "visitator")
        ClientRequest(client).post(NEW, _data=form(offer="gop-center", **medical))
    plan = db.session.scalar(sa.select(RehabilitationPlan))
    assert (plan.medical_start_date, plan.start_due, plan.start_basis) == (
        date(2026, 4, 20),
        date(2026, 4, 27),
        "medical_start",
    )


def test_bad_input_is_shown_at_its_field_and_every_other_answer_stays(app: Flask, client: FlaskClient) -> None:
    wrong = form(
        offer="gop-hjem",
        cpr_number="320956-1238",
        hospital="",
        sessions="9",
        level="",
        **{
            "received_on-day": "4",
            "received_on-month": "4",
            "received_on-year": "2027",
            "medical_start_date-day": "1",
            "medical_start_date-month": "4",
            "medical_start_date-year": "2026",
        },
    )
    with good_friday():
        log_in(client, "visitator")
        response = ClientRequest(client).post(NEW, _data=wrong, _expected_status=200)
    assert errors(response) == [
        "De første 6 cifre i CPR-nummeret er ikke en rigtig dato. Tjek nummeret",
        "Skriv sygehusets navn",
        "Planen kan ikke være modtaget senere end i dag",
        "Startdatoen kan ikke være før udskrivningsdatoen",
        "Vælg planens niveau",
        "Skriv et tal fra 1 til 8",
    ]
    shown = page(response)
    assert shown.select_one("#hospital-error") is not None
    assert shown.select_one("#ward")["value"] == "Ortopædkirurgisk afdeling"
    assert "Du skal kunne gå på trapper igen." in shown.select_one("#citizen_goals").get_text()
    assert shown.select_one("#cpr_number")["value"] == "320956-1238"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0
