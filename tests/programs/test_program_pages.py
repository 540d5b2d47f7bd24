"""Mit træningsprogram: the citizen (or a relative with the "see" scope) reads the newest issued program, the older
ones, the print view and the PDF; drafts and other people's programs are not found."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from pypdf import PdfReader

from portal.database import utcnow
from portal.extensions import db
from portal.models import AccessLog, Program, Scope
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path


def text_of(html: BeautifulSoup) -> str:
    return " ".join(html.get_text().split())


def karens_program(**overrides: Any) -> Program:
    karen = factories.person_for("citizen")
    exercises = [
        factories.exercise("Rejse sig fra stol", svg_file="rejse-sig-fra-stol.svg", caution_da="Stop ved svimmelhed."),
        factories.exercise("Stå på ét ben", svg_file="staa-paa-et-ben.svg", aids_da="En stol at holde i"),
    ]
    program = factories.a_program(karen, exercises=exercises, **overrides)
    db.session.commit()
    return program


def test_the_citizen_sees_the_exercises_in_order_with_dose_pictures_and_steps(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    html = client_request.get("programs.mine")
    headings = [h.get_text() for h in html.select(".program-exercise h2")]
    assert headings == ["1. Rejse sig fra stol", "2. Stå på ét ben"]
    doses = [p.get_text() for p in html.select(".program-dose")]
    assert doses == ["3 gange 10 gentagelser, 4 dage om ugen", "hold 30 sekunder, 4 dage om ugen"]
    pictures = html.select(".program-exercise img")
    assert [img["alt"] for img in pictures] == ["Rejse sig fra stol, tegning", "Stå på ét ben, tegning"]
    assert pictures[0]["src"].split("?")[0].endswith(path("static", filename="exercises/rejse-sig-fra-stol.svg"))
    steps = [li.get_text() for li in html.select(".program-exercise .exercise-steps li")]
    assert steps[:2] == ["Sid godt.", "Rejs dig."]
    text = " ".join(html.get_text().split())
    for expected in ("Hold ryggen rank.", "Ingen vægt", "Stop ved svimmelhed.", "En stol at holde i", "roligt"):
        assert expected in text
    links = {a["href"] for a in html.select("a")}
    assert path("programs.print_view", program_id=program.id) in links
    assert path("programs.pdf", program_id=program.id) in links
    assert path("programs.log", program_id=program.id) in links


def test_english_names_the_dose_in_english(client: FlaskClient, client_request: ClientRequest) -> None:
    karens_program()
    log_in(client, "citizen")
    text = text_of(client_request.get("programs.mine", _language="en"))
    assert "3 times 10 repetitions, 4 days a week" in text
    assert "hold 30 seconds, 4 days a week" in text
    assert "Rejse sig fra stol (en)" in text


def test_without_an_issued_program_the_page_says_so_and_drafts_are_never_shown(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    draft = karens_program(issued=False)
    log_in(client, "citizen")
    assert "Du har ikke et træningsprogram endnu" in text_of(client_request.get("programs.mine"))
    client_request.get("programs.program", _expected_status=404, program_id=draft.id)
    client_request.get_response("programs.pdf", _expected_status=404, program_id=draft.id)


def test_a_new_course_program_comes_first_and_the_older_stays_available(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    long_ago = utcnow() - timedelta(days=200)
    older = factories.a_program(karen, exercises=[factories.exercise("Armløft")], issued_at=long_ago)
    newer = factories.a_program(karen, exercises=[factories.exercise("Knæbøjning")])
    db.session.commit()
    log_in(client, "citizen")
    html = client_request.get("programs.mine")
    assert [h.get_text() for h in html.select(".program-exercise h2")] == ["1. Knæbøjning"]
    assert html.select_one(f'a[href="{path("programs.program", program_id=older.id)}"]') is not None
    old_page = text_of(client_request.get("programs.program", program_id=older.id))
    assert "Armløft" in old_page and "Dette er et ældre program" in old_page
    assert newer.id != older.id


def test_someone_elses_program_is_not_found(client: FlaskClient, client_request: ClientRequest) -> None:
    other = factories.a_program(factories.a_person(3))
    db.session.commit()
    log_in(client, "citizen")
    for endpoint in ("programs.program", "programs.print_view", "programs.pdf", "programs.progress", "programs.log"):
        client_request.get_response(endpoint, _expected_status=404, program_id=other.id)


def test_the_print_view_has_no_portal_header_and_a_print_stylesheet(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    log_in(client, "citizen")
    html = client_request.get("programs.print_view", program_id=program.id)
    assert html.select_one("header") is None and html.select_one("nav") is None
    assert html.select_one('link[href*="program-print.css?"]') is not None
    assert "Karen Testesen" in html.h1.get_text()
    assert [h.get_text() for h in html.select(".program-exercise h2")] == ["1. Rejse sig fra stol", "2. Stå på ét ben"]


def test_the_pdf_holds_every_exercise_name_and_dose(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    log_in(client, "citizen")
    response = client_request.get_response("programs.pdf", program_id=program.id)
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in (
        "Rejse sig fra stol",
        "3 gange 10 gentagelser, 4 dage om ugen",
        "Stå på ét ben",
        "hold 30 sekunder, 4 dage om ugen",
    ):
        assert expected in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    # The drawings are embedded: the shipped SVGs become vector drawings in the page, not links.
    assert b"/Subtype /Link" not in response.data


def real_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def image_sizes(reader: PdfReader) -> list[tuple[int, int]]:
    """The width and height of every raster image the pages draw."""
    sizes = []
    for pdf_page in reader.pages:
        xobjects = pdf_page["/Resources"].get("/XObject")
        for ref in xobjects.get_object().values() if xobjects else []:
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
            # WeasyPrint may wrap the picture in a form XObject; look one level in.
            inner = obj.get("/Resources", {}).get("/XObject") if obj.get("/Subtype") == "/Form" else None
            for inner_ref in inner.get_object().values() if inner else []:
                if inner_ref.get_object().get("/Subtype") == "/Image":
                    sizes.append((int(inner_ref.get_object()["/Width"]), int(inner_ref.get_object()["/Height"])))
    return sizes


def test_the_pdf_embeds_a_picture_uploaded_by_staff_and_keeps_every_name_and_dose(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    exercises = [
        factories.exercise("Med foto", image=real_png(), image_mime="image/png"),
        factories.exercise("Stå på ét ben", svg_file="staa-paa-et-ben.svg"),
    ]
    program = factories.a_program(karen, exercises=exercises)
    db.session.commit()
    log_in(client, "citizen")
    response = client_request.get_response("programs.pdf", program_id=program.id)
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert (40, 30) in image_sizes(reader)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in (
        "Med foto",
        "3 gange 10 gentagelser, 4 dage om ugen",
        "Stå på ét ben",
        "hold 30 sekunder, 4 dage om ugen",
    ):
        assert expected in text


def test_the_pdf_fetcher_reads_data_images_only_and_never_a_url(app: Any) -> None:
    from portal import pdf

    png = real_png()
    fetched = pdf.LocalOnly().fetch(pdf.data_uri("image/png", png))
    assert (fetched.read(), fetched.headers["Content-Type"]) == (png, "image/png")
    for url in (
        "http://example.invalid/x.png",
        "file:///etc/passwd",
        "data:text/html;base64,PGI+",
        "data:image/png,notbase64",
        "data:image/png;base64,@@@",
    ):
        with pytest.raises(ValueError, match="letters load nothing from outside"):
            pdf.LocalOnly().fetch(url)


@pytest.mark.parametrize(("scopes", "status"), [([Scope.SEE], 200), ([Scope.APPLY], 403)])
def test_a_relative_sees_the_program_only_with_the_see_scope(
    client: FlaskClient, client_request: ClientRequest, scopes: list[Scope], status: int
) -> None:
    program = karens_program()
    made = factories.delegation(
        factories.person_for("citizen"), factories.person_for("relative"), scopes=" ".join(scopes)
    )
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    html = client_request.get("programs.program", _expected_status=status, program_id=program.id)
    if status == 200:
        assert "Karen Testesen" in html.h1.get_text()
        # With "see" only, the relative reads but does not log for Karen.
        assert html.select_one(f'a[href="{path("programs.log", program_id=program.id)}"]') is None
        client_request.get("programs.log", _expected_status=403, program_id=program.id)
        logged = db.session.scalars(sa.select(AccessLog.action).where(AccessLog.acting_as == "relative")).all()
        assert "programs.program" in logged


def test_a_relative_is_told_by_name_that_there_is_no_program_yet(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    made = factories.delegation(factories.person_for("citizen"), factories.person_for("relative"), scopes="see")
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    assert "Karen Testesen har ikke et træningsprogram endnu." in text_of(client_request.get("programs.mine"))


def test_the_overview_links_to_the_program_when_there_is_one(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    assert path("programs.mine") not in str(client_request.get("overview.index"))
    karens_program()
    assert f'href="{path("programs.mine")}"' in str(client_request.get("overview.index"))


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_an_uploaded_picture_is_served_only_for_an_exercise_in_an_issued_program_of_the_person(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    in_program = factories.exercise("Med billede", image=PNG, image_mime="image/png")
    in_draft = factories.exercise("Kun i kladde", image=PNG, image_mime="image/png")
    elsewhere = factories.exercise("Andens øvelse", image=PNG, image_mime="image/png")
    program = factories.a_program(karen, exercises=[in_program])
    factories.a_program(karen, exercises=[in_draft], issued=False)
    factories.a_program(factories.a_person(4), exercises=[elsewhere])
    db.session.commit()
    log_in(client, "citizen")
    html = client_request.get("programs.program", program_id=program.id)
    img = html.select_one(".program-exercise img")
    assert img["alt"] == "Med billede, billede"
    assert img["src"].startswith(path("programs.image", exercise_id=in_program.id))
    # The picture is fetched by the address the page gives it, cache-busting query and all.
    response = client.get(img["src"])
    assert response.status_code == 200 and response.data == PNG and response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    client_request.get_response("programs.image", _expected_status=404, exercise_id=in_draft.id)
    client_request.get_response("programs.image", _expected_status=404, exercise_id=elsewhere.id)
