"""A fuldmagt in real browsers: Karen gives it, Mette accepts and acts, Karen sees it in her log and revokes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def switch_to_english(page: Page) -> None:
    page.get_by_role("link", name="English").click()


def test_a_fuldmagt_from_grant_to_revocation(live_server: LiveServer, page: Page, second_page: Page) -> None:
    karen, mette = page, second_page

    # Karen gives Mette access to see her training times, after a first try with a mistake.
    log_in(karen, live_server, "citizen", "Karen Testesen")
    karen.get_by_role("link", name="Mine pårørende").click()
    assert_accessible(karen)
    karen.get_by_role("link", name="Giv en pårørende adgang").click()
    karen.get_by_label("Den pårørendes fulde navn").fill("Mette Testesen")
    karen.get_by_label("Den pårørendes CPR-nummer").fill("281170-123")
    karen.get_by_role("button", name="Giv adgang").click()
    expect(karen.locator("[data-module=error-summary]")).to_contain_text("Skriv CPR-nummeret med 10 cifre")
    expect(karen.get_by_label("Den pårørendes fulde navn")).to_have_value("Mette Testesen")
    assert_accessible(karen)
    screenshot(karen, "fuldmagt-grant-error")
    karen.get_by_label("Den pårørendes CPR-nummer").fill("281170-1232")
    karen.get_by_label("Se min træning, mine breve, sager og øvelser").check()
    karen.get_by_role("button", name="Giv adgang").click()
    expect(karen.locator(".alert-success")).to_contain_text("Mette Testesen skal godkende fuldmagten")
    expect(karen.locator("main")).to_contain_text("Venter på godkendelse")

    # Mette logs in, accepts and acts for Karen.
    log_in(mette, live_server, "citizen", "Mette Testesen")
    expect(mette.locator("h1")).to_have_text("Hvem vil du handle for?")
    expect(mette.locator("main")).to_contain_text("Karen Testesen vil gerne have din hjælp")
    assert_accessible(mette)
    mette.get_by_role("button", name="Godkend fuldmagten fra Karen Testesen").click()
    mette.get_by_role("button", name="Karen Testesen", exact=True).click()
    expect(mette.locator("h1")).to_have_text("Overblik for Karen Testesen")
    expect(mette.locator(".acting-banner")).to_contain_text("Du handler på vegne af Karen Testesen")
    expect(mette.locator("main")).to_contain_text("Se min træning, mine breve, sager og øvelser")
    expect(mette.locator("main")).not_to_contain_text("Melde afbud")
    assert_accessible(mette)
    screenshot(mette, "fuldmagt-acting")

    # Karen sees Mette's visit in her log.
    karen.goto(live_server.path("/hvem-har-set-mine-oplysninger"))
    expect(karen.locator("tbody")).to_contain_text("Mette Testesen")
    expect(karen.locator("tbody")).to_contain_text("Pårørende med fuldmagt")
    assert_accessible(karen)

    # Karen revokes while Mette has Karen's overview open: Mette's next request says so and shows her own overview.
    karen.goto(live_server.path("/mine-paaroerende"))
    karen.get_by_role("button", name="Tag fuldmagten tilbage fra Mette Testesen").click()
    expect(karen.locator("main")).to_contain_text("Tilbagekaldt")
    mette.reload()
    expect(mette.locator(".alert-warning")).to_contain_text("Karen Testesen har trukket fuldmagten tilbage den")
    expect(mette.locator("h1")).to_have_text("Mit overblik")
    expect(mette.locator(".acting-banner")).to_have_count(0)
    assert_accessible(mette)


def test_the_citizen_downloads_all_her_data(live_server: LiveServer, page: Page) -> None:
    log_in(page, live_server, "citizen", "Karen Testesen")
    page.get_by_role("link", name="Hent mine data").click()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent som datafil (JSON)").click()
    data = json.loads(download_info.value.path().read_text(encoding="utf-8"))
    assert data["person"]["name"] == "Karen Testesen"
    with page.expect_download() as html_info:
        page.get_by_role("link", name="Hent som side, du kan læse").click()
    assert "Karen Testesen" in html_info.value.path().read_text(encoding="utf-8")


STAFF_WORDS = {
    "da": {
        "find": "Find en borger",
        "cpr": "Borgerens CPR-nummer",
        "paper": "Registrer fra papir",
        "reason": "Hvorfor skal du se loggen?",
        "show": "Vis loggen",
        "log": "Log for Karen Testesen",
    },
    "en": {
        "find": "Find a citizen",
        "cpr": "The citizen's CPR number",
        "paper": "Register from paper",
        "reason": "Why do you need to see the log?",
        "show": "Show the log",
        "log": "Access log for Karen Testesen",
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_staff_pages_pass_axe(live_server: LiveServer, page: Page, language: str) -> None:
    words = STAFF_WORDS[language]
    page.goto(live_server.url)
    if language == "en":
        switch_to_english(page)
    log_in(page, live_server, "staff", "Vibeke Visitator")
    page.get_by_role("link", name=re.compile(words["find"])).click()
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.locator("[data-module=error-summary]")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(words["cpr"]).fill("150344-1236")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.locator("h1")).to_have_text("Karen Testesen")
    assert "1503441236" not in page.url
    assert_accessible(page)
    page.get_by_role("link", name=words["paper"]).click()
    assert_accessible(page)
    page.go_back()
    page.get_by_label(words["reason"]).fill("Opfølgning på klage")
    page.get_by_role("button", name=words["show"]).click()
    expect(page.locator("h1")).to_have_text(words["log"])
    assert_accessible(page)


CITIZEN_PAGES = [
    "/mit-overblik",
    "/beskeder",
    "/mine-paaroerende",
    "/mine-paaroerende/ny",
    "/jeg-hjaelper",
    "/hvem-har-set-mine-oplysninger",
    "/mine-data",
]


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_citizen_pages_pass_axe(live_server: LiveServer, page: Page, language: str) -> None:
    page.goto(live_server.url)
    if language == "en":
        switch_to_english(page)
    log_in(page, live_server, "citizen", "Bent Prøvesen")
    for path in CITIZEN_PAGES:
        page.goto(live_server.path(path))
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
        screenshot(page, f"{language}{path.replace('/', '-')}")
