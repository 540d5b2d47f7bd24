"""The case page: every answer, the GP's referral, the promised dates and how they went, the person's other cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import AccessLog, Application, ApplicationQuestion, ApplicationSource, ApplicationStatus
from tests.cases import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in

SENT = datetime(2026, 3, 2, 10, tzinfo=UTC)


def case_page(client_request: ClientRequest, application: Application) -> BeautifulSoup:
    return client_request.get("cases.case", case_id=application.id)


def test_the_case_page_shows_every_answer_with_its_question(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = factories.application(
        factories.person("Karen"), SENT, answers={**factories.ANSWERS, "favourite_colour": "grøn", "aids": ["rollator"]}
    )
    db.session.commit()
    log_in(client, "visitator")
    text = case_page(client_request, case).get_text(" ", strip=True)
    assert f"Sag {case.case_number}" in text
    # Each answer stands under the question as the citizen was asked it.
    assert "Hvad er der sket? Jeg faldt i sommer og brækkede hoften." in text
    assert "Hvad vil du gerne kunne igen? At gå tur med hunden igen." in text
    assert "Må vi kontakte din læge om din træning? Ja" in text
    # An answer to a question the portal no longer has words for is still shown, but never under its raw key.
    assert "Andre oplysninger grøn" in text
    assert "Andre oplysninger rollator" in text
    assert "favourite_colour" not in text and "aids" not in text


def test_a_referral_shows_the_gps_clinical_information(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = factories.application(factories.person(), SENT, ApplicationSource.GP)
    # As the GP's referral form stores it (portal/referrals/services.py).
    bookkeeping = {"patient_name": "Karen T.", "name_confirmed": True, "doctor": "Lise Lægesen", "form_token": "t0k3n"}
    case.referral = {**case.referral, **bookkeeping}
    db.session.commit()
    log_in(client, "visitator")
    text = case_page(client_request, case).get_text(" ", strip=True)
    assert "Lægens henvisning" in text
    assert "Årsag til henvisningen Nedsat gangfunktion efter fald" in text
    assert "Diagnosekode (ICPC eller ICD) L75" in text
    assert "Forholdsregler Blodfortyndende medicin" in text
    assert "Henvisning fra læge" in text
    # The portal's own bookkeeping in the referral is no fact: no key and no token on the page.
    for key in ("patient_name", "name_confirmed", "doctor", "form_token", "t0k3n"):
        assert key not in text
    assert "Henvisende læge Lise Lægesen" in text


def test_the_case_page_shows_each_promised_date_and_whether_it_was_kept(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    # Næstved: a decision within 10 weekdays of Monday 2 March 2026, so by Monday 16 March.
    case = factories.application(factories.person(), SENT)
    db.session.commit()
    log_in(client, "visitator")
    row = case_page(client_request, case).select_one("table tbody tr")
    assert [cell.get_text(" ", strip=True) for cell in row.find_all("td")] == [
        "Afgørelse",
        "mandag den 16. marts 2026",
        "Overskredet",  # the tests run after that day
    ]


def test_the_case_page_lists_the_persons_other_cases_in_one_query(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: Callable[[], list[str]]
) -> None:
    person = factories.person("Karen")
    case = factories.application(person, SENT)
    older = [factories.application(person, datetime(2025, 1, day, tzinfo=UTC)) for day in range(1, 21)]
    older[0].status = ApplicationStatus.GRANTED
    older[0].granted_offer, older[0].granted_sessions = "genoptraening", 12
    draft = Application(person_id=person.id, source="citizen", created_by_account_id=case.created_by_account_id)
    db.session.add(draft)
    for number in range(10):
        db.session.add(
            ApplicationQuestion(
                application_id=case.id, asked_by_account_id=case.created_by_account_id, question=f"Spørgsmål {number}"
            )
        )
    factories.application(factories.person("Anden"), SENT)
    db.session.commit()
    log_in(client, "visitator")
    case_id = case.id
    before = len(count_queries())
    page = client_request.get("cases.case", case_id=case_id)
    assert len(count_queries()) - before <= 6, count_queries()[before:]
    other_table = page.find("h2", string=lambda text: text and text.startswith("Andre sager for")).find_next("table")
    listed = other_table.select("tbody tr")
    assert len(listed) == 20
    assert "Genoptræning, 12 træningsgange" in other_table.get_text(" ", strip=True)
    assert page.get_text().count("Spørgsmål 9") == 1


def test_looking_at_a_case_is_written_in_the_citizens_access_log(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = factories.application(factories.person(), SENT)
    db.session.commit()
    log_in(client, "visitator")
    case_page(client_request, case)
    logged = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "cases.case"))
    assert (logged.subject_person_id, logged.acting_as, logged.actor_name) == (
        case.person_id,
        "staff",
        "Vibeke Visitator",
    )
    assert logged.detail == case.case_number


def test_a_draft_is_not_a_case_yet(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    person = factories.person()
    draft = Application(person_id=person.id, source="citizen", created_by_account_id=factories.account().id)
    db.session.add(draft)
    db.session.commit()
    log_in(client, "visitator")
    client_request.get_response("cases.case", _expected_status=404, case_id=draft.id)
    client_request.get_response("cases.grant", _expected_status=404, case_id=draft.id)


def test_a_therapist_cannot_open_a_case(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    case = factories.application(factories.person(), SENT)
    db.session.commit()
    log_in(client, "therapist")
    client_request.get_response("cases.case", _expected_status=403, case_id=case.id)
    client_request.post("cases.acknowledge", _expected_status=403, case_id=case.id)


def test_chosen_answers_read_as_the_citizen_saw_them(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = factories.application(
        factories.person("Karen"), SENT, answers={"plan": "no", "other_help": ["home_care", "aids"], "transport": "no"}
    )
    db.session.commit()
    log_in(client, "visitator")
    text = case_page(client_request, case).get_text(" ", strip=True)
    assert "Har du fået en genoptræningsplan fra sygehuset? Nej" in text
    assert "Hvilken hjælp får du i dag? Hjemmepleje, Hjælpemidler, for eksempel en rollator" in text
    assert "Kan du selv komme til et træningscenter? Nej, jeg skal have hjælp til at komme derhen" in text
