"""Træn nu's pages within the page budgets: at most 6 SQL statements and under 30 KB, for the citizen, a relative with
the scope "help_training" and a home-care helper, on every step of a program that holds the whole starter library,
with sets done, the session's last activity written back and the access log written. The QR code's public exercise
page is held to the same budget."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.exercises.services import load_library
from portal.extensions import db
from portal.models import Exercise, Program, Scope
from portal.programs import links
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in

MAX_STATEMENTS = 6
MAX_BYTES = 30_000


def the_whole_library_as_karens_program() -> Program:
    load_library()
    exercises = list(db.session.scalars(sa.select(Exercise).order_by(Exercise.slug)))
    program = factories.a_program(factories.person_for("citizen"), exercises=exercises)
    links.mint(program)
    db.session.commit()
    return program


def trainer(app: Flask, who: str) -> tuple[FlaskClient, str]:
    """A logged-in client for `who` and the address where their Træn nu pages begin, without the program's part."""
    client = app.test_client()
    karen = factories.person_for("citizen")
    if who == "citizen":
        log_in(client, "citizen")
        return client, "/mit-traeningsprogram/{program_id}/traen"
    if who == "relative":
        made = factories.delegation(karen, factories.person_for("relative"), scopes=str(Scope.HELP_TRAINING))
        db.session.commit()
        log_in(client, "relative")
        ClientRequest(client).post("delegations.act_for", delegation_id=made.id)
        return client, "/mit-traeningsprogram/{program_id}/traen"
    log_in(client, "helper")
    return client, f"/medarbejder/traen-med/borger/{karen.id}/program/{{program_id}}/traen"


def within_budget(client: FlaskClient, path: str, count_queries: Callable[[], list[str]]) -> None:
    client.get(path)
    # Two minutes on, the session's last activity is stale and is written back: the most a page costs.
    with clock.clock_set_to(clock.now() + timedelta(minutes=2)):
        before = len(count_queries())
        response = client.get(path)
        statements = count_queries()[before:]
    assert response.status_code == 200, (path, response.status_code)
    assert len(statements) <= MAX_STATEMENTS, (path, [s[:100] for s in statements])
    assert len(response.get_data()) < MAX_BYTES, (path, len(response.get_data()))


@pytest.mark.parametrize("who", ["citizen", "relative", "helper"])
def test_every_step_page_stays_within_six_statements_and_30_kb(
    app: Flask, who: str, count_queries: Callable[[], list[str]]
) -> None:
    program = the_whole_library_as_karens_program()
    client, base = trainer(app, who)
    base = base.format(program_id=program.id)
    assert client.post(f"{base}/start").status_code == 303
    # The first exercise half done, so the pages carry a session in progress.
    assert client.post(f"{base}/1/saet", data={"done": "0"}).status_code == 303
    within_budget(client, base, count_queries)
    for number in range(1, len(program.items) + 1):
        within_budget(client, f"{base}/{number}", count_queries)
    within_budget(client, f"{base}/slut", count_queries)


def test_the_exercise_page_of_a_qr_code_stays_within_the_budget(
    client: FlaskClient, count_queries: Callable[[], list[str]]
) -> None:
    program = the_whole_library_as_karens_program()
    tokens = links.tokens_for(program)
    for item in program.items:
        before = len(count_queries())
        response = ClientRequest(client).get_response("exercise_page.show", token=tokens[item.id])
        assert len(count_queries()) - before <= MAX_STATEMENTS, item.exercise.slug
        assert len(response.get_data()) < MAX_BYTES, item.exercise.slug
