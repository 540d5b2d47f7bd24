"""Træn med: a relative with the fuldmagt scope "hjælp med træningen", or a home-care helper logged in as staff,
runs "Træn nu" with the citizen and logs the day; the log says who logged it and the access log records it."""

from __future__ import annotations

import io
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from PIL import Image

from portal.clock import today
from portal.extensions import db
from portal.models import AccessLog, Program, Scope, TrainingLogEntry, TrainingRun
from tests import factories
from tests.oidc_flow import log_in, persona

KAREN_CPR = persona("citizen").cpr


def page(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(response: Any) -> str:
    return " ".join(page(response).get_text().split())


def karens_program() -> Program:
    program = factories.a_program(
        factories.person_for("citizen"),
        exercises=[factories.exercise("Rejse og sætte dig", svg_file="rejse-saette-sig.svg")],
    )
    db.session.commit()
    return program


def mette_acts_for_karen(client: FlaskClient, *scopes: Scope) -> None:
    made = factories.delegation(
        factories.person_for("citizen"), factories.person_for("relative"), scopes=" ".join(scopes)
    )
    db.session.commit()
    log_in(client, "relative")
    assert client.post(f"/jeg-hjaelper/{made.id}/vaelg").status_code == 303


def the_entry() -> TrainingLogEntry:
    db.session.expire_all()
    (entry,) = db.session.scalars(sa.select(TrainingLogEntry)).all()
    return entry


def karens_log(action: str) -> list[AccessLog]:
    karen = factories.person_for("citizen")
    return list(
        db.session.scalars(
            sa.select(AccessLog).where(AccessLog.subject_person_id == karen.id, AccessLog.action == action)
        )
    )


def test_mette_with_the_scope_trains_with_karen_and_the_log_names_her(client: FlaskClient) -> None:
    program = karens_program()
    mette_acts_for_karen(client, Scope.SEE, Scope.HELP_TRAINING)
    overview = page(client.get("/mit-overblik"))
    assert overview.select_one('.train-now a[href="/mit-traeningsprogram/traen"]') is not None
    start = page(client.get(f"/mit-traeningsprogram/{program.id}/traen"))
    assert "Du træner med Karen Testesen." in start.get_text()
    # The step page as Mette sees it, within the page budgets with her fuldmagt read and the access log written.
    assert page(client.get(f"/mit-traeningsprogram/{program.id}/traen/1")).h1.get_text() == "Rejse og sætte dig"
    for done in range(3):
        client.post(f"/mit-traeningsprogram/{program.id}/traen/1/saet", data={"done": str(done)})
    finished = client.post(f"/mit-traeningsprogram/{program.id}/traen/slut", data={"effort": "4", "pain": "1"})
    assert finished.headers["Location"].endswith(f"/mit-traeningsprogram/{program.id}/fremskridt")
    entry = the_entry()
    assert (entry.logged_by_name, entry.logged_as) == ("Mette Testesen", "relative")
    assert entry.logged_by_account_id == factories.account_of("relative").id
    progress = page(client.get(finished.headers["Location"]))
    assert progress.select_one("table.progress-table tbody tr .logged-by").get_text() == (
        "Registreret af Mette Testesen (pårørende)"
    )
    # Karen's access log has what Mette did, as her relative, under the fuldmagt.
    (finish,) = karens_log("train.finish")
    assert (finish.actor_name, finish.acting_as) == ("Mette Testesen", "relative") and finish.delegation_id
    assert len(karens_log("train.set_done")) == 3


def refusal_words(response: Any) -> str:
    assert response.status_code == 403, response.status_code
    return " ".join(BeautifulSoup(response.get_data(as_text=True), "html.parser").find("main").get_text(" ").split())


def test_handling_sessions_does_not_let_a_relative_train(client: FlaskClient) -> None:
    program = karens_program()
    mette_acts_for_karen(client, Scope.SEE, Scope.MANAGE_SESSIONS)
    # The fuldmagt holds but lacks the scope: the refusal names it, and Mette keeps acting for Karen.
    words = refusal_words(client.get(f"/mit-traeningsprogram/{program.id}/traen"))
    assert "Det kan du ikke gøre for Karen Testesen" in words
    assert "Hjælpe mig med min træning derhjemme." in words
    assert "Du handler stadig på vegne af Karen Testesen." in words
    # A post is refused the same way, and no set is kept.
    assert "Hjælpe mig med min træning derhjemme." in refusal_words(
        client.post(f"/mit-traeningsprogram/{program.id}/traen/1/saet", data={"done": "0"})
    )
    assert db.session.scalars(sa.select(TrainingRun)).all() == []
    # Still acting for Karen, whose home offers no "Træn nu" to Mette.
    overview = page(client.get("/mit-overblik"))
    assert overview.h1.get_text() == "Overblik for Karen Testesen"
    assert overview.select_one(".train-now") is None


def test_a_relative_who_may_only_train_is_sent_back_to_train_now_not_to_the_chart(client: FlaskClient) -> None:
    program = karens_program()
    mette_acts_for_karen(client, Scope.HELP_TRAINING)
    client.post(f"/mit-traeningsprogram/{program.id}/traen/1/saet", data={"done": "0"})
    finished = client.post(f"/mit-traeningsprogram/{program.id}/traen/slut", data={"effort": "4", "pain": "1"})
    assert finished.headers["Location"].endswith(f"/mit-traeningsprogram/{program.id}/traen")
    assert "Din træningsdag er registreret" in text_of(client.get(finished.headers["Location"]))
    # The chart needs the see scope, which Mette lacks: refused in words, not hidden.
    assert "Du handler stadig på vegne af Karen Testesen." in refusal_words(
        client.get(f"/mit-traeningsprogram/{program.id}/fremskridt")
    )


def test_the_citizens_own_day_says_she_logged_it(client: FlaskClient) -> None:
    program = karens_program()
    log_in(client, "citizen")
    client.post(f"/mit-traeningsprogram/{program.id}/traen/1/saet", data={"done": "0"})
    client.post(f"/mit-traeningsprogram/{program.id}/traen/slut", data={"effort": "4", "pain": "1"})
    entry = the_entry()
    assert (entry.logged_by_name, entry.logged_as) == ("Karen Testesen", "self")
    # Her own days need no name in her table.
    progress = page(client.get(f"/mit-traeningsprogram/{program.id}/fremskridt"))
    assert progress.select_one("table.progress-table tbody tr .logged-by") is None


def test_the_log_form_names_who_logged_the_day_too(client: FlaskClient) -> None:
    program = karens_program()
    mette_acts_for_karen(client, Scope.SEE, Scope.MANAGE_SESSIONS)
    day = today()
    client.post(
        f"/mit-traeningsprogram/{program.id}/registrer",
        data={
            "day-day": str(day.day),
            "day-month": str(day.month),
            "day-year": str(day.year),
            "items": [str(program.items[0].id)],
            "effort": "3",
            "pain": "0",
        },
    )
    assert (the_entry().logged_by_name, the_entry().logged_as) == ("Mette Testesen", "relative")


def test_a_home_care_helper_finds_karen_by_cpr_trains_with_her_and_logs_the_day(client: FlaskClient) -> None:
    program = karens_program()
    log_in(client, "helper")
    console = page(client.get("/medarbejder/"))
    links = {a["href"] for a in console.select("main a")}
    assert "/medarbejder/traen-med/" in links and "/medarbejder/oevelser/" not in links
    found = client.post("/medarbejder/traen-med/", data={"cpr_number": KAREN_CPR})
    karen = factories.person_for("citizen")
    assert found.status_code == 303 and found.headers["Location"].endswith(f"/medarbejder/traen-med/borger/{karen.id}")
    # The CPR number is in no address.
    assert KAREN_CPR not in found.headers["Location"]
    citizen = page(client.get(found.headers["Location"]))
    assert citizen.h1.get_text() == "Karen Testesen"
    base = f"/medarbejder/traen-med/borger/{karen.id}/program/{program.id}/traen"
    assert citizen.select_one(f'a[href="{base}"]').get_text() == "Træn nu med Karen"
    step = page(client.get(f"{base}/1"))
    assert step.h1.get_text() == "Rejse og sætte dig"
    assert step.select_one("[data-set-form]")["action"] == f"{base}/1/saet"
    assert client.post(f"{base}/1/saet", data={"done": "0"}).status_code == 303
    finished = client.post(f"{base}/slut", data={"effort": "5", "pain": "3"})
    assert finished.headers["Location"].endswith(f"/medarbejder/traen-med/borger/{karen.id}")
    after = page(client.get(finished.headers["Location"]))
    assert "Din træningsdag er registreret" in after.get_text()
    assert after.select_one("table tbody tr").select("td")[-1].get_text() == "Hanne Hjemmehjælper"
    entry = the_entry()
    assert (entry.logged_by_name, entry.logged_as, entry.effort) == ("Hanne Hjemmehjælper", "staff", 5)
    for action in ("helper.find_citizen", "helper.citizen", "helper.step", "helper.set_done", "helper.finish"):
        rows = karens_log(action)
        assert rows, action
        assert {(row.actor_name, row.actor_role, row.acting_as) for row in rows} == {
            ("Hanne Hjemmehjælper", "helper", "staff")
        }


def test_an_unknown_cpr_number_is_said_next_to_the_field(client: FlaskClient) -> None:
    log_in(client, "helper")
    html = page(client.post("/medarbejder/traen-med/", data={"cpr_number": "010203-1234"}))
    assert "kender endnu ingen borger med dette CPR-nummer" in html.select_one("#cpr_number-error").get_text()
    assert html.select_one(".alert-error") is not None
    assert html.select_one("#cpr_number")["value"] == "010203-1234"


def test_the_helper_sees_another_citizens_program_only_at_that_citizens_address(client: FlaskClient) -> None:
    program = karens_program()
    other = factories.a_person(4)
    db.session.commit()
    log_in(client, "helper")
    # Karen's program under another citizen's address is not found.
    assert client.get(f"/medarbejder/traen-med/borger/{other.id}/program/{program.id}/traen").status_code == 404
    assert "har ikke et træningsprogram endnu" in text_of(client.get(f"/medarbejder/traen-med/borger/{other.id}"))


@pytest.mark.parametrize("persona_key", ["therapist", "visitator", "citizen"])
def test_no_one_else_uses_the_helpers_pages(client: FlaskClient, persona_key: str) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, persona_key)
    assert client.get(f"/medarbejder/traen-med/borger/{karen.id}").status_code == 403


def test_the_helper_sees_a_picture_staff_uploaded_through_a_route_of_their_own(client: FlaskClient) -> None:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    photo = factories.exercise("Med foto", image=out.getvalue(), image_mime="image/png")
    karen = factories.person_for("citizen")
    program = factories.a_program(karen, exercises=[photo])
    db.session.commit()
    log_in(client, "helper")
    step = page(client.get(f"/medarbejder/traen-med/borger/{karen.id}/program/{program.id}/traen/1"))
    src = step.select_one("img.train-picture")["src"]
    assert src.startswith(f"/medarbejder/traen-med/oevelser/{photo.id}/billede")
    with client.get(src) as picture:
        assert picture.status_code == 200 and picture.mimetype == "image/png"
