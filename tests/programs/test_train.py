"""Træn nu: the program one exercise at a time, a set at a time, kept on the server, and the day logged at the end."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.clock import today
from portal.database import utcnow
from portal.exercises.services import load_library
from portal.extensions import db
from portal.models import Exercise, Program, TrainingLogEntry, TrainingRun
from portal.programs import links
from portal.standard.lix import page_lix
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path

STEP_PAGE_LIX = 25


def page(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(html: BeautifulSoup) -> str:
    return " ".join(html.get_text().split())


def karens_program() -> Program:
    """Rise from a chair, 3 times 10, and stand on one leg, hold 30 seconds, with the shipped drawings."""
    exercises = [
        factories.exercise("Rejse og sætte dig", svg_file="rejse-saette-sig.svg"),
        factories.exercise("Stå på ét ben", svg_file="staa-paa-et-ben.svg"),
    ]
    program = factories.a_program(factories.person_for("citizen"), exercises=exercises)
    db.session.commit()
    return program


def do_set(client_request: ClientRequest, program: Program, number: int, seen_done: int, expected: int = 303) -> Any:
    return client_request.post(
        "train.set_done",
        _data={"done": str(seen_done)},
        _expected_status=expected,
        program_id=program.id,
        number=number,
    )


def entries() -> list[TrainingLogEntry]:
    return list(db.session.scalars(sa.select(TrainingLogEntry).order_by(TrainingLogEntry.day)))


def test_the_citizen_starts_and_sees_one_exercise_with_both_positions_dose_and_steps(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    start = client_request.get("train.start", program_id=program.id)
    assert start.h1.get_text() == "Træn nu"
    begun = client_request.post("train.begin", program_id=program.id)
    assert begun.headers["Location"] == path("train.step", program_id=program.id, number=1)
    html = page(client.get(begun.headers["Location"]))
    assert html.h1.get_text() == "Rejse og sætte dig"
    assert "Øvelse 1 af 2" in html.get_text()
    assert html.select_one(".train-dose").get_text() == "3 gange 10 gentagelser"
    pictures = html.select(".train-movement img")
    assert [img["alt"] for img in pictures] == [
        "Rejse og sætte dig, startstilling",
        "Rejse og sætte dig, slutstilling",
    ]
    assert pictures[0]["src"].split("?")[0].endswith("/static/exercises/rejse-saette-sig-start.svg")
    assert pictures[1]["src"].split("?")[0].endswith("/static/exercises/rejse-saette-sig.svg")
    assert [li.get_text() for li in html.select(".train-steps li")] == ["Sid godt.", "Rejs dig."]
    assert html.select_one("[data-set-form] button").get_text() == "Jeg har lavet sæt 1"
    # Read aloud is offered only by the script, where the device has a Danish voice.
    assert html.select_one("[data-read-aloud]").has_attr("hidden")


def test_each_set_is_counted_once_and_kept_on_reload_with_the_rest_as_text(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    first = do_set(client_request, program, 1, 0)
    assert first.headers["Location"] == path("train.step", program_id=program.id, number=1, _anchor="saet")
    # The same click sent twice (a double click, a reload that posts again) counts once.
    do_set(client_request, program, 1, 0)
    html = client_request.get("train.step", program_id=program.id, number=1)
    assert [li.get_text() for li in html.select(".train-set-list li")] == [
        "Sæt 1: lavet",
        "Sæt 2: ikke endnu",
        "Sæt 3: ikke endnu",
    ]
    rest = html.select_one("[data-countdown=rest]")
    assert rest is not None and "Hvil i 30 sekunder." in rest.get_text()
    assert html.select_one("[data-set-form] button").get_text() == "Jeg har lavet sæt 2"
    (run,) = db.session.scalars(sa.select(TrainingRun)).all()
    assert run.sets_done == {str(program.items[0].id): 1} and run.day == today()


def test_the_rest_counts_down_from_the_last_set_and_is_gone_when_rested(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    do_set(client_request, program, 1, 0)
    clock.set_clock(clock.now() + timedelta(seconds=12))
    try:
        assert "Hvil i 18 sekunder." in text_of(client_request.get("train.step", program_id=program.id, number=1))
        clock.set_clock(clock.now() + timedelta(seconds=30))
        assert (
            client_request.get("train.step", program_id=program.id, number=1).select_one("[data-countdown=rest]")
            is None
        )
    finally:
        clock.set_clock(clock.now() - timedelta(seconds=42))


def test_a_hold_shows_its_countdown_as_text_and_the_last_set_says_the_exercise_is_done(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    html = client_request.get("train.step", program_id=program.id, number=2)
    assert html.select_one(".train-dose").get_text() == "hold 30 sekunder"
    hold = html.select_one("[data-countdown=hold]")
    assert hold["data-seconds"] == "30" and "Hold i 30 sekunder." in hold.get_text()
    assert html.select_one("[data-set-form] button").get_text() == "Jeg har lavet øvelsen"
    do_set(client_request, program, 2, 0)
    html = client_request.get("train.step", program_id=program.id, number=2)
    assert "Godt gået. Øvelsen er lavet." in html.select_one(".train-finished").get_text()
    assert html.select_one("[data-set-form]") is None
    assert html.select_one(f'a[href="{path("train.finish", program_id=program.id)}"]') is not None


def test_stopping_keeps_what_was_done_and_the_start_page_offers_to_go_on(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    for done in range(3):
        do_set(client_request, program, 1, done)
    start = client_request.get("train.start", program_id=program.id)
    go_on = start.select_one(f'a[href="{path("train.step", program_id=program.id, number=2)}"]')
    assert go_on is not None and go_on.get_text() == "Fortsæt med øvelse 2"
    # Another login (a new phone, a helper's) sees the same sets: they live on the server.
    other = ClientRequest(client.application.test_client())
    log_in(other.client, "citizen")
    assert "Sæt 3: lavet" in text_of(other.get("train.step", program_id=program.id, number=1))
    # Starting again clears them.
    client_request.post("train.begin", program_id=program.id)
    assert "Sæt 1: ikke endnu" in text_of(client_request.get("train.step", program_id=program.id, number=1))


def test_finishing_asks_two_questions_keeps_an_answer_on_error_and_logs_the_day(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    do_set(client_request, program, 1, 0)
    html = client_request.get("train.finish", program_id=program.id)
    assert html.h1.get_text() == "Hvordan gik det?"
    assert len(html.select('input[name="effort"]')) == 11 and len(html.select('input[name="pain"]')) == 11
    wrong = page(client_request.post("train.finish", _data={"pain": "2"}, _expected_status=200, program_id=program.id))
    assert wrong.title.get_text().startswith("Fejl: ")
    assert "Vælg, hvor hårdt det var, fra 0 til 10" in wrong.select_one("#effort-error").get_text()
    assert wrong.select_one('input[name="pain"][value="2"]').has_attr("checked")
    assert entries() == []
    done = client_request.post("train.finish", _data={"effort": "5", "pain": "2"}, program_id=program.id)
    assert done.headers["Location"] == path("programs.progress", program_id=program.id)
    progress = page(client.get(done.headers["Location"]))
    assert "Din træningsdag er registreret" in progress.get_text()
    assert progress.select("circle.chart-effort-point")
    (entry,) = entries()
    assert (entry.day, entry.effort, entry.pain) == (today(), 5, 2)
    assert [item.id for item in entry.items] == [program.items[0].id]
    assert db.session.scalars(sa.select(TrainingRun)).all() == []


def test_a_second_session_the_same_day_updates_the_days_entry(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    do_set(client_request, program, 2, 0)
    client_request.post("train.finish", _data={"effort": "3", "pain": "1"}, program_id=program.id)
    do_set(client_request, program, 1, 0)
    again = client_request.post("train.finish", _data={"effort": "6", "pain": "4"}, program_id=program.id)
    assert "Dagen var allerede registreret" in text_of(page(client.get(again.headers["Location"])))
    db.session.expire_all()
    (entry,) = entries()
    assert (entry.effort, entry.pain) == (6, 4)
    assert sorted(item.id for item in entry.items) == sorted(item.id for item in program.items)


def test_finishing_without_a_set_done_logs_nothing(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    log_in(client, "citizen")
    html = client_request.get("train.finish", program_id=program.id)
    assert html.h1.get_text() == "Du har ikke lavet nogen øvelser endnu"
    client_request.post("train.finish", _data={"effort": "5", "pain": "2"}, _expected_status=200, program_id=program.id)
    assert entries() == []


def test_a_session_left_from_an_earlier_day_is_logged_for_that_day(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    yesterday = today() - timedelta(days=1)
    db.session.add(TrainingRun(program_id=program.id, day=yesterday, sets_done={str(program.items[0].id): 2}))
    db.session.commit()
    log_in(client, "citizen")
    start = client_request.get("train.start", program_id=program.id)
    assert "men sagde ikke, hvordan det gik" in start.select_one(".alert").get_text()
    # Today's steps start from nothing.
    assert "Sæt 1: ikke endnu" in text_of(client_request.get("train.step", program_id=program.id, number=1))
    client_request.post("train.finish", _data={"effort": "4", "pain": "0"}, program_id=program.id)
    (entry,) = entries()
    assert entry.day == yesterday


def test_the_newest_program_is_where_train_now_begins(client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    factories.a_program(karen, issued_at=utcnow() - timedelta(days=200))
    newest = factories.a_program(karen)
    db.session.commit()
    log_in(client, "citizen")
    response = client_request.get_response("train.newest", _expected_status=303)
    assert response.headers["Location"].endswith(path("train.start", program_id=newest.id))


def test_the_program_page_and_the_overview_offer_train_now(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    log_in(client, "citizen")
    program_page = client_request.get("programs.program", program_id=program.id)
    assert program_page.select_one(f'a[href="{path("train.start", program_id=program.id)}"]').get_text() == "Træn nu"
    overview = client_request.get("overview.index")
    assert overview.select_one(f'.train-now a[href="{path("train.newest")}"]') is not None


@pytest.mark.parametrize(
    ("endpoint", "values"), [("train.start", {}), ("train.step", {"number": 1}), ("train.finish", {})]
)
def test_someone_elses_program_is_not_found(
    client: FlaskClient, client_request: ClientRequest, endpoint: str, values: dict[str, int]
) -> None:
    other = factories.a_program(factories.a_person(3))
    draft = factories.a_program(factories.person_for("citizen"), issued=False)
    db.session.commit()
    log_in(client, "citizen")
    for program in (other, draft):
        client_request.get(endpoint, _expected_status=404, program_id=program.id, **values)
    do_set(client_request, other, 1, 0, expected=404)
    client_request.post("train.begin", _expected_status=404, program_id=other.id)
    assert db.session.scalars(sa.select(TrainingRun)).all() == []


def test_a_step_beyond_the_program_is_not_found(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    log_in(client, "citizen")
    client_request.get("train.step", _expected_status=404, program_id=program.id, number=3)
    client_request.get("train.step", _expected_status=404, program_id=program.id, number=0)


def test_every_step_page_of_the_library_is_plain_danish(client: FlaskClient, client_request: ClientRequest) -> None:
    load_library()
    exercises = list(db.session.scalars(sa.select(Exercise).order_by(Exercise.slug)))
    program = factories.a_program(factories.person_for("citizen"), exercises=exercises)
    db.session.commit()
    log_in(client, "citizen")
    too_hard = {}
    for number, item in enumerate(program.items, start=1):
        html = client_request.get_response("train.step", program_id=program.id, number=number).get_data(as_text=True)
        if page_lix(html) > STEP_PAGE_LIX:
            too_hard[item.exercise.slug] = round(page_lix(html), 1)
    assert too_hard == {}


def test_the_start_and_the_questions_at_the_end_read_as_plainly_as_the_steps(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    start = client_request.get_response("train.start", program_id=program.id)
    assert page_lix(start.get_data(as_text=True)) <= STEP_PAGE_LIX
    do_set(client_request, program, 1, 0)
    finish = client_request.get_response("train.finish", program_id=program.id)
    assert page_lix(finish.get_data(as_text=True)) <= STEP_PAGE_LIX
    # Sent without answers: the page with its two error messages.
    unanswered = client_request.post("train.finish", _expected_status=200, program_id=program.id)
    assert "Vælg, hvor hårdt det var" in unanswered.get_data(as_text=True)
    assert page_lix(unanswered.get_data(as_text=True)) <= STEP_PAGE_LIX


def test_the_qr_codes_page_and_the_phones_pages_read_at_lix_35_and_the_helpers_at_45(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    program = factories.a_program(karen)
    links.mint(program)
    db.session.commit()
    public = [path("exercise_page.show", token=token) for token in links.tokens_for(program).values()]
    public += [path("offline.offline"), path("offline.saved")]
    plain = {address: page_lix(client.get(address).get_data(as_text=True)) for address in public}
    log_in(client, "helper")
    helpers = (path("helper.find_citizen"), path("helper.citizen", person_id=karen.id))
    staff = {address: page_lix(client.get(address).get_data(as_text=True)) for address in helpers}
    assert {address: lix for address, lix in plain.items() if lix > 35} == {}
    assert {address: lix for address, lix in staff.items() if lix > 45} == {}
