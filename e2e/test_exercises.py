"""The exercise library in a real browser: list, search, the exercise as the citizen sees it, editing with a
mistake, and a picture upload; axe on every page of it, in Danish and in English."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in

WORDS = {
    "da": {
        "exercises": "Øvelser",
        "show": "Vis",
        "heading": "Rejse og sætte dig",
        "first_step": "Sid på forkanten af en fast stol med fødderne fladt på gulvet.",
        "edit": "Ret tekster, kropsområde og niveau",
        "edit_heading": "Ret øvelsen",
        "problem": "Der er et problem",
        "no_name": "Skriv navnet på engelsk",
        "saved": "Øvelsen er gemt.",
        "upload": "Læg et billede op",
        "upload_button": "Læg billedet op",
        "wrong_type": "Billedet skal være en PNG- eller JPEG-fil",
        "picture_saved": "Billedet er gemt.",
        "add": "Tilføj en øvelse",
    },
    "en": {
        "exercises": "Exercises",
        "show": "Show",
        "heading": "Sit to stand",
        "first_step": "Sit on the front of a firm chair with your feet flat on the floor.",
        "edit": "Edit the texts, body area and level",
        "edit_heading": "Edit the exercise",
        "problem": "There is a problem",
        "no_name": "Write the name in English",
        "saved": "The exercise is saved.",
        "upload": "Upload a picture",
        "upload_button": "Upload the picture",
        "wrong_type": "The picture must be a PNG or JPEG file",
        "picture_saved": "The picture is saved.",
        "add": "Add an exercise",
    },
}


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (255, 255, 255)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_therapist_finds_opens_and_edits_an_exercise(live_server: LiveServer, page: Page, language: str) -> None:
    words = WORDS[language]
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "staff", "Torben Terapeut")

    # The list, from the staff console, searched by name.
    page.get_by_role("link", name=words["exercises"], exact=True).click()
    expect(page.locator("h1")).to_have_text(words["exercises"])
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    page.locator("#q").fill(words["heading"].split()[0])
    page.get_by_role("button", name=words["show"], exact=True).click()
    assert_accessible(page)
    screenshot(page, f"exercises-list-{language}")

    # The exercise as the citizen will see it.
    page.get_by_role("link", name=words["heading"]).click()
    expect(page.locator("h1")).to_have_text(words["heading"])
    expect(page.locator(".exercise-steps li").first).to_have_text(words["first_step"])
    expect(page.locator(".exercise-picture")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"exercises-exercise-{language}")

    # Edit, first leaving out the English name.
    page.get_by_role("link", name=words["edit"]).click()
    expect(page.locator("h1")).to_have_text(words["edit_heading"])
    assert_accessible(page)
    english_name = page.locator("#name_en").input_value()
    page.locator("#name_en").fill("")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("[data-module=error-summary]")).to_contain_text(words["problem"])
    expect(page.locator("[data-module=error-summary]")).to_contain_text(words["no_name"])
    expect(page.locator("#name_da")).to_have_value("Rejse og sætte dig")
    assert_accessible(page)
    page.locator("#name_en").fill(english_name)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(words["saved"])

    # Upload a picture: a text file first, then a real PNG.
    page.get_by_role("link", name=words["upload"]).click()
    assert_accessible(page)
    page.locator("#picture").set_input_files(
        files=[{"name": "noter.png", "mimeType": "image/png", "buffer": b"Ikke et billede"}]
    )
    page.get_by_role("button", name=words["upload_button"]).click()
    expect(page.locator("[data-module=error-summary]")).to_contain_text(words["wrong_type"])
    assert_accessible(page)
    page.locator("#picture").set_input_files(files=[{"name": "rejse.png", "mimeType": "image/png", "buffer": png()}])
    page.get_by_role("button", name=words["upload_button"]).click()
    expect(page.locator(".alert-success")).to_contain_text(words["picture_saved"])
    expect(page.locator(".exercise-picture")).to_have_attribute("src", re.compile(r"/billede/vis"))

    # The add page.
    page.goto(live_server.path("/medarbejder/oevelser/ny"))
    expect(page.locator("h1")).to_have_text(words["add"])
    assert_accessible(page)
