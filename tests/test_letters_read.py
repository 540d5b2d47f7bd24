"""Letters know when the citizen themselves opened them: the message list marks the new ones, and a relative reading
a letter leaves it new for the citizen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import Message, Scope
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path
from tests.waiting import everything_waiting_for_karen


def read_at(message: Message) -> Any:
    db.session.expire_all()
    return db.session.get(Message, message.id).read_at


def test_a_relative_reading_a_letter_leaves_it_unread_for_the_citizen(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    w = everything_waiting_for_karen()
    made = factories.delegation(w.karen, factories.person_for("relative"), scopes=str(Scope.SEE))
    db.session.commit()
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    mette.post("delegations.act_for", delegation_id=made.id)
    letter = w.letters[0]
    mette.get_response("messages.show", message_id=letter.id)
    assert read_at(letter) is None

    log_in(client, "citizen")
    listed = client_request.get("messages.index")
    assert len(listed.select("main a.unread")) == 2
    assert "Ikke læst" in listed.find("main").get_text()
    client_request.get_response("messages.show", message_id=letter.id)
    first = read_at(letter)
    assert first is not None
    # A second opening keeps the first time.
    with clock.clock_set_to(clock.now() + timedelta(minutes=5)):
        client_request.get_response("messages.show", message_id=letter.id)
    assert read_at(letter) == first
    listed = client_request.get("messages.index")
    assert [a["href"] for a in listed.select("main a.unread")] == [path("messages.show", message_id=w.letters[1].id)]


def test_the_data_export_says_when_a_letter_was_opened(client: FlaskClient, client_request: ClientRequest) -> None:
    w = everything_waiting_for_karen()
    db.session.commit()
    log_in(client, "citizen")
    client_request.get_response("messages.show", message_id=w.letters[0].id)
    letters = client_request.get_response("my_data.download", fmt="json").get_json()["messages"]
    exported = {letter["subject"]: letter["read"] for letter in letters}
    assert exported["Kvittering for din ansøgning"] is not None and exported["Nye træningstider"] is None
    assert "Du åbnede det" in client_request.get_response("my_data.download", fmt="html").get_data(as_text=True)
