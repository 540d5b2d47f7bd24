"""Mine sager: a step of the case is done only once it has happened, and a step the case went past says so."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.applications import decisions as cases
from portal.applications import services as applications
from portal.extensions import db
from portal.models import Application
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in


def at(text: str) -> datetime:
    return clock.parse_moment(text)


def karens_case(app: Flask, sent: str) -> Application:
    karen = factories.person_for("citizen")
    case = factories.application(karen, factories.account_for(karen), submitted_at=at(sent))
    applications.submit(case, app.config["PROFILE"], at=at(sent))
    db.session.commit()
    return case


def steps(client: FlaskClient, case: Application) -> dict[str, str]:
    page = ClientRequest(client).get("applications.case", case_id=case.id)
    return {
        step.h2.get_text(): " ".join(step.p.get_text().split()) for step in page.select("ol.case-steps li.case-step")
    }


def test_a_talk_for_3_december_is_booked_on_30_november_and_done_after_it(app: Flask, client: FlaskClient) -> None:
    with clock.clock_set_to(at("2026-11-30T09:00")):
        case = karens_case(app, "2026-11-26T10:00")
        cases.book_talk(case, app.config["PROFILE"], at("2026-12-03T10:00"), "Træningscenter Auning")
        db.session.commit()
        log_in(client, "citizen")
        before = steps(client, case)
    assert before["En samtale om dine behov"] == "Booket til 3. december 2026"
    assert before["Du sendte ansøgningen"] == "Gjort 26. november 2026"
    with clock.clock_set_to(at("2026-12-04T09:00")):
        later = app.test_client()
        log_in(later, "citizen")
        after = steps(later, case)
    assert after["En samtale om dine behov"] == "Gjort 3. december 2026"


def test_steps_a_decision_went_past_say_they_were_skipped(app: Flask, client: FlaskClient) -> None:
    case = karens_case(app, "2026-06-01T10:00")
    profile = app.config["PROFILE"]
    visitator = factories.therapist_account()
    offer = cases.decidable_offers(profile)[0]
    cases.grant(case, profile, visitator.id, offer, 10, "Gå til Brugsen", at=at("2026-06-05T10:00"))
    db.session.commit()
    log_in(client, "citizen")
    shown = steps(client, case)
    assert shown["Vi bekræfter, at vi har fået den"] == "Sprunget over"
    assert shown["En samtale om dine behov"] == "Sprunget over"
    assert shown["Afgørelsen"] == "Gjort 5. juni 2026"
    assert "Ikke endnu" not in shown.values()


def test_a_withdrawn_case_says_the_steps_left_are_not_needed(app: Flask, client: FlaskClient) -> None:
    case = karens_case(app, "2026-06-01T10:00")
    applications.withdraw(case, "Jeg har det bedre", at=at("2026-06-02T10:00"))
    db.session.commit()
    log_in(client, "citizen")
    shown = steps(client, case)
    assert shown["Afgørelsen"] == "Ikke nødvendigt, fordi ansøgningen er trukket tilbage"
    assert "Din træning begynder" not in shown


def test_an_open_case_still_waits_for_its_steps(app: Flask, client: FlaskClient) -> None:
    case = karens_case(app, "2026-06-09T10:00")
    log_in(client, "citizen")
    shown = steps(client, case)
    assert shown["Afgørelsen"].startswith(("Ikke endnu", "Lovet senest"))
    assert "Sprunget over" not in shown.values()
