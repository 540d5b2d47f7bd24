"""The therapist builds a program without JavaScript: start, search and add, doses, order, templates, preview."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import AccessLog, Program, ProgramItem, ProgramTemplate
from portal.programs import builder as services
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path
from tests.program_builder.helpers import karens_course, page, positions, program_with


def test_the_course_page_links_to_the_program(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    course_page = client_request.get("staff_sessions.course", course_id=course.id)
    assert course_page.find("a", href=path("program_builder.program", course_id=course.id)) is not None
    assert "Selvtræningsprogram og slutstatus" in course_page.get_text()


def test_the_first_visit_offers_to_start_and_a_double_start_makes_one_program(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    first = client_request.get("program_builder.program", course_id=course.id)
    assert first.find("form", action=path("program_builder.start", course_id=course.id)) is not None
    assert "Gå til Brugsen uden stok" in first.get_text()
    for _ in range(2):
        response = client_request.post("program_builder.start", course_id=course.id)
        assert response.location == path("program_builder.picker", course_id=course.id)
    (program,) = db.session.scalars(sa.select(Program)).all()
    assert (program.course_id, program.person_id, program.issued_at) == (course.id, course.person_id, None)
    assert db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "program_builder.program")) is not None


def test_the_picker_searches_filters_and_leaves_out_retired_exercises(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    program_with(course)
    factories.exercise("Knæbøjning", body_area="legs", level=2)
    factories.exercise("Knæstræk", body_area="legs", level=1)
    factories.exercise("Knæløft på gammel måde", body_area="legs", level=1, retired_at=factories.utcnow())
    factories.exercise("Skulderrul", body_area="arms_shoulders", level=1)
    db.session.commit()
    log_in(client, "therapist")
    found = client_request.get("program_builder.picker", course_id=course.id, q="knæ")
    names = [row.find("td").text for row in found.select("tbody tr")]
    assert names == ["Knæbøjning", "Knæstræk"]
    assert all(row.find("form", method="post") for row in found.select("tbody tr"))
    level_two = client_request.get("program_builder.picker", course_id=course.id, q="knæ", niveau="2")
    assert [row.find("td").text for row in level_two.select("tbody tr")] == ["Knæbøjning"]
    arms = client_request.get("program_builder.picker", course_id=course.id, omraade="arms_shoulders")
    assert [row.find("td").text for row in arms.select("tbody tr")] == ["Skulderrul"]


def test_the_picker_pages_a_large_library_within_the_budget(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    program_with(course)
    for number in range(40):
        factories.exercise(f"Øvelse {number:02d}")
    db.session.commit()
    log_in(client, "therapist")
    first = client_request.get("program_builder.picker", course_id=course.id)
    assert len(first.select("tbody tr")) == services.PICKER_PAGE_SIZE
    last = client_request.get("program_builder.picker", course_id=course.id, side=3)
    assert len(last.select("tbody tr")) == 40 - 2 * services.PICKER_PAGE_SIZE


def test_adding_an_exercise_leads_to_its_dose_and_a_bad_dose_is_shown_next_to_the_fields(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    program_with(course)
    squat = factories.exercise("Knæbøjning")
    db.session.commit()
    log_in(client, "therapist")
    response = client_request.post("program_builder.add", course_id=course.id, exercise_id=squat.id)
    item = db.session.scalar(sa.select(ProgramItem))
    assert response.location == path("program_builder.item", course_id=course.id, item_id=item.id)
    builder = client_request.get("program_builder.program", course_id=course.id)
    assert "Dosis mangler" in builder.get_text()

    bad = {"sets": "11", "repetitions": "", "seconds": "", "times_per_week": "15", "load": "2 kg", "notes": "Langsomt"}
    response = client_request.post(
        "program_builder.item", _data=bad, _expected_status=200, course_id=course.id, item_id=item.id
    )
    form = page(response)
    assert "Dosis for Knæbøjning" in form.find("h1").text
    summary = form.select_one("[data-module=error-summary]").get_text()
    assert "Skriv et antal sæt fra 1 til 10" in summary
    assert "Skriv gentagelserne eller sekunderne" in summary
    assert "Skriv hvor mange gange om ugen, fra 1 til 14" in summary
    assert form.select_one("#sets-error") is not None and form.select_one("#times_per_week-error") is not None
    assert form.select_one("#load")["value"] == "2 kg" and form.select_one("#sets")["value"] == "11"
    assert form.select_one("#notes").text == "Langsomt"

    good = {**bad, "sets": "3", "repetitions": "12", "times_per_week": "4"}
    client_request.post("program_builder.item", _data=good, course_id=course.id, item_id=item.id)
    db.session.expire_all()
    saved = db.session.get(ProgramItem, item.id)
    assert (saved.sets, saved.repetitions, saved.seconds, saved.times_per_week, saved.load, saved.notes) == (
        3,
        12,
        None,
        4,
        "2 kg",
        "Langsomt",
    )
    builder = client_request.get("program_builder.program", course_id=course.id)
    assert "3 gange 12 gentagelser, 4 dage om ugen" in builder.get_text()


def test_letters_in_a_number_are_refused(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    program = program_with(course, factories.exercise("Knæbøjning"))
    db.session.commit()
    log_in(client, "therapist")
    form = {"sets": "tre", "repetitions": "10", "seconds": "", "times_per_week": "3"}
    response = client_request.post(
        "program_builder.item", _data=form, _expected_status=200, course_id=course.id, item_id=program.items[0].id
    )
    assert "Skriv et antal sæt fra 1 til 10" in page(response).select_one("#sets-error").text


def test_reorder_and_remove(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    program = program_with(course, *(factories.exercise(name) for name in ("A", "B", "C")))
    ids = {item.exercise.name_da: item.id for item in program.items}
    db.session.commit()
    log_in(client, "therapist")
    client_request.post("program_builder.move_up", course_id=course.id, item_id=ids["C"])
    assert positions(program) == ["A", "C", "B"]
    client_request.post("program_builder.move_down", course_id=course.id, item_id=ids["A"])
    assert positions(program) == ["C", "A", "B"]
    # At the top, up changes nothing.
    client_request.post("program_builder.move_up", course_id=course.id, item_id=ids["C"])
    assert positions(program) == ["C", "A", "B"]
    client_request.post("program_builder.remove", course_id=course.id, item_id=ids["A"])
    assert positions(program) == ["C", "B"]
    assert [item.position for item in db.session.get(Program, program.id).items] == [1, 2]


def test_an_item_of_another_course_is_not_found(client: FlaskClient, client_request: ClientRequest) -> None:
    course, other = karens_course(), factories.course(factories.a_person(1))
    program_with(course, factories.exercise("A"))
    theirs = program_with(other, factories.exercise("B"))
    db.session.commit()
    log_in(client, "therapist")
    item_id = theirs.items[0].id
    client_request.get("program_builder.item", _expected_status=404, course_id=course.id, item_id=item_id)
    client_request.post("program_builder.remove", _expected_status=404, course_id=course.id, item_id=item_id)
    assert len(db.session.get(Program, theirs.id).items) == 1


def test_the_program_is_capped(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    program = program_with(course, *(factories.exercise(f"Ø{n}") for n in range(services.MAX_ITEMS)))
    extra = factories.exercise("En for meget")
    db.session.commit()
    log_in(client, "therapist")
    client_request.post("program_builder.add", course_id=course.id, exercise_id=extra.id)
    assert len(db.session.get(Program, program.id).items) == services.MAX_ITEMS


def test_the_introduction_is_saved(client: FlaskClient, client_request: ClientRequest) -> None:
    course = karens_course()
    program_with(course)
    db.session.commit()
    log_in(client, "therapist")
    client_request.post(
        "program_builder.introduction", _data={"introduction": "Træn lidt hver dag."}, course_id=course.id
    )
    assert "Træn lidt hver dag." in client_request.get("program_builder.program", course_id=course.id).get_text()
    too_long = client_request.post(
        "program_builder.introduction", _data={"introduction": "x" * 2001}, _expected_status=200, course_id=course.id
    )
    assert page(too_long).select_one("#introduction-error") is not None


def test_a_template_is_saved_with_a_name_and_used_on_another_course(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course, other = karens_course(), factories.course(factories.a_person(1))
    squat, stretch = factories.exercise("Knæbøjning"), factories.exercise("Knæstræk")
    program = program_with(course, squat, stretch)
    services.set_dose(program.items[1], services.Dose(None, None, 30, 5, "Stol", "Hold fast"))
    other_program = program_with(other, factories.exercise("Skulderrul"))
    db.session.commit()
    log_in(client, "therapist")
    nameless = client_request.post(
        "program_builder.save_template", _data={"name": ""}, _expected_status=200, course_id=course.id
    )
    assert "Skriv et navn til skabelonen" in page(nameless).select_one("#name-error").text
    client_request.post("program_builder.save_template", _data={"name": "Knæ, uge 8"}, course_id=course.id)
    template = db.session.scalar(sa.select(ProgramTemplate))
    assert template.name == "Knæ, uge 8"
    assert [(i.exercise_id, i.seconds, i.load) for i in template.items] == [
        (squat.id, None, ""),
        (stretch.id, 30, "Stol"),
    ]

    listed = client_request.get("program_builder.templates")
    assert "Knæ, uge 8" in listed.get_text()
    choose = client_request.get("program_builder.choose_template", course_id=other.id)
    use = path("program_builder.use_template", course_id=other.id, template_id=template.id)
    assert choose.find("form", action=use) is not None
    client_request.post("program_builder.use_template", course_id=other.id, template_id=template.id)
    assert positions(other_program) == ["Skulderrul", "Knæbøjning", "Knæstræk"]
    copied = db.session.get(Program, other_program.id).items[2]
    assert (copied.seconds, copied.times_per_week, copied.load, copied.notes) == (30, 5, "Stol", "Hold fast")


def test_the_preview_shows_the_program_as_the_citizen_sees_it_in_both_languages(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    squat = factories.exercise(
        "Knæbøjning", svg_file="knaeboejning.svg", caution_da="Stop ved smerte", caution_en="Stop if it hurts"
    )
    program = program_with(course, squat)
    services.set_introduction(program, "Træn lidt hver dag.")
    db.session.commit()
    log_in(client, "therapist")
    danish = client_request.get("program_builder.preview", course_id=course.id)
    text = danish.get_text()
    assert "Dit træningsprogram" in text and "Træn lidt hver dag." in text
    assert "1. Knæbøjning" in text and "2 gange 10 gentagelser, 3 dage om ugen" in text
    assert "Sid godt." in text and "Stop ved smerte" in text
    assert danish.find("img", src="/static/exercises/knaeboejning.svg")["alt"] == "Knæbøjning, tegning"
    english = client_request.get("program_builder.preview", _language="en", course_id=course.id).get_text()
    assert "Your training program" in english and "Knæbøjning (en)" in english
    assert "2 times 10 repetitions, 3 days a week" in english and "Stand up." in english


def test_the_builder_page_stays_within_budget_with_a_full_program(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    program_with(
        course, *(factories.exercise(f"En lang øvelse med et langt navn {n}") for n in range(services.MAX_ITEMS))
    )
    db.session.commit()
    log_in(client, "therapist")
    response = client_request.get_response("program_builder.program", course_id=course.id)
    assert len(response.data) < 30 * 1024
    assert len(page(response).select("ol.program-list > li")) == services.MAX_ITEMS
