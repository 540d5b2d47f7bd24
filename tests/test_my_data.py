"""Hent mine data: every table with personal data is in the download, and the download is logged."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import AccessLog, Scope
from portal.my_data.export import NOT_PERSONAL, covered_tables
from tests import factories
from tests.oidc_flow import log_in


def test_every_table_is_either_exported_or_said_to_hold_nothing_personal(app: Flask) -> None:
    tables = set(db.metadata.tables) | {"alembic_version"}
    assert covered_tables() | set(NOT_PERSONAL) == tables
    assert not covered_tables() & set(NOT_PERSONAL)


def test_the_download_holds_a_fact_from_every_table(app: Flask, client: FlaskClient) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    factories.delegation(karen, mette, scopes=str(Scope.APPLY), paper_reference="Papir 17")
    factories.delegation(mette, karen, grantee_name="Karen T.")
    db.session.add(AccessLog(actor_name="Vibeke Visitator", subject_person_id=karen.id, acting_as="staff", action="x"))
    db.session.commit()
    log_in(client, "citizen")
    response = client.get("/mine-data/mine-data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="traeningsportalen-mine-data.json"'
    data = response.get_json()
    assert data["person"]["cpr"] == "1503441236"  # persons
    assert data["accounts"][0]["roles"] == ["citizen"]  # accounts, account_roles
    assert data["powers_of_attorney"]["given"][0]["paper_reference"] == "Papir 17"  # delegations
    assert data["powers_of_attorney"]["held"][0]["person"] == "Mette Testesen"
    assert "Vibeke Visitator" in [row["who"] for row in data["access_log"]]  # access_log
    html = client.get("/mine-data/mine-data.html")
    page = html.get_data(as_text=True)
    assert html.mimetype == "text/html"
    assert "150344-1236" in page and "Papir 17" in page and "Vibeke Visitator" in page


def test_the_download_is_logged(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    client.get("/mine-data/mine-data.json")
    logged = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "my_data.download"))
    assert (logged.acting_as, logged.detail) == ("self", "json")


def test_an_unknown_format_is_not_found(client: FlaskClient) -> None:
    log_in(client, "citizen")
    assert client.get("/mine-data/mine-data.xml").status_code == 404
