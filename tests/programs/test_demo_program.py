"""From `make run`: Karen has a program with pictures, a PDF and a log with a chart; Lise Lægesen has the end note."""

from __future__ import annotations

import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal.demo import load_demo_data
from portal.extensions import db
from portal.models import Application, ApplicationSource, Program
from tests.oidc_flow import log_in


def test_karen_sees_her_demo_program_pdf_and_chart(app: Flask, client: FlaskClient) -> None:
    load_demo_data()
    db.session.commit()
    newest = db.session.scalars(sa.select(Program).order_by(Program.issued_at.desc())).first()
    newest_id = newest.id
    log_in(client, "citizen")
    overview = client.get("/mit-overblik").get_data(as_text=True)
    assert 'href="/mit-traeningsprogram/"' in overview
    html = BeautifulSoup(client.get("/mit-traeningsprogram/").get_data(as_text=True), "html.parser")
    assert len(html.select(".program-exercise")) == 5
    assert all(img["alt"].endswith(", tegning") for img in html.select(".program-exercise img"))
    assert len(html.select(".program-exercise img")) == 5
    assert "Program fra" in html.get_text()  # the older program
    assert client.get(f"/mit-traeningsprogram/{newest_id}/program.pdf").mimetype == "application/pdf"
    progress = BeautifulSoup(client.get(f"/mit-traeningsprogram/{newest_id}/fremskridt").data, "html.parser")
    assert len(progress.select("circle.chart-effort-point")) == 10
    assert len(progress.select("table.progress-table tbody tr")) == 10


def test_the_referring_gp_reads_the_end_note_on_the_referral(app: Flask, client: FlaskClient) -> None:
    load_demo_data()
    db.session.commit()
    referral = db.session.scalar(sa.select(Application).where(Application.source == ApplicationSource.GP))
    path = f"/laege/henvisninger/{referral.id}"
    log_in(client, "gp")
    text = " ".join(client.get(path).get_data(as_text=True).split())
    assert "Slutstatus" in text
    assert "Karen rejser sig nu fra en almindelig stol" in text
    assert "Karen fortsætter med sit træningsprogram" in text
