"""The QR codes of the printed program: one per exercise, an opaque link to the exercise's public page with nothing
personal on it, made when the program is issued and revoked when a new one replaces it."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import segno
import sqlalchemy as sa
import zxingcpp
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from pypdf import PdfReader

from portal.database import utcnow
from portal.extensions import db
from portal.models import CourseStatus, EndNote, ExerciseLink, Program
from portal.programs import builder, links
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path
from tests.program_builder.helpers import end_note, karens_course, program_with


def printed_token(url: str) -> re.Match[str] | None:
    """The 22-character token a printed link ends in, where the exercise page's path puts it."""
    pattern = re.escape(path("exercise_page.show", token="TOKEN")).replace("TOKEN", "([A-Za-z0-9_-]{22})")
    return re.search(pattern + "$", url)


def issued_program(*names: str, svg: bool = True) -> Program:
    """A program issued the way the therapist issues it, through the program builder."""
    course = karens_course()
    exercises = [
        factories.exercise(name, svg_file="rejse-saette-sig.svg" if svg else None, aids_da="En stol")
        for name in names or ("Rejse og sætte dig", "Hæl-løft")
    ]
    program = program_with(course, *exercises)
    program.items[0].notes = "Karen, husk stokken."
    program.items[0].load = "Karens blå elastik"
    builder.issue(course, program, end_note(course))
    db.session.commit()
    return program


