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
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in, persona
from tests.paths import path

KAREN_CPR = persona("citizen").cpr


def text_of(html: BeautifulSoup) -> str:
    return " ".join(html.get_text().split())


def karens_program() -> Program:
    program = factories.a_program(
        factories.person_for("citizen"),
        exercises=[factories.exercise("Rejse og sætte dig", svg_file="rejse-saette-sig.svg")],
    )
    db.session.commit()
    return program


def mette_acts_for_karen(browser: ClientRequest, *scopes: Scope) -> None:
    made = factories.delegation(
        factories.person_for("citizen"), factories.person_for("relative"), scopes=" ".join(scopes)
    )
    db.session.commit()
    log_in(browser.client, "relative")
    browser.post("delegations.act_for", delegation_id=made.id)


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


def test_mette_with_the_scope_trains_with_karen_and_the_log_names_her(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    mette_acts_for_karen(client_request, Scope.SEE, Scope.HELP_TRAINING)
    overview = client_request.get("overview.index")
    assert overview.select_one(f'.train-now a[href="{path("train.newest")}"]') is not None
    start = client_request.get("train.start", program_id=program.id)
    assert "Du træner med Karen Testesen." in start.get_text()
    # The step page as Mette sees it, within the page budgets with her fuldmagt read and the access log written.
    assert client_request.get("train.step", program_id=program.id, number=1).h1.get_text() == "Rejse og sætte dig"
    for done in range(3):
        client_request.post("train.set_done", _data={"done": str(done)}, program_id=program.id, number=1)
    finished = client_request.post("train.finish", _data={"effort": "4", "pain": "1"}, program_id=program.id)
    assert finished.headers["Location"].endswith(path("programs.progress", program_id=program.id))
    entry = the_entry()
    assert (entry.logged_by_name, entry.logged_as) == ("Mette Testesen", "relative")
    assert entry.logged_by_account_id == factories.account_of("relative").id
    progress = client_request.get("programs.progress", program_id=program.id)
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


def test_handling_sessions_does_not_let_a_relative_train(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    mette_acts_for_karen(client_request, Scope.SEE, Scope.MANAGE_SESSIONS)
    # The fuldmagt holds but lacks the scope: the refusal names it, and Mette keeps acting for Karen.
    words = refusal_words(client_request.get_response("train.start", _expected_status=403, program_id=program.id))
    assert "Det kan du ikke gøre for Karen Testesen" in words
    assert "Hjælpe mig med min træning derhjemme." in words
    assert "Du handler stadig på vegne af Karen Testesen." in words
    # A post is refused the same way, and no set is kept.
    assert "Hjælpe mig med min træning derhjemme." in refusal_words(
        client_request.post(
            "train.set_done", _data={"done": "0"}, _expected_status=403, program_id=program.id, number=1
        )
    )
    assert db.session.scalars(sa.select(TrainingRun)).all() == []
    # Still acting for Karen, whose home offers no "Træn nu" to Mette.
    overview = client_request.get("overview.index")
    assert overview.h1.get_text() == "Overblik for Karen Testesen"
    assert overview.select_one(".train-now") is None


def test_a_relative_who_may_only_train_is_sent_back_to_train_now_not_to_the_chart(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    mette_acts_for_karen(client_request, Scope.HELP_TRAINING)
    client_request.post("train.set_done", _data={"done": "0"}, program_id=program.id, number=1)
    finished = client_request.post("train.finish", _data={"effort": "4", "pain": "1"}, program_id=program.id)
    assert finished.headers["Location"].endswith(path("train.start", program_id=program.id))
    assert "Din træningsdag er registreret" in text_of(client_request.get("train.start", program_id=program.id))
    # The chart needs the see scope, which Mette lacks: refused in words, not hidden.
    assert "Du handler stadig på vegne af Karen Testesen." in refusal_words(
        client_request.get_response("programs.progress", _expected_status=403, program_id=program.id)
    )


def test_the_citizens_own_day_says_she_logged_it(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    log_in(client, "citizen")
    client_request.post("train.set_done", _data={"done": "0"}, program_id=program.id, number=1)
    client_request.post("train.finish", _data={"effort": "4", "pain": "1"}, program_id=program.id)
    entry = the_entry()
    assert (entry.logged_by_name, entry.logged_as) == ("Karen Testesen", "self")
    # Her own days need no name in her table.
    progress = client_request.get("programs.progress", program_id=program.id)
    assert progress.select_one("table.progress-table tbody tr .logged-by") is None


def test_the_log_form_names_who_logged_the_day_too(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    mette_acts_for_karen(client_request, Scope.SEE, Scope.MANAGE_SESSIONS)
    day = today()
    client_request.post(
        "programs.log",
        _data={
            "day-day": str(day.day),
            "day-month": str(day.month),
            "day-year": str(day.year),
            "items": [str(program.items[0].id)],
            "effort": "3",
            "pain": "0",
        },
        program_id=program.id,
    )
    assert (the_entry().logged_by_name, the_entry().logged_as) == ("Mette Testesen", "relative")


def test_a_home_care_helper_finds_karen_by_cpr_trains_with_her_and_logs_the_day(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "helper")
    console = client_request.get("staff.console")
    links = {a["href"] for a in console.select("main a")}
    assert path("helper.find_citizen") in links and path("exercises.index") not in links
    found = client_request.post("helper.find_citizen", _data={"cpr_number": KAREN_CPR})
    karen = factories.person_for("citizen")
    assert found.headers["Location"].endswith(path("helper.citizen", person_id=karen.id))
    # The CPR number is in no address.
    assert KAREN_CPR not in found.headers["Location"]
    citizen = client_request.get("helper.citizen", person_id=karen.id)
    assert citizen.h1.get_text() == "Karen Testesen"
    ids = {"person_id": karen.id, "program_id": program.id}
    assert citizen.select_one(f'a[href="{path("helper.start", **ids)}"]').get_text() == "Træn nu med Karen"
    step = client_request.get("helper.step", number=1, **ids)
    assert step.h1.get_text() == "Rejse og sætte dig"
    assert step.select_one("[data-set-form]")["action"] == path("helper.set_done", number=1, **ids)
    client_request.post("helper.set_done", _data={"done": "0"}, number=1, **ids)
    finished = client_request.post("helper.finish", _data={"effort": "5", "pain": "3"}, **ids)
    assert finished.headers["Location"].endswith(path("helper.citizen", person_id=karen.id))
    after = client_request.get("helper.citizen", person_id=karen.id)
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


def test_an_unknown_cpr_number_is_said_next_to_the_field(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "helper")
    refused = client_request.post("helper.find_citizen", _data={"cpr_number": "010203-1234"}, _expected_status=200)
    html = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    assert "kender endnu ingen borger med dette CPR-nummer" in html.select_one("#cpr_number-error").get_text()
    assert html.select_one(".alert-error") is not None
    assert html.select_one("#cpr_number")["value"] == "010203-1234"


def test_the_helper_sees_another_citizens_program_only_at_that_citizens_address(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    other = factories.a_person(4)
    db.session.commit()
    log_in(client, "helper")
    # Karen's program under another citizen's address is not found.
    client_request.get("helper.start", _expected_status=404, person_id=other.id, program_id=program.id)
    assert "har ikke et træningsprogram endnu" in text_of(client_request.get("helper.citizen", person_id=other.id))


@pytest.mark.parametrize("persona_key", ["therapist", "visitator", "citizen"])
def test_no_one_else_uses_the_helpers_pages(
    client: FlaskClient, client_request: ClientRequest, persona_key: str
) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, persona_key)
    client_request.get("helper.citizen", _expected_status=403, person_id=karen.id)


def test_the_helper_sees_a_picture_staff_uploaded_through_a_route_of_their_own(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    photo = factories.exercise("Med foto", image=out.getvalue(), image_mime="image/png")
    karen = factories.person_for("citizen")
    program = factories.a_program(karen, exercises=[photo])
    db.session.commit()
    log_in(client, "helper")
    step = client_request.get("helper.step", person_id=karen.id, program_id=program.id, number=1)
    src = step.select_one("img.train-picture")["src"]
    assert src.startswith(path("helper.image", exercise_id=photo.id))
    with client.get(src) as picture:
        assert picture.status_code == 200 and picture.mimetype == "image/png"
