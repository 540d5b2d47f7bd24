"""Helpers for the browser tests, reusable by every journey: axe and plain-language checks, and screenshots."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from portal.standard.lix import lix, main_text, sentences, words

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
# Best practice beyond WCAG: all content sits in a landmark, so a screen reader user can find it by region.
EXTRA_RULES = {"region": {"enabled": True}}
# Citizens, relatives and GPs read at LIX 35 or less; staff pages may use their trade's words, up to 45.
LIX_LIMIT = 35
STAFF_LIX_LIMIT = 45
STAFF_PATH = "/medarbejder"
HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]*)\"", re.IGNORECASE)
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 740}}

_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core with the WCAG 2.1 A and AA rules and `region`, then the Danish main text's LIX; any violation
    fails with the rule and the elements, a hard text with its score and longest sentences."""
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "rules": EXTRA_RULES,
        "resultTypes": ["violations"],
    }
    violations = _axe.run(page, options=options).response["violations"]
    report = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[node['target'] for node in v['nodes']]}" for v in violations
    ]
    assert report == [], f"axe found violations on {page.url}:\n" + "\n".join(report)
    assert_plain_danish(page)


def lix_limit(url: str) -> int:
    path = urlsplit(url).path
    return STAFF_LIX_LIMIT if path == STAFF_PATH or path.startswith(STAFF_PATH + "/") else LIX_LIMIT


def assert_plain_danish(page: Page) -> None:
    """The page's Danish main text scores within its LIX limit; pages in another language are not measured."""
    html = page.content()
    language = HTML_LANG.search(html)
    if not language or language.group(1) != "da":
        return
    text = main_text(html)
    score, limit = lix(text), lix_limit(page.url)
    longest = sorted(sentences(text), key=lambda sentence: len(words(sentence)), reverse=True)[:5]
    assert score <= limit, f"LIX {score:.1f} on {page.url} (limit {limit}); the longest sentences:\n" + "\n".join(
        longest
    )


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
    """Full-page screenshots at desktop and mobile width, for people to look at (the folder is ignored by git), when
    `E2E_SCREENSHOTS=1`: nothing reads them in a plain run, and each pair costs about a second."""
    if os.environ.get("E2E_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    original = page.viewport_size
    safe = re.sub(r"[^a-zA-Z0-9_.-]+", "-", name).strip("-")
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{safe}-{label}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)