def matrix_of_svg(svg: str) -> list[list[bool]]:
    """Draws the QR code of the print view ourselves from segno's SVG path (M x y, then h n runs and m dx dy moves,
    one module per unit), so the test reads the code that is on the page, not the one the code meant to put there."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg, re.IGNORECASE)[1])
    cells = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", re.search(r' d="([^"]+)"', svg)[1]):
        values = [float(value) for value in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            for column in range(int(x), int(x + values[0])):
                cells[int(y)][column] = True
            x += values[0]
    return cells


def matrix_of(url: str) -> list[list[bool]]:
    code = segno.make(url, error="m")
    return [[bool(cell) for cell in row] for row in code.matrix_iter(scale=1, border=4)]


def test_issuing_a_program_gives_each_exercise_a_link_and_a_new_program_revokes_the_old(app: Flask) -> None:
    first = issued_program("Rejse og sætte dig", "Hæl-løft")
    first_tokens = links.tokens_for(first)
    assert sorted(first_tokens) == sorted(item.id for item in first.items)
    assert all(len(token) == 22 for token in first_tokens.values())
    # Stored hashed and encrypted: the token itself is in no column.
    stored = db.session.scalars(sa.select(ExerciseLink)).all()
    assert not {token for token in first_tokens.values()} & {
        value for link in stored for value in (link.token_hash, link.token_encrypted)
    }
    second = issued_program("Tå-løft")
    assert links.tokens_for(first) == {}
    assert len(links.tokens_for(second)) == 1
    for token in first_tokens.values():
        link, _item = links.find(token)
        assert link.revoked_at is not None


def test_the_print_view_carries_a_qr_code_per_exercise_that_holds_the_printed_link(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = issued_program()
    log_in(client, "citizen")
    html = client_request.get("programs.print_view", program_id=program.id)
    codes = html.select(".program-exercise .exercise-qr")
    assert len(codes) == 2
    for code in codes:
        url = code.select_one(".exercise-qr-url").get_text()
        assert printed_token(url), url
        svg = str(code.select_one("svg"))
        assert code.select_one("svg")["aria-label"] == "QR-kode, der åbner øvelsen"
        assert matrix_of_svg(svg) == matrix_of(url)
    # The same codes each time the sheet is made, so a printed sheet and a new print agree.
    again = client_request.get("programs.print_view", program_id=program.id)
    assert [c.get_text() for c in again.select(".exercise-qr-url")] == [
        c.get_text() for c in html.select(".exercise-qr-url")
    ]


def test_the_pdf_carries_the_same_codes_and_a_phone_can_read_them(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = issued_program(svg=False)
    log_in(client, "citizen")
    printed = [
        c.get_text()
        for c in client_request.get("programs.print_view", program_id=program.id).select(".exercise-qr-url")
    ]
    response = client_request.get_response("programs.pdf", program_id=program.id)
    reader = PdfReader(io.BytesIO(response.data))
    decoded = []
    for pdf_page in reader.pages:
        for picture in pdf_page.images:
            image = Image.open(io.BytesIO(picture.data)).convert("L")
            decoded += [result.text for result in zxingcpp.read_barcodes(image)]
    # An image the PDF uses on two pages is listed on each: the codes read are the printed ones, each once or more.
    assert list(dict.fromkeys(decoded)) == printed
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert all(url in text.replace(" ", "") for url in printed)


def test_the_exercise_page_shows_drawing_steps_and_dose_and_nothing_personal(client_request: ClientRequest) -> None:
    program = issued_program()
    token = links.tokens_for(program)[program.items[0].id]
    html = client_request.get("exercise_page.show", token=token)
    assert html.h1.get_text() == "Rejse og sætte dig"
    assert html.select_one(".train-dose").get_text() == "2 gange 10 gentagelser, 3 dage om ugen"
    assert [li.get_text() for li in html.select(".train-steps li")] == ["Sid godt.", "Rejs dig."]
    assert len(html.select(".train-movement img")) == 2
    assert html.select_one('meta[name="robots"]')["content"] == "noindex"
    text = html.get_text()
    for personal in ("Karen", "Testesen", "stokken", "elastik"):
        assert personal not in text, personal
    # The program's number as a path segment of its own; the token itself may well begin with the same digit.
    hrefs = " ".join(a["href"] for a in html.select("a"))
    assert not re.search(rf"/{program.id}(?![\w-])", hrefs), hrefs


def test_an_old_sheet_says_its_program_is_replaced_and_shows_nothing(client_request: ClientRequest) -> None:
    first = issued_program("Rejse og sætte dig")
    token = links.tokens_for(first)[first.items[0].id]
    issued_program("Tå-løft")
    html = client_request.get("exercise_page.show", _expected_status=410, token=token)
    assert html.h1.get_text() == "Denne øvelse er ikke længere i brug"
    assert "Rejse og sætte dig" not in html.get_text()


@pytest.mark.parametrize("token", ["ukendt", "x" * 22, "x" * 200])
def test_an_unknown_token_is_not_found(client_request: ClientRequest, token: str) -> None:
    client_request.get("exercise_page.show", _expected_status=404, token=token)


def test_a_link_of_a_program_not_issued_is_not_found(client_request: ClientRequest) -> None:
    draft = factories.a_program(factories.person_for("citizen"), issued=False)
    links.mint(draft)
    token = links.tokens_for(draft)[draft.items[0].id]
    db.session.commit()
    client_request.get("exercise_page.show", _expected_status=404, token=token)


def test_programs_issued_before_the_codes_get_them_from_the_command_the_newest_only(app: Flask) -> None:
    karen = factories.person_for("citizen")
    replaced = factories.a_program(karen, issued_at=utcnow() - timedelta(days=300))
    newest = factories.a_program(karen)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["programs", "links"])
    assert result.exit_code == 0, result.output
    assert "Made 2 exercise links." in result.output
    assert runner.invoke(args=["programs", "links"]).output.strip() == "Made 0 exercise links."
    assert len(links.tokens_for(newest)) == 2
    assert links.tokens_for(replaced) == {}


def test_the_course_is_completed_when_issued_with_codes(app: Flask) -> None:
    program = issued_program()
    assert program.course.status == CourseStatus.COMPLETED
    assert db.session.scalar(sa.select(EndNote)).issued_at is not None


def real_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_a_picture_staff_uploaded_is_shown_through_the_link_while_it_lives(client_request: ClientRequest) -> None:
    course = karens_course()
    photo = factories.exercise("Med foto", image=real_png(), image_mime="image/png")
    program = program_with(course, photo)
    builder.issue(course, program, end_note(course))
    db.session.commit()
    token = links.tokens_for(program)[program.items[0].id]
    html = client_request.get("exercise_page.show", token=token)
    assert html.select_one("img.train-picture")["src"] == path("exercise_page.image", token=token)
    with client_request.get_response("exercise_page.image", token=token) as picture:
        assert picture.mimetype == "image/png"
    issued_program("Tå-løft")
    client_request.get_response("exercise_page.image", _expected_status=404, token=token).close()
