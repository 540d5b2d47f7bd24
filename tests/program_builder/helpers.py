from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from portal.extensions import db
from portal.models import Course, EndNote, Exercise, Program, ProgramItem
from portal.programs import builder as services
from tests import factories


def page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def karens_course(**overrides: Any) -> Course:
    return factories.course(factories.person_for("citizen"), **overrides)


def program_with(course: Course, *exercises: Exercise, reps: int | None = 10) -> Program:
    """A draft program for the course with the exercises, each with a complete dose unless `reps` is None."""
    program = services.start(course, factories.therapist_account().id)
    for exercise in exercises:
        services.add(program, exercise, services.Dose(2, reps, None, 3))
    db.session.expire(program, ["items"])
    return program


def end_note(course: Course) -> EndNote:
    return services.save_end_note(
        course,
        "Karen går til Brugsen med stok.",
        "Fortsæt med programmet og prøv seniorgymnastik.",
        factories.therapist_account().id,
    )


def positions(program: Program) -> list[str]:
    db.session.expire_all()
    return [
        item.exercise.name_da
        for item in db.session.scalars(
            db.select(ProgramItem).where(ProgramItem.program_id == program.id).order_by(ProgramItem.position)
        )
    ]
