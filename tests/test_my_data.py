"""Hent mine data: every table with personal data is in the download, and the download is logged."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import AccessLog, Scope
from portal.my_data.export import NOT_PERSONAL, covered_tables
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in


def test_every_table_is_either_exported_or_said_to_hold_nothing_personal(app: Flask) -> None:
    tables = set(db.metadata.tables) | {"alembic_version"}
    assert covered_tables() | set(NOT_PERSONAL) == tables
    assert not covered_tables() & set(NOT_PERSONAL)


def test_the_download_holds_a_fact_from_every_table(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    factories.delegation(karen, mette, scopes=str(Scope.APPLY), paper_reference="Papir 17")
    factories.delegation(mette, karen, grantee_name="Karen T.")
    db.session.add(AccessLog(actor_name="Vibeke Visitator", subject_person_id=karen.id, acting_as="staff", action="x"))
    db.session.commit()
    log_in(client, "citizen")
    response = client_request.get_response("my_data.download", fmt="json")
    assert response.headers["Content-Disposition"] == 'attachment; filename="traeningsportalen-mine-data.json"'
    data = response.get_json()
    assert data["person"]["cpr"] == "1503441236"  # persons
    assert data["accounts"][0]["roles"] == ["citizen"]  # accounts, account_roles
    assert data["powers_of_attorney"]["given"][0]["paper_reference"] == "Papir 17"  # delegations
    assert data["powers_of_attorney"]["held"][0]["person"] == "Mette Testesen"
    assert "Vibeke Visitator" in [row["who"] for row in data["access_log"]]  # access_log
    html = client_request.get_response("my_data.download", fmt="html")
    page = html.get_data(as_text=True)
    assert html.mimetype == "text/html"
    assert "150344-1236" in page and "Papir 17" in page and "Vibeke Visitator" in page


def test_the_download_is_logged(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    client_request.get_response("my_data.download", fmt="json")
    logged = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "my_data.download"))
    assert (logged.acting_as, logged.detail) == ("self", "json")


def test_an_unknown_format_is_not_found(client: FlaskClient) -> None:
    log_in(client, "citizen")
    # A raw address on purpose: the portal links to no format it does not have.
    assert client.get("/mine-data/mine-data.xml").status_code == 404


def test_the_readable_download_is_in_words_and_plain_dates_in_the_readers_language(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    karen = factories.person_for("citizen")
    application = factories.application(
        karen, factories.account_of("citizen"), answers={"goal": "At gå tur med hunden", "favourite": "grøn"}
    )
    application.referral = {"reason": "Fald", "form_token": "t0k3n", "name_confirmed": True}
    db.session.commit()
    page = client_request.get("my_data.download", fmt="html")
    text = page.get_text(" ", strip=True)
    assert [h.get_text(strip=True) for h in page.find_all("h2")][:3] == [
        "Om dig",
        "Ansøgninger og henvisninger",
        "Forløb",
    ]
    # Stored values become words: statuses, keys of answers, the portal's bookkeeping left out.
    for raw in ("submitted", "goal", "form_token", "t0k3n", "name_confirmed", "citizen"):
        assert raw not in text, raw
    assert "Andre oplysninger grøn" in text
    # Dates as Danish writes them, never ISO timestamps.
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert f"{clock.today().day}. " in text

    english = client_request.get("my_data.download", _language="en", fmt="html")
    assert english.find("h2").get_text(strip=True) == "About you"
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{2}", english.get_text(" ", strip=True))
