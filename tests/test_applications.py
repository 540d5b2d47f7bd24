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
from tests.oidc_flow import log_in

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


def answer_all(client: FlaskClient) -> None:
    assert client.post("/ansoeg/start").status_code == 303
    for slug, data in ANSWERS:
        response = client.post(f"/ansoeg/{slug}", data=data)
        assert response.status_code == 303, (slug, response.get_data(as_text=True)[:500])


def test_each_answer_is_saved_at_once_and_the_draft_resumes_anywhere(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    client.post("/ansoeg/start")
    assert client.post("/ansoeg/genoptraeningsplan", data={"plan": "no"}).headers["Location"] == "/ansoeg/hvad-er-sket"
    client.post("/ansoeg/hvad-er-sket", data={"what_changed": "Jeg faldt."})
    draft = db.session.scalar(sa.select(Application))
    assert draft.answers == {"plan": "no", "what_changed": "Jeg faldt."}
    # Another browser, after the first one timed out: the draft is there, and the next open question too.
    other = app.test_client()
    log_in(other, "citizen")
    assert other.post("/ansoeg/start").headers["Location"] == "/ansoeg/siden-hvornaar"
    page = other.get("/ansoeg/hvad-er-sket").get_data(as_text=True)
    assert "Jeg faldt." in page


def test_a_missing_answer_is_shown_next_to_the_field_with_a_summary(client: FlaskClient) -> None:
    log_in(client, "citizen")
    client.post("/ansoeg/start")
    response = client.post("/ansoeg/kontakt", data={"phone": "12", "call_times": "Efter kl. 10"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Fejl:" in page
    assert 'href="#phone"' in page and "Skriv dit telefonnummer med 8 cifre" in page
    assert 'value="Efter kl. 10"' in page


def test_a_hospital_plan_stops_the_application_and_explains_section_140(client: FlaskClient) -> None:
    log_in(client, "citizen")
    client.post("/ansoeg/start")
    response = client.post("/ansoeg/genoptraeningsplan", data={"plan": "yes"})
    assert response.headers["Location"] == "/ansoeg/sygehusplan"
    page = client.get("/ansoeg/sygehusplan").get_data(as_text=True)
    assert "Du skal ikke søge" in page and "§ 140" in page


def test_the_check_page_shows_every_answer_with_a_change_link(client: FlaskClient) -> None:
    log_in(client, "citizen")
    answer_all(client)
    page = client.get("/ansoeg/tjek").get_data(as_text=True)
    assert "Jeg kan ikke gå på trapper." in page
    assert "Hjemmepleje, Hjælpemidler, for eksempel en rollator" in page
    assert format_date(SINCE, "long", locale="da") in page
    assert page.count("fra=tjek") == 11


def test_sending_gives_a_case_number_promised_dates_and_a_receipt_letter(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    answer_all(client)
    response = client.post("/ansoeg/send")
    case = db.session.scalar(sa.select(Application))
    assert response.headers["Location"] == f"/mine-sager/{case.id}/kvittering"
    assert case.status == ApplicationStatus.SUBMITTED
    assert case.case_number == f"TR-{case.submitted_at.year}-{case.id:05d}"
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert case.case_number in receipt
    letter = db.session.scalar(sa.select(Message).where(Message.kind == "application.receipt"))
    assert case.case_number in letter.subject
    assert letter.deliveries[0].channel == "digital_post"


def test_a_double_submit_sends_once(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    answer_all(client)
    first = client.post("/ansoeg/send")
    second = client.post("/ansoeg/send")
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


def test_the_citizen_follows_the_case_and_withdraws_it(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    answer_all(client)
    client.post("/ansoeg/send")
    case = db.session.scalar(sa.select(Application))
    page = client.get(f"/mine-sager/{case.id}").get_data(as_text=True)
    assert "Du sendte ansøgningen" in page and "Afgørelsen" in page
    assert client.post(f"/mine-sager/{case.id}/traek-tilbage", data={"reason": "Jeg har det bedre"}).status_code == 303
    db.session.refresh(case)
    assert (case.status, case.withdraw_reason) == (ApplicationStatus.WITHDRAWN, "Jeg har det bedre")
    assert "Trukket tilbage" in client.get(f"/mine-sager/{case.id}").get_data(as_text=True)
    kinds = set(db.session.scalars(sa.select(Message.kind)))
    assert kinds == {"application.receipt", "application.withdrawn"}


def test_a_relative_with_the_apply_scope_applies_for_the_citizen(app: Flask) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    grant = factories.delegation(karen, mette, scopes=" ".join([Scope.SEE, Scope.APPLY]))
    db.session.commit()
    relative = app.test_client()
    log_in(relative, "relative")
    relative.post(f"/jeg-hjaelper/{grant.id}/vaelg")
    answer_all(relative)
    relative.post("/ansoeg/send")
    case = db.session.scalar(sa.select(Application))
    assert (case.person_id, case.source, case.delegation_id) == (karen.id, "relative", grant.id)


def test_a_relative_without_the_apply_scope_is_refused(app: Flask) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    grant = factories.delegation(karen, mette, scopes=str(Scope.SEE))
    db.session.commit()
    relative = app.test_client()
    log_in(relative, "relative")
    relative.post(f"/jeg-hjaelper/{grant.id}/vaelg")
    assert relative.get("/mine-sager").status_code == 200
    assert relative.get("/ansoeg").status_code == 403


def test_someone_elses_case_is_not_found(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    answer_all(client)
    client.post("/ansoeg/send")
    case = db.session.scalar(sa.select(Application))
    other = app.test_client()
    log_in(other, "citizen_140")
    assert other.get(f"/mine-sager/{case.id}").status_code == 404
    assert other.get(f"/mine-sager/{case.id}/kvittering").status_code == 404


def test_the_application_pages_stay_within_the_query_budget(
    app: Flask, client: FlaskClient, count_queries: Callable[[], list[str]]
) -> None:
    log_in(client, "citizen")
    answer_all(client)
    client.post("/ansoeg/send")
    case = db.session.scalar(sa.select(Application))
    for path in (
        "/ansoeg",
        "/ansoeg/maal",
        "/mine-sager",
        f"/mine-sager/{case.id}",
        f"/mine-sager/{case.id}/kvittering",
    ):
        before = len(count_queries())
        assert client.get(path).status_code == 200, path
        assert len(count_queries()) - before <= 6, path


def test_reading_a_question_makes_no_draft(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    assert client.get("/ansoeg/maal").status_code == 200
    assert client.get("/ansoeg/tjek").headers["Location"] == "/ansoeg"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


def test_a_draft_can_be_deleted(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    client.post("/ansoeg/start")
    client.post("/ansoeg/genoptraeningsplan", data={"plan": "no"})
    assert client.post("/ansoeg/slet").status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


def test_the_receipt_pdf_holds_the_case_number_and_the_promised_dates(app: Flask, client: FlaskClient) -> None:
    import io

    from babel.dates import format_date
    from pypdf import PdfReader

    # Hjørring promises dates from the day an application arrives.
    app.config["PROFILE"] = load("hjorring")
    log_in(client, "citizen")
    answer_all(client)
    client.post("/ansoeg/send")
    case = db.session.scalar(sa.select(Application))
    assert case.deadlines
    response = client.get(f"/mine-sager/{case.id}/kvittering.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert case.case_number in text
    assert "Jeg kan ikke gå på trapper." in text
    for value in case.deadlines.values():
        due = value.due
        assert f"Senest {format_date(due, 'long', locale='da')}" in text


def test_the_citizen_sees_the_decision_and_the_open_question_on_the_case(app: Flask, client: FlaskClient) -> None:
    from portal.applications import decisions as cases

    log_in(client, "citizen")
    answer_all(client)
    client.post("/ansoeg/send")
    case = db.session.scalar(sa.select(Application))
    visitator = factories.account_for(factories.person_for("citizen_140"), subject="visitator")
    profile = app.config["PROFILE"]
    asked = cases.ask(case, profile, visitator.id, "Hvilken etage bor du på?", lambda question: "/svar")
    db.session.commit()
    page = client.get(f"/mine-sager/{case.id}").get_data(as_text=True)
    assert "Vi mangler et svar fra dig" in page and "Hvilken etage bor du på?" in page
    assert f"/mine-sager/{case.id}/spoergsmaal/{asked.id}" in page
    offer = cases.decidable_offers(profile)[0]
    cases.grant(case, profile, visitator.id, offer, 5, "Gå på trapper igen")
    db.session.commit()
    page = client.get(f"/mine-sager/{case.id}").get_data(as_text=True)
    assert "Du har fået bevilget træning" in page
    assert offer.name.get("da") in page and "Gå på trapper igen" in page and ">5<" in page


def test_without_deadlines_in_the_standard_the_receipt_and_the_case_name_none_and_how_to_ask(
    app: Flask, client: FlaskClient
) -> None:
    # Norddjurs' catalogue sets no § 86 deadlines; retssikkerhedsloven § 3 still has the municipality set one.
    log_in(client, "citizen")
    answer_all(client)
    client.post("/ansoeg/send")
    case = db.session.scalar(sa.select(Application))
    assert case.deadlines == {}
    said = "Vores kvalitetsstandard nævner ingen frist for, hvornår du får en afgørelse."
    ask = "Du kan altid spørge os, hvor længe du skal vente."
    for page in (client.get(f"/mine-sager/{case.id}/kvittering"), client.get(f"/mine-sager/{case.id}")):
        text = " ".join(page.get_data(as_text=True).split())
        assert said in text and ask in text
    letter = db.session.scalar(sa.select(Message).where(Message.kind == "application.receipt"))
    assert said in letter.body and ask in letter.body
