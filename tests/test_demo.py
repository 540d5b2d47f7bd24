from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from portal import cpr
from portal.demo import DEMO_PEOPLE
from portal.extensions import db
from portal.models import Person


def test_demo_data_loads_and_loading_again_changes_nothing(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "3 new of 3" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert "0 new of 3" in second.output
    people = db.session.scalars(sa.select(Person).order_by(Person.id)).all()
    assert [p.full_name for p in people] == [f"{d.given_name} {d.family_name}" for d in DEMO_PEOPLE]
    assert cpr.decrypt(people[0].cpr_encrypted) == DEMO_PEOPLE[0].cpr
