"""What the case system does through the API, the citizen sees in the portal as if staff had done it on the pages."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import Application, Message
from tests import factories
from tests.api.conftest import Api
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in

GOALS = "Gå til Brugsen uden stok"


def _karens_case(number: str, subject: str = "subject-1") -> Application:
    karen = factories.person_for("citizen")
    case = factories.application(karen, factories.account_for(karen, subject=subject), case_number=number)
    db.session.commit()
    return case


def _citizen_view(app: Flask, case: Application) -> str:
    browser = ClientRequest(app.test_client())
    log_in(browser.client, "citizen")
    page = browser.get("applications.case", case_id=case.id)
    text = " ".join(page.select_one("main").get_text(" ", strip=True).split())
    return re.sub(r"TR-2026-0000[12]", "TR-x", text)


def _letters(case: Application) -> list[tuple[str, str]]:
    rows = db.session.execute(
        sa.select(Message.kind, Message.subject).where(Message.application_id == case.id).order_by(Message.id)
    ).all()
    return [(kind, re.sub(r"TR-2026-0000[12]", "TR-x", subject)) for kind, subject in rows]


def test_a_decision_through_the_api_reads_as_one_made_on_the_pages(
    app: Flask, api: Api, client: FlaskClient, client_request: ClientRequest
) -> None:
    by_staff, by_api = _karens_case("TR-2026-00001"), _karens_case("TR-2026-00002", "subject-2")

    log_in(client, "visitator")
    client_request.post("cases.acknowledge", case_id=by_staff.id)
    client_request.post(
        "cases.grant",
        _data={"offer": "tg1", "sessions": "10", "goals": GOALS, "in_full": "yes"},
        case_id=by_staff.id,
    )

    api.post(f"/applications/{by_api.id}/acknowledge")
    api.post(
        f"/applications/{by_api.id}/decision",
        {"decision": {"outcome": "grant", "offer_id": "tg1", "sessions": 10, "goals": GOALS}},
    )

    db.session.expire_all()
    assert _letters(by_api) == _letters(by_staff)
    assert len(_letters(by_api)) == 2
    seen = _citizen_view(app, by_api)
    assert GOALS in seen and "TR-x" in seen
    assert seen == _citizen_view(app, by_staff)


def test_the_citizen_reads_the_systems_name_in_who_has_seen_my_data(app: Flask, api: Api) -> None:
    case = _karens_case("TR-2026-00001")
    api.get(f"/applications/{case.id}")
    browser = app.test_client()
    log_in(browser, "citizen")
    page = browser.get("/hvem-har-set-mine-oplysninger").get_data(as_text=True)
    assert "Norddjurs Kommunes omsorgssystem" in page
    assert "Kommunens omsorgssystem" in page
