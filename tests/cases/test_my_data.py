"""Hent mine data holds the questions the citizen was asked and the courses they were granted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.applications import decisions as services
from portal.extensions import db
from tests import factories as people
from tests.cases import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in


@pytest.mark.parametrize("municipality", ["norddjurs"])
def test_the_download_holds_the_questions_and_the_courses(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    profile = app.config["PROFILE"]
    case = factories.application(people.person_for("citizen"), datetime(2026, 3, 2, 10, tzinfo=UTC))
    staff = factories.account("Vibeke Visitator")
    asked = services.ask(case, profile, staff.id, "Bruger du rollator?", lambda asked: "/svar")
    services.answer(asked, case.created_by_account_id, "Ja.")
    services.grant(case, profile, staff.id, profile.offer("tg1"), 12, "Gå på trapper.")
    db.session.commit()
    log_in(client, "citizen")
    data = client_request.get_response("my_data.download", fmt="json").get_json()
    (question,) = data["questions"]
    assert (question["case_number"], question["question"], question["answer"]) == (
        case.case_number,
        "Bruger du rollator?",
        "Ja.",
    )
    (course,) = data["courses"]
    assert (course["offer"], course["legal_basis"], course["sessions_allowed"], course["goals"], course["status"]) == (
        "tg1",
        "serviceloven-86-1",
        12,
        "Gå på trapper.",
        "active",
    )
    page = client_request.get_response("my_data.download", fmt="html").get_data(as_text=True)
    assert "Bruger du rollator?" in page and "Gå på trapper." in page and "serviceloven § 86, stk. 1" in page
    assert "serviceloven-86-1" not in page
