"""The dose in words, and a training day logged twice at the same moment."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale

from portal.clock import today
from portal.extensions import db
from portal.models import ProgramItem, TrainingLogEntry
from portal.programs import services
from portal.programs.labels import dose, session_dose
from tests import factories


@pytest.mark.parametrize(
    ("values", "danish", "english"),
    [
        (
            {"sets": 3, "repetitions": 10},
            "3 gange 10 gentagelser, 4 dage om ugen",
            "3 times 10 repetitions, 4 days a week",
        ),
        ({"sets": 1, "repetitions": 1}, "1 gentagelse, 4 dage om ugen", "1 repetition, 4 days a week"),
        ({"seconds": 30}, "hold 30 sekunder, 4 dage om ugen", "hold 30 seconds, 4 days a week"),
        (
            {"sets": 2, "seconds": 20},
            "2 gange, hold 20 sekunder, 4 dage om ugen",
            "2 times, hold 20 seconds, 4 days a week",
        ),
        ({"repetitions": 8, "times_per_week": 1}, "8 gentagelser, 1 dag om ugen", "8 repetitions, 1 day a week"),
        ({"repetitions": 8, "times_per_week": 14}, "8 gentagelser, 14 gange om ugen", "8 repetitions, 14 times a week"),
    ],
)
def test_the_dose_reads_as_words(app: Flask, values: dict[str, Any], danish: str, english: str) -> None:
    item = ProgramItem(**{"sets": None, "repetitions": None, "seconds": None, "times_per_week": 4, **values})
    with app.test_request_context():
        with force_locale("da"):
            assert dose(item) == danish
        with force_locale("en"):
            assert dose(item) == english


@pytest.mark.parametrize(
    ("values", "danish"),
    [
        ({"sets": 3, "repetitions": 10}, "3 gange 10 gentagelser"),
        ({"seconds": 20}, "hold 20 sekunder"),
        ({"sets": 2, "seconds": 20}, "2 gange, hold 20 sekunder"),
        # A dose without sets, repetitions or time is done once.
        ({}, "1 gang"),
    ],
)
def test_the_dose_of_one_training_leaves_out_the_days_a_week(app: Flask, values: dict[str, Any], danish: str) -> None:
    item = ProgramItem(**{"sets": None, "repetitions": None, "seconds": None, "times_per_week": 4, **values})
    with app.test_request_context(), force_locale("da"):
        assert session_dose(item) == danish


def test_a_day_sent_twice_at_once_ends_as_one_updated_entry(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    program = factories.a_program(factories.person_for("citizen"))
    services.log_day(program, today(), [program.items[0].id], 3, 1)
    db.session.commit()
    # The second request read "no entry yet" just before the first one committed its row.
    real_entry_on = services.entry_on
    calls = []

    def not_yet_on_first_call(program_id: int, day: Any) -> TrainingLogEntry | None:
        calls.append(day)
        return None if len(calls) == 1 else real_entry_on(program_id, day)

    monkeypatch.setattr(services, "entry_on", not_yet_on_first_call)
    entry, updated = services.log_day(program, today(), [item.id for item in program.items], 6, 4, "igen")
    db.session.commit()
    assert updated is True
    (only,) = db.session.scalars(sa.select(TrainingLogEntry)).all()
    assert (only.id, only.effort, only.pain, only.note, len(only.items)) == (entry.id, 6, 4, "igen", 2)
