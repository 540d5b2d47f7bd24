"""After logging out, Back does not show the citizen's pages again: they were never stored (Cache-Control: no-store).

Without no-store Chromium shows the overview from its back/forward or HTTP cache; with it, Back fetches the page
again, and the portal, no longer logged in, asks for a login.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.conftest import LiveServer
from e2e.test_login import log_in


def test_back_after_logout_does_not_show_karens_overview(live_server: LiveServer, page: Page) -> None:
    log_in(page, live_server, "citizen", "Karen Testesen")
    expect(page.locator("h1")).to_have_text("Mit overblik")
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("heading", name="Log ud af test-MitID")).to_be_visible()
    page.get_by_role("button", name="Log ud").click()
    expect(page.locator("h1")).to_have_text("Du er logget ud")

    # Back past the provider's logout page to where the overview was.
    page.go_back()
    expect(page.get_by_role("heading", name="Log ud af test-MitID")).to_be_visible()
    page.go_back()
    expect(page.locator("h1")).to_have_text("Log ind")
    assert page.url.startswith(live_server.path("/log-ind"))
    expect(page.locator("body")).not_to_contain_text("Karen Testesen")
