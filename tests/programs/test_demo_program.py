"""From `make run`: Karen has a program with pictures, a PDF and a log with a chart; Lise Lægesen has the end note."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.demo import load_demo_data
from portal.extensions import db
from portal.models import Application, ApplicationSource, Program
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path


def test_karen_sees_her_demo_program_pdf_and_chart(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    load_demo_data()
    db.session.commit()
    newest = db.session.scalars(sa.select(Program).order_by(Program.issued_at.desc())).first()
    newest_id = newest.id
    log_in(client, "citizen")
    overview = client_request.get_response("overview.index").get_data(as_text=True)
    assert f'href="{path("programs.mine")}"' in overview
    html = client_request.get("programs.mine")
    assert len(html.select(".program-exercise")) == 5
    assert all(img["alt"].endswith(", tegning") for img in html.select(".program-exercise img"))
    assert len(html.select(".program-exercise img")) == 5
    assert "Program fra" in html.get_text()  # the older program
    assert client_request.get_response("programs.pdf", program_id=newest_id).mimetype == "application/pdf"
    progress = client_request.get("programs.progress", program_id=newest_id)
    assert len(progress.select("circle.chart-effort-point")) == 10
    assert len(progress.select("table.progress-table tbody tr")) == 10


def test_the_referring_gp_reads_the_end_note_on_the_referral(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    load_demo_data()
    db.session.commit()
    # Karen's: the demo has other referrals, and without a person (and an order) the database may hand back any.
    karen = factories.person_for("citizen")
    referral = db.session.scalar(
        sa.select(Application)
        .where(Application.source == ApplicationSource.GP, Application.person_id == karen.id)
        .order_by(Application.id)
    )
    log_in(client, "gp")
    text = " ".join(client_request.get("gp.referral", application_id=referral.id).get_text().split())
    assert "Slutstatus" in text
    assert "Karen rejser sig nu fra en almindelig stol" in text
    assert "Karen fortsætter med sit træningsprogram" in text
