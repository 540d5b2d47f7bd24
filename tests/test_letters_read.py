"""Letters know when the citizen themselves opened them: the message list marks the new ones, and a relative reading
a letter leaves it new for the citizen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import Message, Scope
from tests import factories
from tests.oidc_flow import log_in
from tests.waiting import everything_waiting_for_karen


def html(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def read_at(message: Message) -> Any:
    db.session.expire_all()
    return db.session.get(Message, message.id).read_at


def test_a_relative_reading_a_letter_leaves_it_unread_for_the_citizen(app: Flask, client: FlaskClient) -> None:
    w = everything_waiting_for_karen()
    made = factories.delegation(w.karen, factories.person_for("relative"), scopes=str(Scope.SEE))
    db.session.commit()
    mette = app.test_client()
    log_in(mette, "relative")
    mette.post(f"/jeg-hjaelper/{made.id}/vaelg")
    letter = w.letters[0]
    assert mette.get(f"/beskeder/{letter.id}").status_code == 200
    assert read_at(letter) is None

    log_in(client, "citizen")
    listed = html(client.get("/beskeder"))
    assert len(listed.select("main a.unread")) == 2
    assert "Ikke læst" in listed.find("main").get_text()
    assert client.get(f"/beskeder/{letter.id}").status_code == 200
    first = read_at(letter)
    assert first is not None
    # A second opening keeps the first time.
    with clock.clock_set_to(clock.now() + timedelta(minutes=5)):
        client.get(f"/beskeder/{letter.id}")
    assert read_at(letter) == first
    listed = html(client.get("/beskeder"))
    assert [a["href"] for a in listed.select("main a.unread")] == [f"/beskeder/{w.letters[1].id}"]


def test_the_data_export_says_when_a_letter_was_opened(client: FlaskClient) -> None:
    w = everything_waiting_for_karen()
    db.session.commit()
    log_in(client, "citizen")
    client.get(f"/beskeder/{w.letters[0].id}")
    letters = client.get("/mine-data/mine-data.json").get_json()["messages"]
    exported = {letter["subject"]: letter["read"] for letter in letters}
    assert exported["Kvittering for din ansøgning"] is not None and exported["Nye træningstider"] is None
    assert "Du åbnede det" in client.get("/mine-data/mine-data.html").get_data(as_text=True)
