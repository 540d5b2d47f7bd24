"""GP referrals through the Flask client: the form, check and send, the receipt, the GP's list and page, and the
citizen who sees the referral on the overview and adds their own answers."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, format_date

from devtools.idp import LocalIdP
from portal import cpr, municipalities
from portal.auth.broker import Assurance
from portal.auth.user import SessionUser
from portal.calendar import DanishCalendar, deadline
from portal.database import utcnow
from portal.extensions import db
from portal.models import (
    AccessLog,
    Account,
    Application,
    ApplicationSource,
    ApplicationStatus,
    Message,
    Person,
    Role,
    Scope,
)
from portal.referrals import services
from portal.referrals.forms import diagnosis_code_shape
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import authorize, come_back, log_in, start
from tests.paths import path

KAREN_CPR = "150344-1236"  # fails modulus 11, as many CPR numbers issued since 2007 do


def referral_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "cpr_number": KAREN_CPR,
        "patient_name": "Karen Testesen",
        "name_confirmed": "y",
        "patient_agrees": "yes",
        "reason": "Faldet to gange på en måned.\nUsikker gang.",
        "diagnosis": "Artrose i venstre hofte",
        "diagnosis_code": "m16.1",
        "history": "Ny hofte i højre side 2019.",
        "precautions": "Må ikke belaste fuldt på venstre ben.",
    }
    data.update(overrides)
    return data


def token_on(page: BeautifulSoup) -> str:
    field = page.find("input", {"name": "token"})
    assert field is not None, str(page)[:2000]
    return str(field["value"])


def fill_in(browser: ClientRequest, **overrides: object) -> str:
    """Fills in the form and opens "check and send"; gives back the one-time token on that page."""
    response = browser.post("gp.new_referral", _data=referral_form(**overrides))
    assert response.headers["Location"] == path("gp.check_referral")
    return token_on(browser.get("gp.check_referral"))


def refer(browser: ClientRequest, **overrides: object) -> Application:
    token = fill_in(browser, **overrides)
    response = browser.post("gp.check_referral", _data={"token": token})
    sent = db.session.scalar(sa.select(Application).order_by(Application.id.desc()))
    assert response.headers["Location"] == path("gp.referral_sent", application_id=sent.id)
    return sent


@pytest.fixture
def hjorring(app: Flask) -> Flask:
    """Hjørring promises a letter within 3 weekdays of a request and a talk within 20 days of a referral."""
    app.config["PROFILE"] = municipalities.load("hjorring")
    return app


def second_gp(client: FlaskClient, idp: LocalIdP) -> None:
    """Logs in another GP, made at the provider through its HTTP API, with MitID Erhverv claims."""
    claims = {
        "https://data.gov.dk/model/core/eid/fullName": "Anders Andenlæge",
        "https://data.gov.dk/concept/core/nsis/loa": "Substantial",
        "https://data.gov.dk/model/core/eid/professional/cvr": "87654321",
        "https://data.gov.dk/model/core/eid/professional/orgName": "Lægerne Andenvej",
        "https://data.gov.dk/model/core/eid/professional/uuid/persistent": "second-gp",
    }
    requests.put(f"{idp.url}/users/second-gp", json=claims, timeout=10).raise_for_status()
    response = come_back(client, authorize(start(client, "laege"), "second-gp"))
    assert response.status_code == 303
    assert response.headers["Location"] == path("gp.referrals")


# The form


def test_the_gp_lands_on_their_referrals_with_a_way_to_refer(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    landing = log_in(client, "gp")
    assert landing.headers["Location"] == path("gp.referrals")
    page = str(client_request.get("gp.referrals"))
    assert "Dine henvisninger" in page
    assert "Du har ikke henvist nogen endnu" in page
    assert f'href="{path("gp.new_referral")}"' in page


def test_a_cpr_number_with_no_real_date_is_refused_and_the_other_answers_stay(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "gp")
    response = client_request.post(
        "gp.new_referral", _data=referral_form(cpr_number="310244-1236"), _expected_status=200
    )
    page = response.get_data(as_text=True)
    assert "<title>Fejl: Henvis en patient til træning" in page
    assert "Der er et problem" in page
    assert 'href="#cpr_number"' in page
    assert "De første 6 cifre i CPR-nummeret er ikke en rigtig dato" in page
    assert 'value="310244-1236"' in page
    assert 'value="Karen Testesen"' in page
    assert "Artrose i venstre hofte" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        ({"cpr_number": "15034-1236"}, "cpr_number", "Skriv CPR-nummeret med 10 cifre"),
        ({"cpr_number": ""}, "cpr_number", "Skriv patientens CPR-nummer"),
        ({"patient_name": " "}, "patient_name", "Skriv patientens fulde navn"),
        ({"name_confirmed": ""}, "name_confirmed", "Bekræft, at navn og CPR-nummer passer sammen"),
        ({"patient_agrees": ""}, "patient_agrees-0", "Vælg, om patienten siger ja"),
        ({"patient_agrees": "no"}, "patient_agrees-0", "Patienten skal sige ja, før du kan henvise"),
        ({"reason": ""}, "reason", "Skriv årsagen til henvisningen"),
        ({"diagnosis": ""}, "diagnosis", "Skriv diagnosen"),
        ({"diagnosis_code": "hofte"}, "diagnosis_code", "Skriv koden som ICPC-2"),
    ],
)
def test_each_mistake_is_shown_next_to_its_field(
    client: FlaskClient, client_request: ClientRequest, overrides: dict[str, object], anchor: str, message: str
) -> None:
    log_in(client, "gp")
    refused = client_request.post("gp.new_referral", _data=referral_form(**overrides), _expected_status=200)
    page = refused.get_data(as_text=True)
    assert f'href="#{anchor}"' in page
    assert message in page
    assert page.count(message) == 2  # in the summary and next to the field


def test_the_code_hint_explains_the_accepted_shapes(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "gp")
    page = str(client_request.get("gp.new_referral"))
    assert "L90" in page and "M16.1" in page and "DM161" in page


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("L90", "L90"), ("l90", "L90"), ("M16.1", "M16.1"), ("m16.1", "M16.1"), ("DM161", "DM161"), ("S72.00", "S72.00")],
)
def test_diagnosis_codes_of_the_right_shape_are_kept_in_capitals(typed: str, kept: str) -> None:
    assert diagnosis_code_shape(typed) == kept


@pytest.mark.parametrize("typed", ["L9", "90L", "hofte", "M16.", "M1611111", "L 9 0 0 0 0 0 0"])
def test_diagnosis_codes_of_another_shape_are_refused(typed: str) -> None:
    assert diagnosis_code_shape(typed) is None


def test_going_back_from_check_and_send_keeps_what_was_filled_in(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "gp")
    fill_in(client_request)
    page = str(client_request.get("gp.new_referral"))
    assert f'value="{KAREN_CPR}"' in page
    assert "Må ikke belaste fuldt på venstre ben." in page
    assert 'value="M16.1"' in page


def test_check_and_send_without_a_filled_in_form_goes_to_the_form(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "gp")
    response = client_request.get_response("gp.check_referral", _expected_status=303)
    assert response.headers["Location"] == path("gp.new_referral")


# Sending


def test_a_referral_is_sent_with_a_case_number_and_the_dates_the_municipality_promised(
    hjorring: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "gp")
    token = fill_in(client_request)
    check = str(client_request.get("gp.check_referral"))
    assert "Tjek henvisningen, før du sender den" in check
    assert KAREN_CPR in check and "Artrose i venstre hofte" in check
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0

    response = client_request.post("gp.check_referral", _data={"token": token})
    sent = db.session.scalar(sa.select(Application))
    karen = db.session.get(Person, sent.person_id)
    assert (karen.given_name, karen.family_name) == ("Karen", "Testesen")
    assert cpr.decrypt(karen.cpr_encrypted) == "1503441236"
    assert sent.source == ApplicationSource.GP
    assert sent.status == ApplicationStatus.SUBMITTED
    assert sent.answers == {}
    assert sent.case_number == f"TR-{sent.submitted_at.year}-{sent.id:05d}"
    assert sent.created_by_account_id == factories.gp_account().id
    assert sent.referral["reason"] == "Faldet to gange på en måned.\nUsikker gang."
    assert sent.referral["diagnosis_code"] == "M16.1"
    assert sent.referral["precautions"] == "Må ikke belaste fuldt på venstre ben."
    assert sent.referral["patient_agrees"] is True and sent.referral["name_confirmed"] is True
    assert (sent.referral["doctor"], sent.referral["clinic"]) == ("Lise Lægesen", "Lægehuset Prøvevej")

    # Hjørring's goals that count from a request or a referral, dated from the moment it arrived.
    profile = hjorring.config["PROFILE"]
    calendar = DanishCalendar.for_profile(profile)
    goals = {goal.id: goal for goal in profile.service_goals}
    expected = {goal_id: deadline(goals[goal_id], sent.submitted_at, calendar).due for goal_id in ("brev", "samtale")}
    assert {key: value.due.isoformat() for key, value in sent.deadlines.items()} == {
        key: due.isoformat() for key, due in expected.items()
    }
    assert sent.next_due_on == min(expected.values())

    # The receipt.
    assert response.headers["Location"] == path("gp.referral_sent", application_id=sent.id)
    receipt = str(client_request.get("gp.referral_sent", application_id=sent.id))
    assert "Henvisningen er sendt" in receipt
    assert sent.case_number in receipt
    with force_locale("da"):
        dates = {key: format_date(due, "long") for key, due in expected.items()}
    assert all(text in receipt for text in dates.values())

    # Karen's message, in Danish, with the case number and the dates.
    message = db.session.scalar(sa.select(Message).where(Message.person_id == karen.id))
    assert message.kind == "referral.received" and message.language == "da"
    assert message.subject == "Din læge har henvist dig til træning"
    assert "Lise Lægesen, Lægehuset Prøvevej har henvist dig til træning hos Hjørring Kommune" in message.body
    assert sent.case_number in message.body
    assert all(f"Senest {text}." in message.body for text in dates.values())
    assert len(message.deliveries) == 1

    # Karen's access log says the doctor referred her.
    entry = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "referral.sent"))
    assert (entry.subject_person_id, entry.acting_as, entry.actor_role) == (karen.id, "gp", "gp")
    assert (entry.actor_name, entry.actor_organisation) == ("Lise Lægesen", "Lægehuset Prøvevej")


def test_a_referral_finds_a_person_the_portal_knows_and_keeps_their_name(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "gp")
    sent = refer(client_request, patient_name="Karen Marie Testesen")
    assert sent.person_id == karen.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 1
    assert db.session.get(Person, karen.id).full_name == "Karen Testesen"
    assert sent.referral["patient_name"] == "Karen Marie Testesen"


def test_the_gp_learns_no_name_the_portal_holds_for_a_cpr_number(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    factories.person_for("citizen")
    db.session.commit()
    log_in(client, "gp")
    sent = refer(client_request, patient_name="Hans Hansen")
    pages = [
        str(client_request.get("gp.referrals")),
        str(client_request.get("gp.referral", application_id=sent.id)),
        str(client_request.get("gp.referral_sent", application_id=sent.id)),
    ]
    assert all("Hans Hansen" in page and "Karen" not in page for page in pages)


def test_a_profile_without_dates_says_so_on_the_receipt_and_in_the_letter(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    # Norddjurs, the default profile here, has no service goals yet.
    log_in(client, "gp")
    sent = refer(client_request)
    assert sent.deadlines == {} and sent.next_due_on is None
    receipt = str(client_request.get("gp.referral_sent", application_id=sent.id))
    assert "har ikke lovet nogen datoer" in receipt
    message = db.session.scalar(sa.select(Message))
    assert "Kommunen kontakter dig om, hvad der skal ske" in message.body


def test_the_letter_is_in_danish_also_when_the_gp_uses_english(
    hjorring: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    client.set_cookie("portal_lang", "en", domain="portal.test")
    log_in(client, "gp")
    sent = refer(client_request)
    message = db.session.scalar(sa.select(Message))
    assert message.subject == "Din læge har henvist dig til træning"
    receipt = str(client_request.get("gp.referral_sent", application_id=sent.id))
    assert "The referral is sent" in receipt


def test_a_double_submit_sends_once(hjorring: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "gp")
    token = fill_in(client_request)
    first = client_request.post("gp.check_referral", _data={"token": token})
    second = client_request.post("gp.check_referral", _data={"token": token})
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1
    sent_rows = db.session.scalars(sa.select(AccessLog).where(AccessLog.action == "referral.sent")).all()
    assert len(sent_rows) == 1


def test_two_sends_of_the_same_form_at_once_make_one_referral(hjorring: Flask, client: FlaskClient) -> None:
    # Both requests read the form before either had sent it: the send itself finds the first one's referral.
    log_in(client, "gp")
    user = session_user_of(factories.gp_account())
    draft = services.draft_from("same-token", "1503441236", "Karen Testesen", {"reason": "x", "diagnosis": "y"})
    first = services.send(user, draft, hjorring.config["PROFILE"])
    second = services.send(user, draft, hjorring.config["PROFILE"])
    assert first.id == second.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


def test_two_clicks_at_the_same_moment_make_one_referral(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "gp")
    token = fill_in(client_request)
    # A second browser tab with the same login: both send the same form at once.
    twin = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"], domain="portal.test")
    assert cookie is not None
    twin.set_cookie(cookie.key, cookie.value, domain="portal.test")
    start_together = threading.Barrier(2)
    answers: list[str] = []

    def click(browser: ClientRequest) -> None:
        start_together.wait()
        with app.app_context():  # url_for in a thread of its own
            answers.append(browser.post("gp.check_referral", _data={"token": token}).headers["Location"])

    browsers = (client_request, ClientRequest(twin))
    threads = [threading.Thread(target=click, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(answers) == 2 and answers[0] == answers[1]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


def test_a_new_form_after_sending_is_a_new_referral(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "gp")
    refer(client_request)
    refer(client_request, cpr_number="020956-1238", patient_name="Bent Prøvesen")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 2


def test_a_stale_token_without_a_referral_sends_nothing(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "gp")
    fill_in(client_request)
    response = client_request.post("gp.check_referral", _data={"token": "made-up"})
    assert response.headers["Location"] == path("gp.check_referral")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


def test_sending_needs_the_csrf_token(csrf_app: Flask) -> None:
    browser = ClientRequest(csrf_app.test_client())
    log_in(browser.client, "gp")
    browser.post("gp.new_referral", _data=referral_form(), _expected_status=400)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


# The GP's list and page


def test_the_gp_list_shows_their_referrals_newest_first_within_the_query_budget(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: Callable[[], list[str]]
) -> None:
    log_in(client, "gp")
    gp = factories.gp_account()
    karen, bent = factories.person_for("citizen"), factories.person_for("citizen_140")
    for number in range(45):
        factories.referral(karen if number % 2 else bent, gp, submitted_at=utcnow() - timedelta(hours=45 - number))
    db.session.commit()
    before = len(count_queries())
    response = client_request.get_response("gp.referrals")
    assert len(count_queries()) - before <= 6
    page = response.get_data(as_text=True)
    assert len(response.data) < 30_000
    rows = BeautifulSoup(page, "html.parser").select("tbody tr")
    assert len(rows) == services.PAGE_SIZE
    assert "Bent Prøvesen" in rows[0].text  # the 45th, the newest
    assert "150344-XXXX" in page and "1503441236" not in page and "150344-1236" not in page
    assert "Sendt til kommunen" in page
    assert f'href="{path("gp.referrals", side=2)}"' in page
    older = client_request.get("gp.referrals", side=3)
    assert len(older.select("tbody tr")) == 5


def test_the_referral_page_shows_status_deadlines_and_what_was_sent_and_is_logged(
    hjorring: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: Callable[[], list[str]]
) -> None:
    log_in(client, "gp")
    sent = refer(client_request)
    before = len(count_queries())
    page = str(client_request.get("gp.referral", application_id=sent.id))
    assert len(count_queries()) - before <= 6
    assert "Henvisning af Karen Testesen" in page
    assert sent.case_number in page and "150344-XXXX" in page and "150344-1236" not in page
    assert "Sendt til kommunen" in page and "Ikke forfaldet endnu" in page
    assert "Brev fra kommunen" in page and "Samtale om at planlægge træningen" in page
    assert "Artrose i venstre hofte" in page and "Må ikke belaste fuldt på venstre ben." in page
    entry = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "gp.referral"))
    assert (entry.subject_person_id, entry.acting_as, entry.detail) == (sent.person_id, "gp", sent.case_number)


def test_the_gp_does_not_see_the_patients_own_answers_or_other_cases(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen_client = app.test_client()
    log_in(karen_client, "citizen")
    log_in(client, "gp")
    sent = refer(client_request)
    db.session.get(Application, sent.id).answers = {"daily_life": "Trapperne hjemme er svære"}
    karens_own = factories.application(
        factories.person_for("citizen"), factories.account_of("citizen"), case_number="TR-2026-99999"
    )
    db.session.commit()
    page = str(client_request.get("gp.referral", application_id=sent.id))
    assert "Trapperne hjemme er svære" not in page
    assert "TR-2026-99999" not in str(client_request.get("gp.referrals"))
    client_request.get("gp.referral", _expected_status=404, application_id=karens_own.id)


def test_another_gp_gets_404_on_a_referral_they_did_not_send(
    app: Flask, client: FlaskClient, client_request: ClientRequest, idp: LocalIdP
) -> None:
    log_in(client, "gp")
    sent = refer(client_request)
    other = ClientRequest(app.test_client())
    second_gp(other.client, idp)
    other.get("gp.referral", _expected_status=404, application_id=sent.id)
    other.get("gp.referral_sent", _expected_status=404, application_id=sent.id)
    listing = str(other.get("gp.referrals"))
    assert "Karen Testesen" not in listing and "Du har ikke henvist nogen endnu" in listing
    # Nor can the other GP send the first one's form again.
    sent_again = other.post("gp.check_referral", _data={"token": sent.referral["form_token"]})
    assert sent_again.headers["Location"] == path("gp.new_referral")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 1
    assert db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "gp.referral")) is None


@pytest.mark.parametrize("caller", ["citizen", "relative", "visitator", "therapist"])
@pytest.mark.parametrize(
    ("method", "endpoint", "values"),
    [
        ("GET", "gp.referrals", {}),
        ("GET", "gp.new_referral", {}),
        ("POST", "gp.new_referral", {}),
        ("GET", "gp.check_referral", {}),
        ("POST", "gp.check_referral", {}),
        ("GET", "gp.referral", {"application_id": 1}),
        ("GET", "gp.referral_sent", {"application_id": 1}),
    ],
)
def test_only_gps_reach_the_gp_pages(
    client: FlaskClient,
    client_request: ClientRequest,
    caller: str,
    method: str,
    endpoint: str,
    values: dict[str, int],
) -> None:
    log_in(client, caller)
    if method == "GET":
        client_request.get(endpoint, _expected_status=403, **values)
    else:
        client_request.post(endpoint, _data=referral_form(), _expected_status=403, **values)


# The citizen's side


def test_the_citizen_sees_the_referral_on_the_overview_and_adds_answers(
    hjorring: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    gp = ClientRequest(hjorring.test_client())
    log_in(gp.client, "gp")
    sent = refer(gp)
    log_in(client, "citizen")
    overview = str(client_request.get("overview.index"))
    assert "Mit overblik" in overview and "Beskeder" in overview  # what was there before stays
    assert "Din læge har henvist dig" in overview
    assert "Lise Lægesen, Lægehuset Prøvevej henviste dig til træning" in overview
    assert sent.case_number in overview
    link = path("referrals.my_answers", application_id=sent.id)
    assert f'href="{link}"' in overview

    form = str(client_request.get("referrals.my_answers", application_id=sent.id))
    assert "Dine svar til henvisningen" in form
    mistakes = client_request.post(
        "referrals.my_answers",
        _data={"daily_life": "Trapper", "phone": "1234"},
        _expected_status=200,
        application_id=sent.id,
    ).get_data(as_text=True)
    assert "<title>Fejl: " in mistakes
    assert "Skriv, hvad du gerne vil kunne igen" in mistakes
    assert "Vælg, om du selv kan komme til et træningscenter" in mistakes
    assert "Skriv telefonnummeret med 8 cifre" in mistakes
    assert "Trapper" in mistakes

    answers = {
        "daily_life": "Trapperne hjemme",
        "goal": "Gå til Brugsen igen",
        "transport": "no",
        "phone": "12 34 56 78",
        "call_times": "Formiddag",
    }
    response = client_request.post("referrals.my_answers", _data=answers, application_id=sent.id)
    assert response.headers["Location"] == path("overview.index")
    db.session.expire_all()
    saved = db.session.get(Application, sent.id).answers
    assert {key: saved[key] for key in answers} == {**answers, "phone": "12345678"}
    overview = str(client_request.get("overview.index"))
    assert "Tak. Dine svar er gemt" in overview
    assert "Ret dine svar til henvisning" in overview
    assert 'value="12345678"' in str(client_request.get("referrals.my_answers", application_id=sent.id))


def test_the_overview_stays_within_the_query_budget_with_many_referrals(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: Callable[[], list[str]]
) -> None:
    karen = factories.person_for("citizen")
    gp = factories.gp_account()
    referrals = [factories.referral(karen, gp) for _ in range(30)]
    factories.referral(karen, gp, status=ApplicationStatus.GRANTED, case_number="TR-2026-77777")
    db.session.commit()
    log_in(client, "citizen")
    client_request.get("overview.index")
    before = len(count_queries())
    page = str(client_request.get("overview.index"))
    assert len(count_queries()) - before <= 6
    # The home points to the newest referral waiting for answers; "Mine sager" lists them all.
    assert set(re.findall(r"/henvisning/(\d+)/mine-svar", page)) == {str(referrals[-1].id)}
    assert "Se alle 30 åbne sager" in page
    assert "TR-2026-77777" not in page  # decided: no longer open


def test_a_relative_who_may_see_sees_the_referral_but_cannot_answer(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    made = factories.delegation(karen, mette, scopes=Scope.SEE)
    sent = factories.referral(karen, factories.gp_account())
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    overview = str(client_request.get("overview.index"))
    assert "Lægen har henvist Karen Testesen" in overview
    assert "Lise Lægesen, Lægehuset Prøvevej henviste Karen Testesen til træning" in overview
    assert sent.case_number in overview
    assert "/mine-svar" not in overview
    client_request.get("referrals.my_answers", _expected_status=403, application_id=sent.id)


def test_a_relative_without_the_see_scope_does_not_see_the_referral(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    made = factories.delegation(karen, mette, scopes=Scope.MANAGE_SESSIONS)
    sent = factories.referral(karen, factories.gp_account())
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    overview = str(client_request.get("overview.index"))
    assert sent.case_number not in overview


def test_a_relative_with_the_apply_scope_answers_and_it_is_logged(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    made = factories.delegation(karen, mette, scopes=f"{Scope.SEE} {Scope.APPLY}")
    sent = factories.referral(karen, factories.gp_account())
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    link = path("referrals.my_answers", application_id=sent.id)
    assert link in str(client_request.get("overview.index"))
    answers = {"daily_life": "Mor falder", "goal": "Gå en tur", "transport": "unsure"}
    client_request.post("referrals.my_answers", _data=answers, application_id=sent.id)
    db.session.expire_all()
    assert db.session.get(Application, sent.id).answers["answered_by"] == "Mette Testesen"
    entry = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "referrals.my_answers"))
    assert (entry.subject_person_id, entry.acting_as, entry.delegation_id) == (karen.id, "relative", made.id)


def test_a_citizen_cannot_answer_someone_elses_or_a_decided_referral(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, bent = factories.person_for("citizen"), factories.person_for("citizen_140")
    gp = factories.gp_account()
    bents = factories.referral(bent, gp)
    decided = factories.referral(karen, gp, status=ApplicationStatus.REJECTED)
    db.session.commit()
    log_in(client, "citizen")
    client_request.get("referrals.my_answers", _expected_status=404, application_id=bents.id)
    client_request.post("referrals.my_answers", _data={"goal": "x"}, _expected_status=404, application_id=bents.id)
    client_request.get("referrals.my_answers", _expected_status=404, application_id=decided.id)
    db.session.expire_all()
    assert db.session.get(Application, bents.id).answers == {}


def test_the_citizen_reads_in_the_log_that_the_doctor_referred_and_looked(
    hjorring: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    gp = ClientRequest(hjorring.test_client())
    log_in(gp.client, "gp")
    sent = refer(gp)
    gp.get("gp.referral", application_id=sent.id)
    log_in(client, "citizen")
    log = str(client_request.get("access_log.mine"))
    assert "Henviste dig til træning" in log and "Så henvisningen" in log and "Læge" in log


def session_user_of(account: Account) -> SessionUser:
    return SessionUser(
        account_id=account.id,
        display_name=account.display_name,
        roles=frozenset({Role.GP}),
        kind="gp",
        assurance=Assurance.SUBSTANTIAL,
        organisation_name=account.organisation_name,
    )
