"""A live portal on loopback and a real Chromium for the browser tests."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from devtools.idp import LocalIdP, oidc_logins
from devtools.personas import Persona
from e2e.browser import CHROMIUM, CHROMIUM_ARGS
from portal import cpr, create_app, people
from portal.auth.broker import Assurance
from portal.auth.held import held_by
from portal.auth.user import SessionUser
from portal.delegations import services as delegations
from portal.demo import DEMO_LOGINS, PEOPLE_BY_KEY, load_demo_data
from portal.extensions import db
from portal.migrate import upgrade
from portal.models import Account, Person, Role
from tests import factories


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "e2e":
            item.add_marker(pytest.mark.e2e)
            # When the browser moves on while a stylesheet is still arriving, Werkzeug's development server
            # (used here in a thread, never in production) leaves that file to the garbage collector.
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))


@dataclass
class LiveServer:
    app: Flask
    url: str

    def path(self, path: str) -> str:
        return self.url + path


def _take_back_mettes_fuldmagt() -> None:
    """The browser journeys give Mette fuldmagter from Karen (and Bent) themselves and expect her to start without
    one, so the demo's standing fuldmagt is revoked first, as Karen would (tests/test_demo_readme.py covers it)."""
    karen, mette = (people.find_by_cpr(cpr.normalise(PEOPLE_BY_KEY[key].cpr)) for key in ("citizen", "relative"))
    account = db.session.scalar(sa.select(Account).where(Account.subject == DEMO_LOGINS["citizen"].subject))
    as_karen = SessionUser(
        account.id, account.display_name, frozenset({Role.CITIZEN}), "citizen", Assurance.SUBSTANTIAL, karen.id
    )
    for held in held_by(mette.id):
        if held.grantor_person_id == karen.id:
            delegations.revoke(held, as_karen, "self")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, idp: LocalIdP) -> Iterator[LiveServer]:
    yield from serve_demo(tmp_path_factory, idp)


def serve_demo(tmp_path_factory: pytest.TempPathFactory, idp: LocalIdP) -> Iterator[LiveServer]:
    """A portal with the demo data in a database of its own, served on loopback until the generator is closed."""
    database = tmp_path_factory.mktemp("e2e") / "portal.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "OIDC_LOGINS": oidc_logins(idp.url)})
    upgrade(sa.create_engine(f"sqlite:///{database}"))
    with app.app_context():
        load_demo_data()
        _take_back_mettes_fuldmagt()
        db.session.commit()
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(timeout=5)


# Numbers the CPR numbers of the citizens tests make for themselves: never the same twice in one run of the suite.
_OWN_CITIZENS = itertools.count(1)


@pytest.fixture
def own_citizen(live_server: LiveServer, idp: LocalIdP) -> Iterator[Callable[[str, str], Persona]]:
    """Makes a citizen of the test's own who logs in through the local provider's screen like a persona: their
    Person is made at once (so a test can give them a course before they log in), and the provider knows them until
    the test ends. What is made for them stays in the database, as every test's rows do; only the login screen
    forgets them, so a later test finds the screen as the provider started it."""
    with ExitStack() as known:

        def make(given_name: str, family_name: str) -> Persona:
            persona = known.enter_context(
                idp.provider.knowing(factories.a_persona(next(_OWN_CITIZENS), given_name, family_name))
            )
            with live_server.app.app_context():
                factories.person_of(persona)
                db.session.commit()
            return persona

        yield make


@pytest.fixture(autouse=True)
def letters_in_danish_again(request: pytest.FixtureRequest) -> Iterator[None]:
    """A login records the language a person reads the portal in, and their letters follow it: a test that logged
    someone in in English must not decide the language of the letters a later test sends them."""
    yield
    if "live_server" in request.fixturenames:
        server: LiveServer = request.getfixturevalue("live_server")
        with server.app.app_context():
            db.session.execute(sa.update(Person).values(language=None))
            db.session.commit()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Pages here answer in milliseconds; a missing element should fail fast, not after Playwright's 30 s.
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
