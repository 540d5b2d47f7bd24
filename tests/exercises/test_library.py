from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import sqlalchemy as sa
from flask import Flask

from portal.exercises import services
from portal.extensions import db
from portal.models import BodyArea, Exercise

DRAWINGS = Path(__file__).parents[2] / "portal" / "static" / "exercises"
SVG = "{http://www.w3.org/2000/svg}"


def _exercises() -> list[Exercise]:
    return list(db.session.scalars(sa.select(Exercise).order_by(Exercise.slug)))


def test_the_library_loads_and_loading_again_changes_nothing(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["exercises", "load"])
    assert first.exit_code == 0, first.output
    loaded = _exercises()
    assert len(loaded) >= 30
    assert f"{len(loaded)} new of {len(loaded)}" in first.output
    second = runner.invoke(args=["exercises", "load"])
    assert f"0 new of {len(loaded)}" in second.output
    assert [e.slug for e in _exercises()] == [e.slug for e in loaded]


def test_every_exercise_has_both_languages_steps_and_a_known_area_and_level(app: Flask) -> None:
    app.test_cli_runner().invoke(args=["exercises", "load"])
    for exercise in _exercises():
        for lang in ("da", "en"):
            assert exercise.name(lang), exercise.slug
            assert len(exercise.steps(lang)) >= 2, exercise.slug
            assert exercise.caution(lang), exercise.slug
            assert exercise.aids(lang), exercise.slug
        assert len(exercise.steps("da")) == len(exercise.steps("en")), exercise.slug
        assert exercise.body_area in set(BodyArea)
        assert exercise.level in (1, 2, 3)


def test_every_drawing_is_small_svg_with_a_danish_title(app: Flask) -> None:
    app.test_cli_runner().invoke(args=["exercises", "load"])
    for exercise in _exercises():
        path = DRAWINGS / exercise.svg_file
        assert path.stat().st_size < 4000, path.name
        root = ElementTree.parse(path).getroot()  # noqa: S314  (our own shipped files)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("viewBox")
        title = root.find(f"{SVG}title")
        assert title is not None and title.text == exercise.name_da


def test_the_demo_data_holds_the_library(app: Flask) -> None:
    app.test_cli_runner().invoke(args=["demo", "load"])
    assert len(_exercises()) >= 30


def test_loading_again_keeps_what_staff_changed_and_retired(app: Flask) -> None:
    services.load_library()
    exercise = db.session.scalar(sa.select(Exercise).where(Exercise.slug == "haelloeft"))
    exercise.name_da = "Hæl-løft ved køkkenbordet"
    services.retire(exercise)
    db.session.commit()
    assert services.load_library()[0] == 0
    db.session.expire_all()
    again = db.session.scalar(sa.select(Exercise).where(Exercise.slug == "haelloeft"))
    assert again.name_da == "Hæl-løft ved køkkenbordet" and again.retired_at is not None


def test_every_exercise_has_a_start_drawing_that_matches_its_end_drawing(app: Flask) -> None:
    from portal.programs.pictures import start_drawing

    services.load_library()
    for exercise in _exercises():
        start = start_drawing(exercise.svg_file)
        assert start == f"{exercise.slug}-start.svg", exercise.slug
        path = DRAWINGS / start
        assert path.stat().st_size < 4000, path.name
        root = ElementTree.parse(path).getroot()  # noqa: S314  (our own shipped files)
        end = ElementTree.parse(DRAWINGS / exercise.svg_file).getroot()  # noqa: S314
        # Drawn alike, so the two read as one movement: same canvas and line, and a title that says which.
        assert root.get("viewBox") == end.get("viewBox") == "0 0 200 200"
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text == f"{exercise.name_da}, start"
        assert root.find(f"{SVG}g").get("stroke-width") == end.find(f"{SVG}g").get("stroke-width")
        assert path.read_bytes() != (DRAWINGS / exercise.svg_file).read_bytes(), exercise.slug


def test_an_uploaded_or_unknown_drawing_has_no_start_position() -> None:
    from portal.programs.pictures import start_drawing

    assert start_drawing(None) is None
    assert start_drawing("ikke-en-tegning.svg") is None
    assert start_drawing("../rejse-saette-sig.svg") is None
