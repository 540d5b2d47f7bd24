"""The visitator's steps: each changes the case, keeps the promises it meets, dates the next ones and sends a letter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask, url_for
from flask.testing import FlaskClient

from portal.clock import COPENHAGEN, today
from portal.extensions import db
from portal.fields import as_typed
from portal.models import (
    Account,
    Application,
    ApplicationQuestion,
    ApplicationSource,
    ApplicationStatus,
    Course,
    Message,
)
from tests import factories as people
from tests.cases import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in

SENT = datetime(2026, 3, 2, 10, tzinfo=UTC)  # Monday 2 March 2026, 11.00 in Copenhagen


def karens_case(source: ApplicationSource = ApplicationSource.CITIZEN, at: datetime = SENT) -> Application:
    """A case for Karen Testesen, so the citizen persona sees its letters when she logs in."""
    case = factories.application(people.person_for("citizen"), at, source)
    db.session.commit()
    return case


def letters_to(application: Application) -> list[Message]:
    return list(
        db.session.scalars(sa.select(Message).where(Message.person_id == application.person_id).order_by(Message.id))
    )


def reload(application: Application) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application.id)


def errors(response) -> list[str]:
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [link.get_text(strip=True) for link in page.select("[data-module=error-summary] a")]


def the_visitator() -> Account:
    return db.session.scalar(sa.select(Account).where(Account.display_name == "Vibeke Visitator"))


def date_fields(day: date, name: str = "day") -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


# Acknowledge -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("municipality", ["hjorring"])
def test_acknowledging_keeps_the_letter_promise_and_sends_the_letter(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    # Hjørring: a letter within 3 weekdays of any request, a talk within 20 days of a referral.
    case = karens_case(ApplicationSource.GP)
    log_in(client, "visitator")
    client_request.post("cases.acknowledge", case_id=case.id)
    case = reload(case)
    assert case.status == ApplicationStatus.ACKNOWLEDGED
    assert case.acknowledged_at is not None
    assert case.deadlines["brev"].met_at is not None
    assert case.deadlines["samtale"].met_at is None
    assert case.next_due_on == date(2026, 3, 22)
    (letter,) = letters_to(case)
    assert (letter.kind, letter.language) == ("application.acknowledged", "da")
    assert letter.subject == f"Vi har fået din sag {case.case_number}"
    assert f"Dit sagsnummer er {case.case_number}." in letter.body
    assert "Vi har fået henvisningen til træning fra din læge" in letter.body
    assert "Vi holder en visitationssamtale med dig senest søndag den 22. marts 2026." in letter.body
    # The promise just kept is not repeated.
    assert "Du får et brev fra os" not in letter.body
    # It goes through the outbox, to Digital Post.
    assert [delivery.channel for delivery in letter.deliveries] == ["digital_post"]

    citizen = ClientRequest(app.test_client())
    log_in(citizen.client, "citizen")
    assert letter.subject in str(citizen.get("messages.index"))
    assert "Vi holder en visitationssamtale" in str(citizen.get("messages.show", message_id=letter.id))


def test_acknowledging_twice_sends_one_letter(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    case = karens_case()
    log_in(client, "visitator")
    client_request.post("cases.acknowledge", case_id=case.id)
    client_request.post("cases.acknowledge", case_id=case.id)
    assert len(letters_to(case)) == 1


def test_acknowledging_needs_a_csrf_token(csrf_app: Flask) -> None:
    case = karens_case()
    visitator = ClientRequest(csrf_app.test_client())
    log_in(visitator.client, "visitator")
    visitator.post("cases.acknowledge", _expected_status=400, case_id=case.id)
    assert reload(case).status == ApplicationStatus.SUBMITTED


# Assessment talk ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("municipality", ["hjorring"])
def test_booking_the_talk_meets_the_talk_promise_dates_the_start_and_sends_time_and_place(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case(ApplicationSource.GP)
    talk_day = today() + timedelta(days=7)
    log_in(client, "visitator")
    client_request.post(
        "cases.book_talk",
        _data={**date_fields(talk_day), "at": "10.30", "place": "Træningscenter Hjørring, Idrætsvej 1"},
        case_id=case.id,
    )
    case = reload(case)
    talk_at = datetime(talk_day.year, talk_day.month, talk_day.day, 10, 30, tzinfo=COPENHAGEN)
    assert case.status == ApplicationStatus.IN_ASSESSMENT
    assert case.assessment_talk_at == talk_at
    assert case.assessment_place == "Træningscenter Hjørring, Idrætsvej 1"
    assert case.deadlines["samtale"].met_at == talk_at
    # The booking letter is a letter too, so the letter promise is kept even without an acknowledgement first.
    assert case.deadlines["brev"].met_at is not None
    # Hjørring: the training starts within 4 weeks of the talk.
    assert case.deadlines["opstart"].due == talk_day + timedelta(weeks=4)
    (letter,) = letters_to(case)
    assert letter.kind == "application.assessment_talk"
    assert "kl. 10.30" in letter.body
    assert "Sted: Træningscenter Hjørring, Idrætsvej 1" in letter.body
    assert "Din træning begynder senest" in letter.body
    # The talk is booked, not held yet, and later than the 20 days after the referral in March 2026 promised.
    page = client_request.get("cases.case", case_id=case.id)
    talk_row = page.find("td", string="Visitationssamtale").find_parent("tr")
    assert talk_row.find_all("td")[2].get_text(" ", strip=True).startswith("Planlagt, efter den lovede dato (")


@pytest.mark.parametrize("municipality", ["hjorring"])
def test_moving_the_talk_dates_the_start_from_the_new_time(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case(ApplicationSource.GP)
    first, second = today() + timedelta(days=3), today() + timedelta(days=10)
    log_in(client, "visitator")
    client_request.post(
        "cases.book_talk", _data={**date_fields(first), "at": "9.00", "place": "Hjemme"}, case_id=case.id
    )
    client_request.post(
        "cases.book_talk", _data={**date_fields(second), "at": "13:15", "place": "Hjemme"}, case_id=case.id
    )
    case = reload(case)
    assert case.assessment_talk_at.astimezone(COPENHAGEN).date() == second
    assert case.deadlines["opstart"].due == second + timedelta(weeks=4)
    assert case.deadlines["samtale"].met_at.astimezone(COPENHAGEN).date() == second
    assert "Vi har flyttet din visitationssamtale" in letters_to(case)[-1].body


def test_a_talk_without_date_time_and_place_is_refused_with_the_answers_kept(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    response = client_request.post(
        "cases.book_talk", _data={"at": "25.00", "place": ""}, _expected_status=200, case_id=case.id
    )
    assert errors(response) == [
        f"Skriv datoen for samtalen, for eksempel {as_typed(today() + timedelta(days=14))}",
        "Skriv tidspunktet som timer og minutter, for eksempel 10.30",
        "Skriv, hvor samtalen skal holdes",
    ]
    assert 'value="25.00"' in response.get_data(as_text=True)
    past = today() - timedelta(days=1)
    response = client_request.post(
        "cases.book_talk", _data={**date_fields(past), "at": "10", "place": "x"}, _expected_status=200, case_id=case.id
    )
    assert errors(response)[0] == "Datoen for samtalen kan ikke ligge før i dag"
    response = client_request.post(
        "cases.book_talk",
        _data={"day-day": "31", "day-month": "2", "day-year": "2030"},
        _expected_status=200,
        case_id=case.id,
    )
    assert errors(response)[0] == f"Skriv en rigtig dato, for eksempel {as_typed(today() + timedelta(days=14))}."
    assert reload(case).status == ApplicationStatus.SUBMITTED
    assert letters_to(case) == []


# Asking for more information ---------------------------------------------------------------------------------------


def test_asking_sends_the_question_with_where_to_answer(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    client_request.post("cases.ask", _data={"question": "Bruger du rollator?"}, case_id=case.id)
    (letter,) = letters_to(case)
    assert letter.kind == "application.question"
    assert "Vores spørgsmål: Bruger du rollator?" in letter.body
    asked = db.session.scalar(sa.select(ApplicationQuestion))
    answer_at = url_for("case_questions.answer", case_id=case.id, question_id=asked.id, _external=True)
    assert answer_at.startswith("http://portal.test/") and answer_at in letter.body
    assert reload(case).status == ApplicationStatus.SUBMITTED


def test_an_empty_question_is_refused(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    case = karens_case()
    log_in(client, "visitator")
    response = client_request.post("cases.ask", _data={"question": "  "}, _expected_status=200, case_id=case.id)
    assert errors(response) == ["Skriv dit spørgsmål til borgeren"]


# Granting ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("municipality", ["norddjurs"])
def test_granting_more_sessions_than_the_offer_allows_is_refused_next_to_the_field(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    response = client_request.post(
        "cases.grant",
        _data={"offer": "tg1", "sessions": "16", "goals": "Gå på trapper", "in_full": "yes"},
        _expected_status=200,
        case_id=case.id,
    )
    assert errors(response) == ["Skriv et tal fra 1 til 15"]
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one("#sessions-error").get_text(" ", strip=True) == "Fejl: Skriv et tal fra 1 til 15"
    assert page.select_one("#sessions")["aria-invalid"] == "true"
    assert page.select_one("#offer-1")["value"] == "tg1" and page.select_one("#offer-1").has_attr("checked")
    assert "Gå på trapper" in page.select_one("#goals").get_text()
    for wrong in ("0", "ti", ""):
        response = client_request.post(
            "cases.grant", _data={"offer": "tv1", "sessions": wrong}, _expected_status=200, case_id=case.id
        )
        assert errors(response) == [
            "Skriv et tal fra 1 til 6",
            "Skriv målene for træningen",
            "Vælg, om borgeren får det, der er søgt om",
        ]
    assert reload(case).status == ApplicationStatus.SUBMITTED
    assert db.session.scalar(sa.select(Course)) is None


@pytest.mark.parametrize("municipality", ["norddjurs"])
def test_granting_makes_the_course_and_sends_the_decision(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    client_request.post(
        "cases.grant",
        _data={
            "offer": "tg1",
            "sessions": "15",
            "goals": "Gå på trapper igen.\r\nGå tur med hunden.",
            "in_full": "yes",
        },
        case_id=case.id,
    )
    case = reload(case)
    assert case.status == ApplicationStatus.GRANTED
    assert case.decided_at is not None
    assert case.decided_by_account_id == the_visitator().id
    assert (case.granted_offer, case.granted_sessions) == ("tg1", 15)
    course = db.session.scalar(sa.select(Course))
    assert (course.person_id, course.application_id, course.offer_id) == (case.person_id, case.id, "tg1")
    assert (course.legal_basis, course.sessions_allowed, course.status) == ("serviceloven-86-1", 15, "active")
    # The browser's CR LF is kept as one line feed, as every form keeps a line break.
    assert course.goals == case.decision_goals == "Gå på trapper igen.\nGå tur med hunden."
    (letter,) = letters_to(case)
    assert letter.kind == "application.granted"
    assert letter.subject == f"Afgørelse i din sag {case.case_number}: Du får træning"
    assert "Du får tilbuddet Genoptræning 1 (TG1)." in letter.body
    assert "Du får 15 træningsgange." in letter.body
    assert "Målene for din træning: Gå på trapper igen." in letter.body
    assert "Afgørelsen bygger på serviceloven § 86, stk. 1." in letter.body
    # Norddjurs' catalogue has no complaint text: the law's route and 4 weeks, with the date.
    assert "Send din klage til Sundhed og Træning, Træningscenter Auning, Elme Allé 6, 8963 Auning." in letter.body
    assert "Vi skal have din klage senest " in letter.body
    assert letter.body.count("Sådan klager du") == 1
    assert "Er du ikke enig i afgørelsen, kan du klage." not in letter.body
    # A second click changes nothing and sends nothing.
    client_request.post(
        "cases.grant", _data={"offer": "tg2", "sessions": "20", "goals": "x", "in_full": "yes"}, case_id=case.id
    )
    assert reload(case).granted_offer == "tg1"
    assert len(letters_to(case)) == 1


@pytest.mark.parametrize("municipality", ["norddjurs"])
def test_the_offers_to_grant_are_the_section_86_offers(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    page = client_request.get("cases.grant", case_id=case.id)
    offered = [radio["value"] for radio in page.select("input[name=offer]")]
    assert offered == ["tus", "tg1", "tg2", "tv1", "tv2", "tv3", "tva1", "tva2", "tva3"]
    assert "TG1: Genoptræning 1" in page.get_text()


@pytest.mark.parametrize("municipality", ["hjorring"])
def test_a_profile_with_only_a_general_offer_grants_that_one(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    page = client_request.get("cases.grant", case_id=case.id)
    (only,) = page.select("input[name=offer]")
    assert only["value"] == "traening" and only.has_attr("checked")
    client_request.post("cases.grant", _data={"sessions": "40", "goals": "Gå igen", "in_full": "yes"}, case_id=case.id)
    course = db.session.scalar(sa.select(Course))
    assert (course.offer_id, course.sessions_allowed) == ("traening", 40)
    assert course.legal_basis == "serviceloven-86-1 serviceloven-86-2"
    assert "Du får tilbuddet Genoptræning og vedligeholdende træning." in letters_to(case)[0].body


def test_granting_dates_the_start_of_training_from_the_decision(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    # Næstved: the training starts within 10 calendar days of the decision.
    case = karens_case()
    log_in(client, "visitator")
    client_request.post(
        "cases.grant",
        _data={"offer": "genoptraening", "sessions": "24", "goals": "Gå igen", "in_full": "yes"},
        case_id=case.id,
    )
    case = reload(case)
    decided = case.decided_at.astimezone(COPENHAGEN).date()
    assert case.deadlines["afgoerelse"].met_at is not None
    assert case.deadlines["opstart"].due == decided + timedelta(days=10)
    assert case.next_due_on == decided + timedelta(days=10)
    body = letters_to(case)[0].body
    assert "Din træning begynder senest" in body
    assert "Vi skal have din klage senest" in body


@pytest.mark.parametrize("municipality", ["norddjurs"])
def test_a_grant_of_less_than_asked_needs_the_reason_and_the_letter_gives_it(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    asked = {"offer": "tg1", "sessions": "8", "goals": "Gå på trapper", "in_full": "no", "shortfall": ""}
    response = client_request.post("cases.grant", _data=asked, _expected_status=200, case_id=case.id)
    assert errors(response) == ["Skriv, hvorfor borgeren får mindre, end der er søgt om"]
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one("#goals").get_text() == "Gå på trapper"
    assert reload(case).status == ApplicationStatus.SUBMITTED
    client_request.post("cases.grant", _data={**asked, "shortfall": "Du kan træne videre på et hold."}, case_id=case.id)
    assert reload(case).decision_reason == "Du kan træne videre på et hold."
    (letter,) = letters_to(case)
    paragraphs = letter.body.split("\n\n")
    assert "Du får mindre, end du søgte om." in paragraphs
    assert "Begrundelse: Du kan træne videre på et hold." in paragraphs
    assert "Sådan klager du" in paragraphs
    assert any(paragraph.startswith("Vi skal have din klage senest ") for paragraph in paragraphs)
    assert "Du kan træne videre på et hold." in str(client_request.get("cases.case", case_id=case.id))


# Refusing ----------------------------------------------------------------------------------------------------------


def test_a_refusal_needs_a_reason(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    case = karens_case()
    log_in(client, "visitator")
    response = client_request.post("cases.refuse", _data={"reason": ""}, _expected_status=200, case_id=case.id)
    assert errors(response) == ["Skriv, hvorfor ansøgningen bliver afslået"]
    assert reload(case).status == ApplicationStatus.SUBMITTED
    assert letters_to(case) == []


def test_refusing_sends_the_decision_with_how_to_complain(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    client_request.post("cases.refuse", _data={"reason": "Du kan selv træne i dit hjem."}, case_id=case.id)
    case = reload(case)
    assert case.status == ApplicationStatus.REJECTED
    assert case.decision_reason == "Du kan selv træne i dit hjem."
    assert case.decided_by_account_id == the_visitator().id
    assert case.deadlines["afgoerelse"].met_at is not None
    assert db.session.scalar(sa.select(Course)) is None
    (letter,) = letters_to(case)
    assert letter.kind == "application.rejected"
    assert "Begrundelse: Du kan selv træne i dit hjem." in letter.body
    due = case.decided_at.astimezone(COPENHAGEN).date() + timedelta(weeks=4)
    assert f"Vi skal have din klage senest {format_danish(due)}." in letter.body
    assert "Det er 4 uger fra den dag, du fik dette brev." in letter.body

    page = str(client_request.get("cases.case", case_id=case.id))
    assert "Afslået" in page and "Du kan selv træne i dit hjem." in page
    # Nothing is left to do on a decided case.
    assert "Bevilg" not in page
    client_request.get_response("cases.grant", _expected_status=303, case_id=case.id)


def format_danish(day: date) -> str:
    from babel.dates import format_date

    return format_date(day, "full", locale="da")
