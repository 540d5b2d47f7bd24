"""The README's persona table, true in a real browser in Danish and in English: the demo data loaded the way `make run`
loads it (`flask demo load`, nothing taken back), and each persona logged in through the local provider's own pages.
tests/test_demo_readme.py checks the same rows through the test client and holds the README's words to them."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from werkzeug.serving import BaseWSGIServer, make_server

from devtools.idp import LocalIdP, oidc_logins
from e2e.browser import assert_accessible
from e2e.conftest import LiveServer
from portal import create_app
from portal.migrate import upgrade

# A link to one plan, not to the list of them.
PLAN_LINK = 'main a[href^="/genoptraeningsplan/"]:not([href="/genoptraeningsplan/"])'
ENTRY_PATHS = {"citizen": "/log-ind/mitid", "gp": "/log-ind/laege", "staff": "/log-ind/medarbejder"}

# What each persona meets, in the two languages: the words of the portal's own catalogue.
WORDS = {
    "da": {
        "overview": "Mit overblik",
        "overview_for_karen": "Overblik for Karen Testesen",
        "chooser": "Hvem vil du handle for?",
        "myself": "Mig selv (Mette Testesen)",
        "plan": "Din genoptræningsplan",
        "no_need": "Du skal ikke søge",
        "in_time": "Det er til tiden.",
        "late": "Det er efter fristen.",
        "refused": "Du blev ikke logget ind",
        "referrals": "Dine henvisninger",
        "being_assessed": "Bliver vurderet",
        "staff": "Medarbejderside",
        "cases": "Sager",
        "plans": "Genoptræningsplaner",
        "courses": "Forløb",
        "starts_late": "Starter efter fristen",
        "sessions": "Mine træningstider",
        "program": "Mit træningsprogram",
        "my_cases": "Mine sager",
        "contact": "Påmindelser og kontakt",
    },
    "en": {
        "overview": "My overview",
        "overview_for_karen": "Overview for Karen Testesen",
        "chooser": "Who do you want to act for?",
        "myself": "Myself (Mette Testesen)",
        "plan": "Your rehabilitation plan",
        "no_need": "You do not need to apply",
        "in_time": "That is in time.",
        "late": "That is after the deadline.",
        "refused": "You were not logged in",
        "referrals": "Your referrals",
        "being_assessed": "Being assessed",
        "staff": "Staff console",
        "cases": "Cases",
        "plans": "Rehabilitation plans",
        "courses": "Courses",
        "starts_late": "Starts after the deadline",
        "sessions": "My training sessions",
        "program": "My training program",
        "my_cases": "My cases",
        "contact": "Reminders and contact",
    },
}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, idp: LocalIdP) -> Iterator[LiveServer]:
    """A portal with the demo data exactly as `make run` loads it, on its own database."""
    database = tmp_path_factory.mktemp("readme") / "portal.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "OIDC_LOGINS": oidc_logins(idp.url)})
    upgrade(sa.create_engine(f"sqlite:///{database}"))
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(timeout=5)


def log_in(page: Page, server: LiveServer, language: str, entry: str, name: str) -> None:
    """As a newcomer does: the language first (the switch in the header), then "Log ind" and the persona picker."""
    page.goto(server.path(f"/sprog/{language}?next=/log-ind"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator(f'main a[href^="{ENTRY_PATHS[entry]}"]').click()
    page.get_by_role("button", name=re.compile(f"^{name}")).click()


def heading(page: Page) -> str:
    return page.locator("h1").inner_text().strip()


def visit(page: Page, server: LiveServer, path: str) -> None:
    page.goto(server.path(path))
    assert_accessible(page)


def karen(page: Page, server: LiveServer, w: dict[str, str]) -> None:
    assert page.url.endswith("/mit-overblik") and heading(page) == w["overview"]
    assert page.locator('.program-card a[href="/mit-traeningsprogram/"]').count() == 1
    visit(page, server, "/mine-traeningstider/")
    assert heading(page) == w["sessions"]
    assert page.locator('a[href$="/aflys"]').count() == 6
    visit(page, server, "/mit-traeningsprogram/")
    assert heading(page) == w["program"]
    visit(page, server, "/mine-sager")
    assert heading(page) == w["my_cases"]
    assert page.locator('main a[href^="/mine-sager/"]').count() >= 3
    visit(page, server, "/paamindelser-og-kontakt/")
    assert heading(page) == w["contact"]


def bent(page: Page, server: LiveServer, w: dict[str, str]) -> None:
    assert page.url.endswith("/mit-overblik") and heading(page) == w["overview"]
    expect(page.locator(".plan-card h2")).to_have_text(w["plan"])
    page.locator('.plan-card a[href^="/genoptraeningsplan/"]').first.click()
    assert_accessible(page)
    page.locator(PLAN_LINK).first.click()
    assert heading(page) == w["plan"]
    assert_accessible(page)
    expect(page.locator("#start-status")).to_contain_text(w["in_time"])
    plan = page.url.removeprefix(server.url)
    visit(page, server, "/mine-sager")
    assert page.locator(f'main a[href="{plan}"]').count() >= 1
    visit(page, server, "/ansoeg")
    assert heading(page) == w["no_need"]
    assert page.locator(f'main a[href="{plan}"]').count() >= 1


def inge(page: Page, server: LiveServer, w: dict[str, str]) -> None:
    assert page.url.endswith("/mit-overblik") and heading(page) == w["overview"]
    visit(page, server, "/genoptraeningsplan/")
    page.locator(PLAN_LINK).first.click()
    expect(page.locator("#start-status")).to_contain_text(w["late"])
    visit(page, server, "/beskeder")
    # The letter was written before she ever logged in, so in Danish, whatever she reads the portal in now.
    expect(page.locator("main")).to_contain_text("Du kan vælge et andet sted at træne")


def mette(page: Page, server: LiveServer, w: dict[str, str]) -> None:
    assert page.url.endswith("/jeg-hjaelper") and heading(page) == w["chooser"]
    assert_accessible(page)
    buttons = page.locator(".chooser button")
    expect(buttons).to_have_text([w["myself"], "Karen Testesen"])
    buttons.nth(1).click()
    assert heading(page) == w["overview_for_karen"]
    assert_accessible(page)


def refused(page: Page, server: LiveServer, w: dict[str, str]) -> None:
    assert heading(page) == w["refused"]
    assert_accessible(page)


def lise(page: Page, server: LiveServer, w: dict[str, str]) -> None:
    assert page.url.endswith("/laege/henvisninger") and heading(page) == w["referrals"]
    assert_accessible(page)
    hans = page.locator("main tr", has_text="Hans Henvisen")
    expect(hans).to_contain_text(w["being_assessed"])
    page.get_by_role("link", name="Karen Testesen").click()
    expect(page.locator("main")).to_contain_text("Karen rejser sig nu fra en almindelig stol")
    assert_accessible(page)


def vibeke(page: Page, server: LiveServer, w: dict[str, str]) -> None:
    assert page.url.endswith("/medarbejder/") and heading(page) == w["staff"]
    visit(page, server, "/medarbejder/sager/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(3)
    for name in ("Poul Demosen", "Ellen Eksempelsen", "Hans Henvisen"):
        expect(page.locator("main table")).to_contain_text(name)
    visit(page, server, "/medarbejder/genoptraeningsplaner/")
    assert heading(page) == w["plans"]
    expect(page.locator("main table tbody tr").first).to_contain_text("Inge Ventesen")


def torben(page: Page, server: LiveServer, w: dict[str, str]) -> None:
    assert page.url.endswith("/medarbejder/") and heading(page) == w["staff"]
    visit(page, server, "/medarbejder/forloeb/")
    first = page.locator("main table tbody tr").first
    expect(first).to_contain_text("Inge Ventesen")
    expect(first).to_contain_text(w["starts_late"])
    for name in ("Bent Prøvesen", "Karen Testesen"):
        expect(page.locator("main table")).to_contain_text(name)


# The README table's rows: entry, persona, and what they find.
ROWS: list[tuple[str, str, Callable[[Page, LiveServer, dict[str, str]], None]]] = [
    ("citizen", "Karen Testesen", karen),
    ("citizen", "Bent Prøvesen", bent),
    ("citizen", "Inge Ventesen", inge),
    ("citizen", "Mette Testesen", mette),
    ("citizen", "Ole Lavesen", refused),
    ("gp", "Lise Lægesen", lise),
    ("staff", "Vibeke Visitator", vibeke),
    ("staff", "Torben Terapeut", torben),
    ("staff", "Kim Kodeord", refused),
]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("entry", "name", "check"), ROWS, ids=[row[1] for row in ROWS])
def test_each_readme_persona_lands_and_finds_what_the_row_promises(
    demo_server: LiveServer,
    page: Page,
    language: str,
    entry: str,
    name: str,
    check: Callable[[Page, LiveServer, dict[str, str]], None],
) -> None:
    log_in(page, demo_server, language, entry, name)
    check(page, demo_server, WORDS[language])
    # Still in the chosen language at the end of the walk: the header offers the other one.
    expect(page.locator("html")).to_have_attribute("lang", language)
