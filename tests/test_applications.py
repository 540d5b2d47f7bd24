"""Applying for training: one question per page, saved at once, checked, sent once, followed, withdrawn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from babel.dates import format_date
from flask import Flask
from flask.testing import FlaskClient

from portal.applications import services
from portal.clock import today
from portal.extensions import db
from portal.models import Application, ApplicationSource, ApplicationStatus, Message, Scope
from portal.municipalities import load
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path

# When it began: two months before the day the suite runs, for the question takes no date to come.
SINCE = today() - timedelta(days=61)
ANSWERS = [
    ("genoptraeningsplan", {"plan": "no"}),
    ("hvad-er-sket", {"what_changed": "Jeg faldt i køkkenet."}),
    ("siden-hvornaar", {"since-day": str(SINCE.day), "since-month": str(SINCE.month), "since-year": str(SINCE.year)}),
    ("hverdagen", {"daily_life": "Jeg kan ikke gå på trapper."}),
    ("maal", {"goal": "Gå til bageren igen."}),
    ("anden-hjaelp", {"other_help": ["home_care", "aids"]}),
    ("anden-traening", {"trains_elsewhere": "no"}),
    ("transport", {"transport": "no"}),
    ("kontakt", {"phone": "12 34 56 78", "call_times": "Formiddag"}),
    ("laege", {"gp_consent": "yes"}),
]


def answer_all(browser: ClientRequest) -> None:
    browser.post("applications.begin")
    for slug, data in ANSWERS:
        browser.post("applications.question", _data=data, slug=slug)


def test_each_answer_is_saved_at_once_and_the_draft_resumes_anywhere(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    client_request.post("applications.begin")
    answered = client_request.post("applications.question", _data={"plan": "no"}, slug="genoptraeningsplan")
    assert answered.headers["Location"] == path("applications.question", slug="hvad-er-sket")
    client_request.post("applications.question", _data={"what_changed": "Jeg faldt."}, slug="hvad-er-sket")
    draft = db.session.scalar(sa.select(Application))
    assert draft.answers == {"plan": "no", "what_changed": "Jeg faldt."}
    # Another browser, after the first one timed out: the draft is there, and the next open question too.
    other = ClientRequest(app.test_client())
    log_in(other.client, "citizen")
    resumed = other.post("applications.begin")
    assert resumed.headers["Location"] == path("applications.question", slug="siden-hvornaar")
    page = str(other.get("applications.question", slug="hvad-er-sket"))
    assert "Jeg faldt." in page


def test_a_missing_answer_is_shown_next_to_the_field_with_a_summary(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    client_request.post("applications.begin")
    response = client_request.post(
        "applications.question",
        _data={"phone": "12", "call_times": "Efter kl. 10"},
        _expected_status=200,
        slug="kontakt",
    )
    page = response.get_data(as_text=True)
    assert "<title>Fejl:" in page
    assert 'href="#phone"' in page and "Skriv dit telefonnummer med 8 cifre" in page
    assert 'value="Efter kl. 10"' in page


def test_a_hospital_plan_stops_the_application_and_explains_section_140(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    client_request.post("applications.begin")
    response = client_request.post("applications.question", _data={"plan": "yes"}, slug="genoptraeningsplan")
    assert response.headers["Location"] == path("applications.hospital_plan")
    page = str(client_request.get("applications.hospital_plan"))
    assert "Du skal ikke søge" in page and "§ 140" in page


def test_the_check_page_shows_every_answer_with_a_change_link(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    answer_all(client_request)
    page = str(client_request.get("applications.check"))
    assert "Jeg kan ikke gå på trapper." in page
    assert "Hjemmepleje, Hjælpemidler, for eksempel en rollator" in page
    assert format_date(SINCE, "long", locale="da") in page
    assert page.count("fra=tjek") == 11


def test_sending_gives_a_case_number_promised_dates_and_a_receipt_letter(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    answer_all(client_request)
    response = client_request.post("applications.send")
    case = db.session.scalar(sa.select(Application))
    assert response.headers["Location"] == path("applications.receipt", case_id=case.id)
    assert case.status == ApplicationStatus.SUBMITTED
    assert case.case_number == f"TR-{case.submitted_at.year}-{case.id:05d}"
    receipt = str(client_request.get("applications.receipt", case_id=case.id))
    assert case.case_number in receipt
    letter = db.session.scalar(sa.select(Message).where(Message.kind == "application.receipt"))
    assert case.case_number in letter.subject
    assert letter.deliveries[0].channel == "digital_post"


def test_a_double_submit_sends_once(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    answer_all(client_request)
    first = client_request.post("applications.send")
    second = client_request.post("applications.send")
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


def test_the_service_sends_a_draft_only_once(app: Flask) -> None:
    karen = factories.person_for("citizen")
    account = factories.account_for(karen)
    draft = services.start_draft(karen.id, ApplicationSource.CITIZEN, account.id, None)
    profile = load("hjorring")
    assert services.send_draft(draft, profile) is True
    assert services.send_draft(draft, profile) is False


def test_hjorring_promises_a_letter_within_3_weekdays_counted_in_working_days(app: Flask) -> None:
    karen = factories.person_for("citizen")
    account = factories.account_for(karen)
    draft = services.start_draft(karen.id, ApplicationSource.CITIZEN, account.id, None)
    # Maundy Thursday 2026 at 10:00 in Copenhagen: Tuesday 7 (1), Wednesday 8 (2), Thursday 9 April (3).
    services.submit(draft, load("hjorring"), at=datetime(2026, 4, 2, 8, 0, tzinfo=UTC))
    letters = [value for value in draft.deadlines.values() if value.milestone == "letter"]
    assert [value.due.isoformat() for value in letters] == ["2026-04-09"]
    assert draft.next_due_on.isoformat() == "2026-04-09"


def test_the_citizen_follows_the_case_and_withdraws_it(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    answer_all(client_request)
    client_request.post("applications.send")
    case = db.session.scalar(sa.select(Application))
    page = str(client_request.get("applications.case", case_id=case.id))
    assert "Du sendte ansøgningen" in page and "Afgørelsen" in page
    client_request.post("applications.withdraw", _data={"reason": "Jeg har det bedre"}, case_id=case.id)
    db.session.refresh(case)
    assert (case.status, case.withdraw_reason) == (ApplicationStatus.WITHDRAWN, "Jeg har det bedre")
    assert "Trukket tilbage" in str(client_request.get("applications.case", case_id=case.id))
    kinds = set(db.session.scalars(sa.select(Message.kind)))
    assert kinds == {"application.receipt", "application.withdrawn"}


def test_a_relative_with_the_apply_scope_applies_for_the_citizen(app: Flask) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    grant = factories.delegation(karen, mette, scopes=" ".join([Scope.SEE, Scope.APPLY]))
    db.session.commit()
    relative = ClientRequest(app.test_client())
    log_in(relative.client, "relative")
    relative.post("delegations.act_for", delegation_id=grant.id)
    answer_all(relative)
    relative.post("applications.send")
    case = db.session.scalar(sa.select(Application))
    assert (case.person_id, case.source, case.delegation_id) == (karen.id, "relative", grant.id)


def test_a_relative_without_the_apply_scope_is_refused(app: Flask) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    grant = factories.delegation(karen, mette, scopes=str(Scope.SEE))
    db.session.commit()
    relative = ClientRequest(app.test_client())
    log_in(relative.client, "relative")
    relative.post("delegations.act_for", delegation_id=grant.id)
    relative.get("applications.cases")
    relative.get("applications.start", _expected_status=403)


def test_someone_elses_case_is_not_found(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    answer_all(client_request)
    client_request.post("applications.send")
    case = db.session.scalar(sa.select(Application))
    other = ClientRequest(app.test_client())
    log_in(other.client, "citizen_140")
    other.get("applications.case", _expected_status=404, case_id=case.id)
    other.get("applications.receipt", _expected_status=404, case_id=case.id)


def test_the_application_pages_stay_within_the_query_budget(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: Callable[[], list[str]]
) -> None:
    log_in(client, "citizen")
    answer_all(client_request)
    client_request.post("applications.send")
    case = db.session.scalar(sa.select(Application))
    for endpoint, values in (
        ("applications.start", {}),
        ("applications.question", {"slug": "maal"}),
        ("applications.cases", {}),
        ("applications.case", {"case_id": case.id}),
        ("applications.receipt", {"case_id": case.id}),
    ):
        before = len(count_queries())
        client_request.get(endpoint, **values)
        assert len(count_queries()) - before <= 6, endpoint


def test_reading_a_question_makes_no_draft(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    client_request.get("applications.question", slug="maal")
    check = client_request.get_response("applications.check", _expected_status=303)
    assert check.headers["Location"] == path("applications.start")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


def test_a_draft_can_be_deleted(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    client_request.post("applications.begin")
    client_request.post("applications.question", _data={"plan": "no"}, slug="genoptraeningsplan")
    client_request.post("applications.delete_draft")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


def test_the_receipt_pdf_holds_the_case_number_and_the_promised_dates(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    import io

    from babel.dates import format_date
    from pypdf import PdfReader

    # Hjørring promises dates from the day an application arrives.
    app.config["PROFILE"] = load("hjorring")
    log_in(client, "citizen")
    answer_all(client_request)
    client_request.post("applications.send")
    case = db.session.scalar(sa.select(Application))
    assert case.deadlines
    response = client_request.get_response("applications.receipt_pdf", case_id=case.id)
    assert response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert case.case_number in text
    assert "Jeg kan ikke gå på trapper." in text
    for value in case.deadlines.values():
        due = value.due
        assert f"Senest {format_date(due, 'long', locale='da')}" in text


def test_the_citizen_sees_the_decision_and_the_open_question_on_the_case(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    from portal.applications import decisions as cases

    log_in(client, "citizen")
    answer_all(client_request)
    client_request.post("applications.send")
    case = db.session.scalar(sa.select(Application))
    visitator = factories.account_for(factories.person_for("citizen_140"), subject="visitator")
    profile = app.config["PROFILE"]
    asked = cases.ask(case, profile, visitator.id, "Hvilken etage bor du på?", lambda question: "/svar")
    db.session.commit()
    page = str(client_request.get("applications.case", case_id=case.id))
    assert "Vi mangler et svar fra dig" in page and "Hvilken etage bor du på?" in page
    assert path("case_questions.answer", case_id=case.id, question_id=asked.id) in page
    offer = cases.decidable_offers(profile)[0]
    cases.grant(case, profile, visitator.id, offer, 5, "Gå på trapper igen")
    db.session.commit()
    page = str(client_request.get("applications.case", case_id=case.id))
    assert "Du har fået bevilget træning" in page
    assert offer.name.get("da") in page and "Gå på trapper igen" in page and ">5<" in page


def test_without_deadlines_in_the_standard_the_receipt_and_the_case_name_none_and_how_to_ask(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    # Norddjurs' catalogue sets no § 86 deadlines; retssikkerhedsloven § 3 still has the municipality set one.
    log_in(client, "citizen")
    answer_all(client_request)
    client_request.post("applications.send")
    case = db.session.scalar(sa.select(Application))
    assert case.deadlines == {}
    said = "Vores kvalitetsstandard nævner ingen frist for, hvornår du får en afgørelse."
    ask = "Du kan altid spørge os, hvor længe du skal vente."
    for page in (
        client_request.get("applications.receipt", case_id=case.id),
        client_request.get("applications.case", case_id=case.id),
    ):
        text = " ".join(str(page).split())
        assert said in text and ask in text
    letter = db.session.scalar(sa.select(Message).where(Message.kind == "application.receipt"))
    assert said in letter.body and ask in letter.body
