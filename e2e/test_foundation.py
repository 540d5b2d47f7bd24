"""The walking skeleton in a real browser: language, keyboard, no JavaScript needed, and axe on every page."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from e2e.browser import assert_accessible, lix_limit, screenshot
from e2e.conftest import LiveServer
from tests.routes import public_page_rules


def public_paths(app: Flask) -> list[str]:
    return [path for _endpoint, path in public_page_rules(app)]


def choose_language(page: Page, language: str) -> None:
    link = page.locator(f"header a[hreflang={language}]")
    if link.count():
        link.click()


def test_the_front_page_is_danish_in_the_borger_dk_look(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("h1")).to_have_text("Træning efter sygdom eller skade")
    expect(page.get_by_role("link", name="Log ind").first).to_be_visible()
    expect(page.get_by_role("link", name="Læs om træning")).to_be_visible()
    # The DKFDS theme is loaded: its font is applied to the body.
    assert "IBM Plex Sans" in page.evaluate("getComputedStyle(document.body).fontFamily")


def test_the_language_switch_keeps_the_user_on_the_same_page(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.path("/privatliv"))
    expect(page.locator("h1")).to_have_text("Privatlivspolitik")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.path("/privatliv"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Privacy notice")
    page.get_by_role("link", name="Dansk").click()
    expect(page.locator("h1")).to_have_text("Privatlivspolitik")


def test_the_language_switch_works_without_javascript(live_server: LiveServer, page_without_javascript: Page) -> None:
    page = page_without_javascript
    page.goto(live_server.path("/cookies"))
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.path("/cookies"))
    expect(page.locator("h1")).to_have_text("Cookies")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_skip_link_is_the_first_stop_for_the_keyboard(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Gå til sidens indhold")
    expect(focused).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/#main-content")
    assert page.evaluate("document.activeElement.id") == "main-content"


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_passes_axe(live_server: LiveServer, page: Page, language: str) -> None:
    paths = [*public_paths(live_server.app), "/findes-ikke"]
    assert "/" in paths and "/privatliv" in paths
    page.goto(live_server.url)
    choose_language(page, language)
    for path in paths:
        page.goto(live_server.path(path))
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
        screenshot(page, f"{language}{path.replace('/', '-') or '-front'}")


def test_the_axe_check_catches_a_violation(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url)
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_the_region_check_catches_content_outside_the_landmarks(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url)
    page.evaluate("document.body.insertAdjacentHTML('afterbegin', '<p>Uden for alle landemærker</p>')")
    with pytest.raises(AssertionError, match="region"):
        assert_accessible(page)


# Serviceloven § 86, stk. 1, as the seeds quote it: LIX 65.
LAW = (
    "Kommunalbestyrelsen skal tilbyde genoptræning til afhjælpning af fysisk funktionsnedsættelse forårsaget af "
    "sygdom, der ikke behandles i tilknytning til en sygehusindlæggelse."
)


def test_the_lix_check_catches_hard_danish_and_names_the_page_and_the_sentence(
    live_server: LiveServer, page: Page
) -> None:
    page.goto(live_server.path("/privatliv"))
    page.evaluate(f"document.querySelector('main').insertAdjacentHTML('beforeend', '<p>{LAW}</p>'.repeat(10))")
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    assert re.search(r"LIX \d+\.\d on http://127\.0\.0\.1:\d+/privatliv \(limit 35\)", str(failure.value))
    assert LAW in str(failure.value)


def test_the_lix_check_reads_only_danish_pages(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.path("/privatliv"))
    choose_language(page, "en")
    page.evaluate(f"document.querySelector('main').insertAdjacentHTML('beforeend', '<p>{LAW}</p>'.repeat(10))")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "limit"),
    [("/medarbejder/", 45), ("/medarbejder/sager/3", 45), ("/mine-sager", 35), ("/laege/henvisninger", 35), ("/", 35)],
)
def test_staff_pages_may_score_up_to_45_and_every_other_page_35(path: str, limit: int) -> None:
    assert lix_limit(f"http://127.0.0.1:5000{path}?side=2") == limit
