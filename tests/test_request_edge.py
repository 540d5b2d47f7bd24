"""One commit per request when it succeeds; nothing is kept when it fails."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.auth.access import public
from portal.domain import DomainRefused
from portal.extensions import db
from portal.models import Person
from portal.requests import on_refusal
from tests.conftest import ClientRequest

# These tests add routes of their own, which Flask allows only on an app that has served no request yet.
pytestmark = pytest.mark.fresh_app


def add_person(name: str) -> None:
    db.session.add(
        Person(cpr_hash=name, cpr_encrypted="x", given_name=name, family_name="T", birth_date=date(1950, 5, 5))
    )
    db.session.flush()


def count_people() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Person))


def test_a_successful_request_commits_what_it_changed(app: Flask) -> None:
    @public
    def ok():
        add_person("ok")
        return "ok"

    app.add_url_rule("/test/ok", "ok", ok, methods=["POST"])
    ClientRequest(app.test_client()).post("ok", _expected_status=200)
    db.session.remove()
    assert count_people() == 1


def test_a_failing_request_keeps_nothing(app: Flask) -> None:
    @public
    def crash():
        add_person("crash")
        raise RuntimeError("boom")

    app.add_url_rule("/test/crash", "crash", crash, methods=["POST"])
    ClientRequest(app.test_client()).post("crash", _expected_status=500)
    db.session.remove()
    assert count_people() == 0


def test_a_request_answered_with_an_error_status_keeps_nothing(app: Flask) -> None:
    @public
    def refused():
        add_person("refused")
        return "no", 422

    app.add_url_rule("/test/refused", "refused", refused, methods=["POST"])
    ClientRequest(app.test_client()).post("refused", _expected_status=422)
    db.session.remove()
    assert count_people() == 0


def test_a_refused_domain_action_keeps_nothing_and_shows_its_message(app: Flask) -> None:
    @public
    def refused():
        add_person("refused")
        raise DomainRefused("taken", "The time was taken a moment ago")

    app.add_url_rule("/test/domain-refused", "domain_refused", refused, methods=["POST"])
    response = ClientRequest(app.test_client()).post("domain_refused", _expected_status=409)
    assert "The time was taken a moment ago" in response.get_data(as_text=True)
    db.session.remove()
    assert count_people() == 0


def test_a_refusal_answers_as_the_view_asked_after_the_rollback(app: Flask) -> None:
    @public
    def refused():
        add_person("refused")
        on_refusal(lambda refusal: (f"{refusal.reason}: {count_people()} people", 200))
        raise DomainRefused("taken")

    app.add_url_rule("/test/domain-refused-view", "domain_refused_view", refused, methods=["POST"])
    response = ClientRequest(app.test_client()).post("domain_refused_view", _expected_status=200)
    # The view's own answer sees the database as it was before the request, and its 200 commits nothing refused.
    assert response.get_data(as_text=True) == "taken: 0 people"
    db.session.remove()
    assert count_people() == 0
