"""A course granted in the case system alone (the citizen applied by phone): made through the API, booked, and seen by
the citizen; one course per decision; and the answers the API keeps for retries hold no CPR number in plain text."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask

from portal import clock, cpr
from portal.api import services
from portal.extensions import db
from portal.models import AccessLog, ApiIdempotencyKey, Course
from tests import factories
from tests.api.conftest import Api, book
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in

GOALS = "Gå til Brugsen uden stok"


def _karens_cpr() -> str:
    karen = factories.person_for("citizen")
    factories.account_for(karen)
    db.session.commit()
    return cpr.decrypt(karen.cpr_encrypted)


def _decision(digits: str, reference: str = "NEXUS-4711", **changes: Any) -> dict[str, Any]:
    return {
        "cpr": digits,
        "given_name": "Karen",
        "family_name": "Testesen",
        "decision_reference": reference,
        "decided_on": str(clock.today() - timedelta(days=2)),
        "offer_id": "tg1",
        "sessions": 8,
        "goals": GOALS,
        **changes,
    }


def test_a_course_granted_in_the_case_system_is_booked_and_the_citizen_sees_it(app: Flask, api: Api) -> None:
    made = api.post("/courses", _decision(_karens_cpr()), expected=201)
    assert (made["decision_reference"], made["application_id"], made["plan_id"]) == ("NEXUS-4711", None, None)
    assert made["citizen"]["name"] == "Karen Testesen" and made["sessions_allowed"] == 8 and made["status"] == "active"

    booked = book(api, made["id"], 7, 14)
    assert len(booked) == 2
    assert len(api.get(f"/courses/{made['id']}")["sessions"]) == 2

    browser = ClientRequest(app.test_client())
    log_in(browser.client, "citizen")
    page = browser.get("applications.cases")
    granted = page.find("h2", string="Træning, kommunen har bevilget dig")
    assert granted is not None
    entry = " ".join(granted.find_next("ul").get_text(" ", strip=True).split())
    assert "Bevilget" in entry and "8 træningsgange." in entry
    sessions_page = browser.get("citizen_sessions.index")
    listed = " ".join(sessions_page.select_one("main").get_text(" ", strip=True).split())
    assert "mandag 9. marts 2026 Tid: 10:00" in listed and "mandag 16. marts 2026 Tid: 10:00" in listed
    # The case system booked them: no therapist's name to give, and not the system's first word as one.
    assert "Terapeut" not in listed and "Norddjurs" not in listed

    # "Hvem har set mine oplysninger" names the system and what it did.
    db.session.expire_all()
    karen_id = db.session.get(Course, made["id"]).person_id
    actions = set(db.session.scalars(sa.select(AccessLog.action).where(AccessLog.subject_person_id == karen_id)))
    assert {"api.course_granted", "api.book"} <= actions


def test_the_same_decision_gives_one_course(app: Flask, api: Api) -> None:
    digits = _karens_cpr()
    api.post("/courses", _decision(digits), expected=201)
    again = api.post("/courses", _decision(digits, sessions=10), expected=409)
    assert again["code"] == "refused:course_exists"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 1


def test_a_course_needs_a_known_offer_a_past_decision_and_a_valid_cpr_number(app: Flask, api: Api) -> None:
    digits = _karens_cpr()
    assert api.post("/courses", _decision(digits, offer_id="nope"), 422)["code"] == "unknown_offer"
    # A § 140 course follows a hospital's plan (POST /plans), never a decision.
    assert api.post("/courses", _decision(digits, offer_id="gop-center"), 422)["code"] == "unknown_offer"
    tomorrow = str(clock.today() + timedelta(days=1))
    assert api.post("/courses", _decision(digits, decided_on=tomorrow), 422)["code"] == "bad_dates"
    assert api.post("/courses", _decision("3213001234"), 422)["code"] == "invalid_cpr"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0


def test_a_course_needs_the_decisions_scope(app: Flask, make_api: Any) -> None:
    reader = make_api(scopes=("sessions:write", "applications:read"))
    assert reader.post("/courses", _decision(_karens_cpr()), 403)["status"] == 403


def test_a_kept_answer_holds_no_cpr_number_in_plain_text_and_is_forgotten_after_a_day(app: Flask, api: Api) -> None:
    digits = _karens_cpr()
    first = api.post("/courses", _decision(digits), 201, key="retry-me")
    assert api.post("/courses", _decision(digits), 201, key="retry-me") == first
    stored = db.session.scalars(sa.select(ApiIdempotencyKey)).one()
    assert digits not in stored.body_sealed and digits not in stored.request_hash
    assert cpr.decrypt(stored.body_sealed).count(digits) == 1

    with clock.clock_set_to(clock.now() + timedelta(hours=23)):
        assert services.remembered(stored.client_pk, "retry-me") is not None
        assert services.forget_old_keys() == 0
    with clock.clock_set_to(clock.now() + timedelta(hours=25)):
        # After a day the key is a new request again, and the daily job deletes what it answered.
        assert services.remembered(stored.client_pk, "retry-me") is None
        assert services.forget_old_keys() == 1
    assert db.session.scalars(sa.select(ApiIdempotencyKey)).all() == []


def test_a_course_granted_elsewhere_is_in_the_change_feed(app: Flask, api: Api) -> None:
    made = api.post("/courses", _decision(_karens_cpr(), decided_on=str(date(2026, 3, 1))), expected=201)
    kinds = {(item["kind"], item["id"]) for item in api.get("/changes")["items"]}
    assert ("course", made["id"]) in kinds
