"""One commit per request when it succeeds; nothing is kept when it fails."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Flask

from portal.auth.access import public
from portal.extensions import db
from portal.models import Person


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
    assert app.test_client().post("/test/ok").status_code == 200
    db.session.remove()
    assert count_people() == 1


def test_a_failing_request_keeps_nothing(app: Flask) -> None:
    @public
    def crash():
        add_person("crash")
        raise RuntimeError("boom")

    app.add_url_rule("/test/crash", "crash", crash, methods=["POST"])
    assert app.test_client().post("/test/crash").status_code == 500
    db.session.remove()
    assert count_people() == 0


def test_a_request_answered_with_an_error_status_keeps_nothing(app: Flask) -> None:
    @public
    def refused():
        add_person("refused")
        return "no", 422

    app.add_url_rule("/test/refused", "refused", refused, methods=["POST"])
    assert app.test_client().post("/test/refused").status_code == 422
    db.session.remove()
    assert count_people() == 0
