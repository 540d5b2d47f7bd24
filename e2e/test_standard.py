"""The quality standard's pages in a real browser: "Kan jeg få træning?" on every path, with and without
JavaScript, "Var siden nyttig?", and axe on every page, offers and results too, for every municipality."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import url_for
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import BaseWSGIServer, make_server

from devtools.idp import LocalIdP, oidc_logins
from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from portal import create_app
from portal.extensions import db
from portal.migrate import upgrade
from portal.models import PageFeedback
from portal.municipalities import available
from portal.standard.check import RESULTS
from portal.standard.forms import QUESTION_FORMS

START = "/kan-jeg-faa-traening"
PATHS = [
    pytest.param(["Ja"], "Du skal ikke søge", id="plan"),
    pytest.param(["Det ved jeg ikke"], "Kontakt os", id="dont-know-plan"),
    pytest.param(["Nej", "Nej"], "Du kan måske få hjælp et andet sted", id="everyday-is-fine"),
    pytest.param(["Nej", "Ja", "Ja"], "Du kan måske få hjælp et andet sted", id="free-physiotherapy"),
    pytest.param(["Nej", "Ja", "Nej", "Ja"], "Du kan måske få hjælp et andet sted", id="can-train-elsewhere"),
    pytest.param(["Nej", "Ja", "Nej", "Nej"], "Du kan søge om træning", id="apply"),
]


def answer_all(page: Page, live_server: LiveServer, answers: list[str]) -> None:
    page.goto(live_server.path(START))
    page.get_by_role("link", name="Start").click()
    for choice in answers:
        question = page.locator("h1").inner_text()
        page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()
        page.get_by_role("button", name="Fortsæt").click()


@pytest.mark.parametrize(("answers", "heading"), PATHS)
def test_every_path_of_the_check_in_the_browser(
    live_server: LiveServer, page: Page, answers: list[str], heading: str
) -> None:
    answer_all(page, live_server, answers)
    expect(page.locator("h1")).to_have_text(heading)
    assert page.url.startswith(live_server.path(f"{START}/svar/"))
    assert_accessible(page)


@pytest.mark.parametrize(("answers", "heading"), PATHS)
def test_every_path_of_the_check_without_javascript(
    live_server: LiveServer, page_without_javascript: Page, answers: list[str], heading: str
) -> None:
    answer_all(page_without_javascript, live_server, answers)
    expect(page_without_javascript.locator("h1")).to_have_text(heading)


def test_going_back_keeps_the_answers_without_javascript(
    live_server: LiveServer, page_without_javascript: Page
) -> None:
    page = page_without_javascript
    answer_all(page, live_server, ["Nej", "Ja"])
    expect(page.locator("h1")).to_have_text("Har din læge henvist dig til gratis fysioterapi?")
    page.get_by_role("link", name="Tilbage").click()
    expect(page.locator("h1")).to_have_text("Er din hverdag blevet svær?")
    expect(page.get_by_label("Ja", exact=True)).to_be_checked()
    page.get_by_role("link", name="Tilbage").click()
    expect(page.get_by_label("Nej", exact=True)).to_be_checked()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_choosing_nothing_shows_the_error(
    live_server: LiveServer, page: Page, page_without_javascript: Page, javascript: bool
) -> None:
    browser_page = page if javascript else page_without_javascript
    browser_page.goto(live_server.path(f"{START}/genoptraeningsplan"))
    browser_page.get_by_role("button", name="Fortsæt").click()
    message = "Vælg ja, hvis du har fået en genoptræningsplan fra sygehuset"
    summary = browser_page.locator("[data-module=error-summary]")
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(browser_page.locator("#answer-error")).to_contain_text(message)
    expect(browser_page).to_have_title(
        "Fejl: Har du fået en genoptræningsplan fra sygehuset? – Træningsportalen – Norddjurs Kommune"
    )
    summary.get_by_role("link", name=message).click()
    expect(browser_page.locator("#answer-0")).to_be_focused()
    if javascript:  # axe runs as a script in the page
        assert_accessible(browser_page)
        screenshot(browser_page, "da-check-error")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_page_feedback(live_server: LiveServer, page: Page, page_without_javascript: Page, javascript: bool) -> None:
    page = page if javascript else page_without_javascript
    with live_server.app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(PageFeedback))
    page.goto(live_server.path("/tilbud/tg2"))
    page.get_by_role("button", name="Nej siden var ikke nyttig").click()
    expect(page).to_have_url(live_server.path("/tilbud/tg2?tak#feedback"))
    expect(page.locator("#feedback")).to_contain_text("Tak for dit svar")
    if javascript:
        assert_accessible(page)
    with live_server.app.app_context():
        rows = db.session.scalars(sa.select(PageFeedback).order_by(PageFeedback.id.desc())).all()
        assert len(rows) == before + 1
        assert (rows[0].page, rows[0].helpful, rows[0].language) == ("standard.offer:tg2", False, "da")


# axe on every page of the standard, for every municipality and both languages -----------------------------------


@pytest.fixture(scope="module", params=available())
def municipal_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, idp: LocalIdP
) -> Iterator[LiveServer]:
    database = tmp_path_factory.mktemp(f"e2e-{request.param}") / "portal.sqlite"
    upgrade(sa.create_engine(f"sqlite:///{database}"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "OIDC_LOGINS": oidc_logins(idp.url),
            "MUNICIPALITY": request.param,
        }
    )
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


def standard_paths(server: LiveServer) -> list[str]:
    app = server.app
    pages = [
        ("standard.about", {}),
        ("standard.check_start", {}),
        ("standard.offers", {}),
        ("standard.service_goals", {}),
        ("standard.absence", {}),
        ("standard.complaints", {}),
        ("standard.centres", {}),
        *[("standard.check_question", {"question": slug}) for slug in QUESTION_FORMS],
        *[("standard.check_result", {"result": result}) for result in RESULTS],
        *[("standard.offer", {"offer_id": offer.id}) for offer in app.config["PROFILE"].offers],
    ]
    with app.test_request_context():
        return [url_for(endpoint, **values) for endpoint, values in pages]


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_standard_page_passes_axe(municipal_server: LiveServer, browser: Browser, language: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "portal_lang", "value": language, "url": municipal_server.url}])
    page = context.new_page()
    slug = municipal_server.app.config["MUNICIPALITY"]
    try:
        for path in standard_paths(municipal_server):
            page.goto(municipal_server.path(path))
            expect(page.locator("html")).to_have_attribute("lang", language)
            assert_accessible(page)
            if (slug, language) == ("hjorring", "da"):
                screenshot(page, f"{slug}-{language}{path.replace('/', '-')}")
    finally:
        context.close()
