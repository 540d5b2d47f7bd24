"""Helpers for the browser tests, reusable by every journey: axe checks and screenshots."""

from __future__ import annotations

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
# No sandbox as root; no traffic to Google's services, which this machine's network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 740}}

_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core with the WCAG 2.1 A and AA rules; any violation fails with the rule and the elements."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    report = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[node['target'] for node in v['nodes']]}" for v in violations
    ]
    assert report == [], f"axe found violations on {page.url}:\n" + "\n".join(report)


def assert_fits_a_phone(page: Page, width: int = 390) -> None:
    """At a phone's width the page never scrolls sideways; its viewport is put back afterwards."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": 844})
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{page.url} is {overflow} px wider than a {width} px phone"
    finally:
        if original:
            page.set_viewport_size(original)


def screenshot(page: Page, name: str) -> None:
    """Full-page screenshots at desktop and mobile width, for people to look at (the folder is ignored by git)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    original = page.viewport_size
    safe = re.sub(r"[^a-zA-Z0-9_.-]+", "-", name).strip("-")
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{safe}-{label}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)
