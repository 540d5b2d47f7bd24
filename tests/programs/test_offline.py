"""The program on a phone without network: the web app manifest, the service worker and its pages, what the program
page offers to keep, and a training day sent twice (a phone that never heard the answer) that is logged once."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal.clock import today
from portal.extensions import db
from portal.models import Program, TrainingLogEntry, TrainingLogSubmission
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path as path_of

STATIC = Path(__file__).parents[2] / "portal" / "static"


def page(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def karens_program() -> Program:
    program = factories.a_program(
        factories.person_for("citizen"),
        exercises=[
            factories.exercise("Rejse og sætte dig", svg_file="rejse-saette-sig.svg"),
            factories.exercise("Stå på ét ben", svg_file="staa-paa-et-ben.svg"),
        ],
    )
    db.session.commit()
    return program


def day_answers(program: Program, key: str, effort: str) -> dict[str, Any]:
    day = today()
    return {
        "day-day": str(day.day),
        "day-month": str(day.month),
        "day-year": str(day.year),
        "items": [str(item.id) for item in program.items],
        "effort": effort,
        "pain": "1",
        "note": "",
        "idempotency_key": key,
    }


def entries() -> list[TrainingLogEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(TrainingLogEntry)))


def test_the_manifest_names_the_program_as_an_app_of_ours(app: Flask) -> None:
    manifest = json.loads((STATIC / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["start_url"].startswith(manifest["scope"]) and manifest["scope"] == "/mit-traeningsprogram/"
    assert manifest["lang"] == "da" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert (STATIC / icon["src"].removeprefix("/static/")).is_file()


def test_the_worker_is_our_own_script_from_the_root_and_keeps_the_strict_policy(client: FlaskClient) -> None:
    # Literal: a worker's scope is the folder it is served from, so the root address is part of what is tested.
    with client.get("/traeningsprogram-sw.js") as response:
        script = response.get_data()
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert script == (STATIC / "js" / "program-sw.js").read_bytes()
    assert "no-store" in response.headers["Cache-Control"] or "no-cache" in response.headers["Cache-Control"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    # Every file the worker keeps at install is one the portal serves.
    block = script.decode().split("var SHELL = [")[1].split("];")[0]
    pages = ["/mit-traeningsprogram/offline", "/mit-traeningsprogram/gemt-paa-telefonen"]
    shell = [*re.findall(r'"(/[^"]+)"', block), *pages]
    for path in shell:
        with client.get(path) as kept:
            assert kept.status_code == 200, path


def test_the_pages_the_worker_keeps_for_offline_hold_nothing_personal(client: FlaskClient) -> None:
    karens_program()
    log_in(client, "citizen")
    for path, heading in (
        ("/mit-traeningsprogram/offline", "Du er ikke på nettet"),
        ("/mit-traeningsprogram/gemt-paa-telefonen", "Din træningsdag er gemt på telefonen"),
    ):
        html = page(client.get(path))
        assert html.h1.get_text() == heading
        assert "Karen" not in html.select_one("main").get_text()


def test_the_program_page_offers_to_keep_its_pages_and_drawings_on_the_phone(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    html = client_request.get("programs.program", program_id=program.id)
    assert html.select_one('link[rel="manifest"]')["href"].split("?")[0] == "/static/manifest.json"
    assert html.select_one("script[data-worker]")["data-worker"] == "/traeningsprogram-sw.js"
    keep = html.select_one("[data-offline]")
    assert keep.has_attr("hidden"), "shown by the script only where the browser can keep pages"
    urls = json.loads(keep["data-urls"])
    mine = {"program_id": program.id}
    for expected in (
        path_of("programs.program", **mine),
        path_of("programs.log", **mine),
        path_of("programs.progress", **mine),
        path_of("train.start", **mine),
        path_of("train.step", number=1, **mine),
        path_of("train.step", number=2, **mine),
        path_of("train.finish", **mine),
        "/static/exercises/rejse-saette-sig.svg",
        "/static/exercises/rejse-saette-sig-start.svg",
    ):
        # Static files are kept under the fingerprinted address the pages ask for.
        assert expected in [url.split("?")[0] for url in urls], expected
    for url in urls:
        with client.get(url) as kept:
            assert kept.status_code == 200, url


def test_the_log_form_carries_a_key_and_a_day_sent_again_is_logged_once(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    form = client_request.get("programs.log", program_id=program.id)
    assert len(form.select_one('input[name="idempotency_key"]')["value"]) == 32
    client_request.post("programs.log", _data=day_answers(program, "phone-key-0000000001", "4"), program_id=program.id)
    # The citizen changes the day from another device...
    client_request.post("programs.log", _data=day_answers(program, "other-key-0000000002", "7"), program_id=program.id)
    # ...and then the phone, which never heard the first answer, sends the first again.
    again = client_request.post(
        "programs.log", _data=day_answers(program, "phone-key-0000000001", "4"), program_id=program.id
    )
    assert "Din træningsdag er registreret" in page(client.get(again.headers["Location"])).get_text()
    (entry,) = entries()
    assert entry.effort == 7
    keys = db.session.scalars(sa.select(TrainingLogSubmission.idempotency_key).order_by(TrainingLogSubmission.id))
    assert list(keys) == ["phone-key-0000000001", "other-key-0000000002"]


def test_the_questions_of_train_now_sent_again_are_logged_once(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    client_request.post("train.set_done", _data={"done": "0"}, program_id=program.id, number=1)
    answers = {"effort": "5", "pain": "2", "idempotency_key": "phone-key-0000000003"}
    client_request.post("train.finish", _data=answers, program_id=program.id)
    # Sent again, the session is over and nothing is left to log: the answer is still "logged", not an error.
    again = client_request.post("train.finish", _data=answers, program_id=program.id)
    assert again.headers["Location"] == path_of("programs.progress", program_id=program.id)
    assert len(entries()) == 1


def test_a_key_that_does_not_look_like_one_is_ignored(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    log_in(client, "citizen")
    client_request.post("programs.log", _data=day_answers(program, "x", "4"), program_id=program.id)
    assert db.session.scalars(sa.select(TrainingLogSubmission)).all() == []
    assert len(entries()) == 1
