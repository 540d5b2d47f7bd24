"""Logging in through the local provider's own pages in a real browser, and out again."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer

ENTRY_PATHS = {"citizen": "/log-ind/mitid", "gp": "/log-ind/laege", "staff": "/log-ind/medarbejder"}


def log_in(page: Page, live_server: LiveServer, entry: str, name: str, path: str = "/log-ind") -> None:
    """Through the login page and the provider's persona picker, in whatever language the page is in."""
    page.goto(live_server.path(path))
    page.locator(f'main a[href^="{ENTRY_PATHS[entry]}"]').click()
    expect(page.get_by_role("heading", name="Vælg en testperson")).to_be_visible()
    choose_persona(page, name)


def choose_persona(page: Page, name: str) -> None:
    page.get_by_role("button", name=re.compile(f"^{name}")).click()


@pytest.mark.parametrize(
    ("entry", "name", "heading"),
    [
        ("citizen", "Karen Testesen", "Mit overblik"),
        ("citizen", "Bent Prøvesen", "Mit overblik"),
        ("citizen", "Mette Testesen", "Mit overblik"),
        ("citizen", "Ole Lavesen", "Du blev ikke logget ind"),
        ("gp", "Lise Lægesen", "Dine henvisninger"),
        ("staff", "Vibeke Visitator", "Medarbejderside"),
        ("staff", "Torben Terapeut", "Medarbejderside"),
        ("staff", "Kim Kodeord", "Du blev ikke logget ind"),
    ],
)
def test_each_persona_logs_in_and_lands_where_it_should(
    live_server: LiveServer, page: Page, entry: str, name: str, heading: str
) -> None:
    log_in(page, live_server, entry, name)
    expect(page.locator("h1")).to_have_text(heading)
    assert_accessible(page)
    screenshot(page, f"login-{name}")
    if heading != "Du blev ikke logget ind":
        expect(page.locator(".header .user")).to_contain_text(name)


def test_logged_in_pages_pass_axe_in_english(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url)
    page.get_by_role("link", name="English").click()
    page.goto(live_server.path("/log-ind"))
    expect(page.locator("h1")).to_have_text("Log in")
    assert_accessible(page)
    page.get_by_role("link", name="Log in with MitID").click()
    choose_persona(page, "Karen Testesen")
    expect(page.locator("h1")).to_have_text("My overview")
    assert_accessible(page)
    page.goto(live_server.path("/jeg-hjaelper"))
    expect(page.locator("h1")).to_have_text("Who do you want to act for?")
    assert_accessible(page)
    screenshot(page, "en-chooser")


def test_logout_ends_the_login_at_the_portal_and_the_provider(live_server: LiveServer, page: Page) -> None:
    log_in(page, live_server, "citizen", "Karen Testesen")
    expect(page.locator("h1")).to_have_text("Mit overblik")
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("heading", name="Log ud af test-MitID")).to_be_visible()
    page.get_by_role("button", name="Log ud").click()
    expect(page.locator("h1")).to_have_text("Du er logget ud")
    assert_accessible(page)
    page.goto(live_server.path("/mit-overblik"))
    expect(page.locator("h1")).to_have_text("Log ind")


@pytest.fixture
def short_idle_timeout(live_server: LiveServer) -> Iterator[None]:
    config = live_server.app.config
    before = config["SESSION_IDLE_MINUTES"]
    config["SESSION_IDLE_MINUTES"] = 2 / 60  # two seconds
    yield
    config["SESSION_IDLE_MINUTES"] = before


def test_after_the_idle_timeout_the_user_is_told_and_comes_back_to_the_same_place(
    live_server: LiveServer, page: Page, short_idle_timeout: None
) -> None:
    log_in(page, live_server, "citizen", "Karen Testesen")
    page.goto(live_server.path("/jeg-hjaelper"))
    expect(page.locator(".session-notice")).to_contain_text("bliver du logget ud kl.")
    time.sleep(3)
    page.reload()
    expect(page.locator("h1")).to_have_text("Du er logget ud")
    expect(page.locator("main")).to_contain_text("ikke havde brugt portalen")
    assert_accessible(page)
    page.get_by_role("link", name="Log ind igen").click()
    page.get_by_role("link", name="Log ind med MitID").click()
    choose_persona(page, "Karen Testesen")
    expect(page).to_have_url(live_server.path("/jeg-hjaelper"))
