"""Staff keep the exercise library: find, add, edit, retire and picture exercises."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.exercises import services
from portal.extensions import db
from portal.models import BodyArea, Exercise
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path

FILLED = {
    "name_da": "Rejs dig fra sengen",
    "name_en": "Get up from bed",
    "steps_da": "Rul om på siden.\nSæt fødderne på gulvet.",
    "steps_en": "Roll onto your side.\nPut your feet on the floor.",
    "caution_da": "",
    "caution_en": "",
    "aids_da": "En seng",
    "aids_en": "A bed",
    "body_area": "whole_body",
    "level": "2",
}


def names(page: BeautifulSoup) -> list[str]:
    return [row.find("a").get_text(strip=True) for row in page.select("tbody tr")]


def errors(response) -> list[str]:
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [link.get_text(strip=True) for link in page.select(".alert-error li a")]


def picture(kind: str = "PNG", size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind, **save)
    return out.getvalue()


def upload(client: FlaskClient, exercise_id: int, content: bytes, filename: str):
    # Encoded in memory: the test client would otherwise spool a large body to a file it never closes. The raw
    # client, for the multipart body; the address by endpoint.
    boundary, body = encode_multipart({"picture": FileStorage(io.BytesIO(content), filename)})
    address = path("exercises.picture", exercise_id=exercise_id)
    return client.post(address, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def library(app: Flask) -> dict[str, Exercise]:
    made = {
        "heel": factories.exercise("Hæl-løft", name_en="Heel raises", body_area=BodyArea.LEGS, level=1),
        "tandem": factories.exercise("Tandemstand", name_en="Tandem stance", body_area=BodyArea.BALANCE, level=2),
        "one_leg": factories.exercise("Stå på ét ben", name_en="One leg", body_area=BodyArea.BALANCE, level=3),
        "old": factories.exercise("Gammel balance", name_en="Old balance", body_area=BodyArea.BALANCE, level=2),
    }
    services.retire(made["old"])
    db.session.commit()
    return made


def test_the_list_searches_names_in_both_languages_and_filters(
    client: FlaskClient, client_request: ClientRequest, library: dict
) -> None:
    log_in(client, "therapist")

    def listed(**query: str) -> list[str]:
        return names(client_request.get("exercises.index", **query))

    assert listed() == ["Hæl-løft", "Stå på ét ben", "Tandemstand"]
    assert listed(q="tandem") == ["Tandemstand"]
    assert listed(q="HEEL") == ["Hæl-løft"]
    assert listed(omraade="balance") == ["Stå på ét ben", "Tandemstand"]
    assert listed(omraade="balance", niveau="2") == ["Tandemstand"]
    assert listed(omraade="balance", niveau="2", udgaaede="y") == ["Gammel balance", "Tandemstand"]
    assert listed(omraade="nonsense", niveau="9") == ["Hæl-løft", "Stå på ét ben", "Tandemstand"]


def test_the_list_keeps_its_query_budget_and_size_with_many_exercises(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: Callable[[], list[str]]
) -> None:
    for number in range(120):
        factories.exercise(f"Øvelse {number:03}", body_area=list(BodyArea)[number % len(BodyArea)])
    db.session.commit()
    log_in(client, "visitator")
    for query in ({}, {"side": "2"}, {"q": "1", "omraade": "legs", "niveau": "1", "udgaaede": "y"}):
        before = len(count_queries())
        response = client_request.get_response("exercises.index", **query)
        assert len(count_queries()) - before <= 6, count_queries()[before:]
        assert len(response.get_data()) < 30_000
    assert "Øvelse 050" in client_request.get("exercises.index", side="2").get_text()


def test_the_exercise_page_shows_it_as_the_citizen_sees_it(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    services.load_library()
    db.session.commit()
    exercise = db.session.scalar(sa.select(Exercise).where(Exercise.slug == "rejse-saette-sig"))
    log_in(client, "therapist")
    page = client_request.get("exercises.exercise", exercise_id=exercise.id)
    assert page.h1.get_text(strip=True) == "Rejse og sætte dig"
    assert page.select_one(".exercise-picture")["src"].split("?")[0].endswith("/static/exercises/rejse-saette-sig.svg")
    assert [li.get_text(strip=True) for li in page.select(".exercise-steps li")] == exercise.steps("da")


def test_staff_add_an_exercise_in_both_languages(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "therapist")
    client_request.post("exercises.new", _data=FILLED)
    made = db.session.scalar(sa.select(Exercise).where(Exercise.name_da == "Rejs dig fra sengen"))
    assert made.slug == "rejs-dig-fra-sengen"
    assert made.steps("en") == ["Roll onto your side.", "Put your feet on the floor."]
    assert (made.level, made.body_area, made.aids_en) == (2, "whole_body", "A bed")


def test_a_missing_language_is_shown_next_to_the_field_and_other_answers_stay(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "therapist")
    response = client_request.post(
        "exercises.new", _data={**FILLED, "name_en": " ", "steps_da": "", "aids_da": ""}, _expected_status=200
    )
    html = response.get_data(as_text=True)
    assert html.count("<title>Fejl: ") == 1
    assert errors(response) == [
        "Skriv navnet på engelsk",
        "Skriv trinnene på dansk",
        "Skriv også hjælpemidlerne på dansk",
    ]
    assert 'value="Rejs dig fra sengen"' in html
    assert db.session.scalar(sa.select(sa.func.count(Exercise.id))) == 0


def test_staff_edit_an_exercise(client: FlaskClient, client_request: ClientRequest, library: dict) -> None:
    log_in(client, "visitator")
    heel = library["heel"]
    form = client_request.get("exercises.edit", exercise_id=heel.id)
    assert form.select_one("#level-0")["value"] == "1" and form.select_one("#level-0").has_attr("checked")
    client_request.post("exercises.edit", _data={**FILLED, "name_da": "Hæl-løft på trappen"}, exercise_id=heel.id)
    db.session.expire_all()
    assert db.session.get(Exercise, heel.id).name_da == "Hæl-løft på trappen"


def test_staff_retire_and_reinstate_an_exercise_and_nothing_is_deleted(
    client: FlaskClient, client_request: ClientRequest, library: dict
) -> None:
    log_in(client, "therapist")
    heel_id = library["heel"].id
    client_request.post("exercises.retire", exercise_id=heel_id)
    db.session.expire_all()
    assert db.session.get(Exercise, heel_id).retired_at is not None
    assert "Hæl-løft" not in names(client_request.get("exercises.index"))
    client_request.post("exercises.reinstate", exercise_id=heel_id)
    db.session.expire_all()
    assert db.session.get(Exercise, heel_id).retired_at is None


@pytest.mark.parametrize(("kind", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_an_uploaded_picture_is_stored_and_served_with_its_type(
    client: FlaskClient, client_request: ClientRequest, library: dict, kind: str, mime: str
) -> None:
    log_in(client, "therapist")
    heel_id = library["heel"].id
    assert upload(client, heel_id, picture(kind), f"billede.{kind.lower()}").status_code == 303
    page = client_request.get("exercises.exercise", exercise_id=heel_id)
    source = page.select_one(".exercise-picture")["src"]
    assert source.startswith(path("exercises.image", exercise_id=heel_id))
    # The picture's address as the page gives it, fingerprint and all.
    served = client.get(source)
    assert served.mimetype == mime
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(served.get_data())).size == (40, 30)


def test_a_picture_with_metadata_is_re_encoded_without_it(app: Flask) -> None:
    exif = Image.Exif()
    exif[0x010E] = "Karen Testesen, Auning"  # ImageDescription
    original = picture("JPEG", exif=exif.tobytes())
    assert b"Karen Testesen" in original
    stored, mime = services.reencode(original)
    assert mime == "image/jpeg"
    assert stored != original
    assert b"Karen Testesen" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"This is not a picture at all", "billede.png", "Billedet skal være en PNG- eller JPEG-fil"),
        (picture("GIF"), "billede.gif", "Billedet skal være en PNG- eller JPEG-fil"),
        (picture("PNG") + b"\0" * (2 * 1024 * 1024), "stor.png", "Billedet må højst fylde 2 MB"),
        (b"", "", "Vælg et billede, du vil lægge op"),
    ],
)
def test_a_picture_that_is_not_a_small_png_or_jpeg_is_refused(
    client: FlaskClient, library: dict, content: bytes, filename: str, message: str
) -> None:
    log_in(client, "therapist")
    heel_id = library["heel"].id
    response = upload(client, heel_id, content, filename)
    assert response.status_code == 200
    assert errors(response) == [message]
    db.session.expire_all()
    assert db.session.get(Exercise, heel_id).image_mime is None


def test_an_exercise_without_an_uploaded_picture_has_no_picture_to_serve(
    client: FlaskClient, client_request: ClientRequest, library: dict
) -> None:
    log_in(client, "therapist")
    client_request.get_response("exercises.image", 404, exercise_id=library["heel"].id)


@pytest.mark.parametrize("caller", ["citizen", "relative", "gp"])
def test_citizens_relatives_and_gps_cannot_see_the_library(
    client: FlaskClient, client_request: ClientRequest, library: dict, caller: str
) -> None:
    log_in(client, caller)
    client_request.get("exercises.index", 403)
    client_request.get("exercises.exercise", 403, exercise_id=library["heel"].id)


def test_the_staff_console_links_to_the_exercises(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "therapist")
    console = client_request.get_response("staff.console").get_data(as_text=True)
    assert f'href="{path("exercises.index")}">Øvelser</a>' in console
