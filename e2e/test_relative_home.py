"""Mit overblik as a home, and Mette keeping her place on Karen's pages, in a real browser with axe on every page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal import cpr
from portal.clock import today
from portal.database import utcnow
from portal.extensions import db
from portal.models import Delegation, Person, Scope


def _person(cpr_number: str) -> Person:
    return db.session.scalar(sa.select(Person).where(Person.cpr_hash == cpr.lookup_hash(cpr_number)))


@pytest.fixture
def see_and_cancel(live_server: LiveServer) -> Iterator[None]:
    """Karen's fuldmagt to Mette with the scopes "see" and "cancel" only, for this test; the server's other
    fuldmagter from Karen to Mette are set aside meanwhile and put back after."""
    with live_server.app.app_context():
        karen, mette = _person("1503441236"), _person("2811701232")
        others = db.session.scalars(
            sa.select(Delegation).where(
                Delegation.grantor_person_id == karen.id,
                Delegation.grantee_cpr_hash == mette.cpr_hash,
                Delegation.revoked_at.is_(None),
            )
        ).all()
        set_aside: dict[int, datetime] = {}
        for other in others:
            other.revoked_at = set_aside[other.id] = utcnow()
        made = Delegation(
            grantor_person_id=karen.id,
            grantee_person_id=mette.id,
            grantee_cpr_hash=mette.cpr_hash,
            grantee_name="Mette Testesen",
            scopes=f"{Scope.MANAGE_SESSIONS} {Scope.SEE}",
            valid_from=today(),
            accepted_at=utcnow(),
        )
        db.session.add(made)
        db.session.commit()
        made_id = made.id
    yield
    with live_server.app.app_context():
        db.session.get(Delegation, made_id).revoked_at = utcnow()
        for delegation_id in set_aside:
            db.session.get(Delegation, delegation_id).revoked_at = None
        db.session.commit()


def test_mette_with_see_and_cancel_keeps_her_place_on_karens_pages(
    live_server: LiveServer, page: Page, see_and_cancel: None
) -> None:
    log_in(page, live_server, "citizen", "Mette Testesen")
    expect(page.locator("h1")).to_have_text("Hvem vil du handle for?")
    page.get_by_role("button", name="Karen Testesen", exact=True).click()

    # Karen's home, as Mette may see it: the next session with a cancel link, nothing to apply with.
    expect(page.locator("h1")).to_have_text("Overblik for Karen Testesen")
    expect(page.locator(".acting-banner")).to_contain_text("Du handler på vegne af Karen Testesen")
    expect(page.locator("#next-session-heading")).to_have_text("Næste træning for Karen Testesen")
    expect(page.locator("main").get_by_role("link", name="Aflys træningstiden")).to_have_count(1)
    expect(page.locator('main a[href="/ansoeg"]')).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "home-relative-see-cancel")

    # "Mine sager" offers no application she could not send.
    page.get_by_role("link", name="Sager for Karen Testesen").click()
    expect(page.locator("h1")).to_have_text("Mine sager")
    expect(page.locator('main a[href="/ansoeg"]')).to_have_count(0)
    assert_accessible(page)

    # An old bookmark to the application is refused in words, and she still acts for Karen.
    page.goto(live_server.path("/ansoeg"))
    expect(page.locator("h1")).to_have_text("Det kan du ikke gøre for Karen Testesen")
    expect(page.locator("main")).to_contain_text("Søge om træning for mig.")
    expect(page.locator("main")).to_contain_text("»Mine pårørende«")
    expect(page.locator(".acting-banner")).to_contain_text("Du handler på vegne af Karen Testesen")
    assert_accessible(page)
    screenshot(page, "refused-missing-scope")
    page.get_by_role("link", name="Tilbage til overblikket for Karen Testesen").click()
    expect(page.locator("h1")).to_have_text("Overblik for Karen Testesen")

    # Karen's sessions are all there, and cancelling one starts from a page that keeps her place too.
    page.get_by_role("link", name="Se alle træningstider").click()
    expect(page.locator(".acting-banner")).to_contain_text("Du handler på vegne af Karen Testesen")
    expect(page.locator("main .session-card").first).to_be_visible()
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Aflys træningstiden").first.click()
    expect(page.locator("h1")).to_have_text("Aflys træningstiden")
    assert_accessible(page)
    page.get_by_role("link", name="Tilbage til mine træningstider").click()
    expect(page.locator(".acting-banner")).to_contain_text("Du handler på vegne af Karen Testesen")


def test_karens_home_and_the_way_to_it(live_server: LiveServer, page: Page) -> None:
    log_in(page, live_server, "citizen", "Karen Testesen")
    page.goto(live_server.path("/mit-overblik"))
    expect(page.locator("h1")).to_have_text("Mit overblik")
    expect(page.locator("#waiting-heading")).to_have_text("Det venter på dig")
    expect(page.locator("#next-session-heading")).to_have_text("Din næste træning")
    expect(page.locator("#exercises-heading")).to_have_text("Dagens øvelser")
    assert_accessible(page)
    screenshot(page, "home-citizen")

    page.goto(live_server.url)
    page.get_by_role("link", name="Gå til mit overblik").click()
    expect(page.locator("h1")).to_have_text("Mit overblik")
