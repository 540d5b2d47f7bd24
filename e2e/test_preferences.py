"""Påmindelser og kontakt in a real browser: a citizen chooses e-mail reminders at 9, first forgetting the address.
axe on every page, in Danish and in English.

The citizen is one of the test's own, so the page starts with no choices made whatever other tests chose, and the
choices made here stay theirs: nothing is deleted."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from devtools.personas import Persona
from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.extensions import db
from portal.models import Account, ContactPreference, Message
from tests import factories

WORDS = {
    "da": {
        "link": "Påmindelser og kontakt",
        "email": "E-mail",
        "hour": "Kl. 09.00",
        "save": "Gem",
        "missing": "Skriv din e-mailadresse, eller vælg ikke e-mail",
        "saved": "Dine valg er gemt.",
        "waiting": "Den nye e-mailadresse er ikke bekræftet endnu",
        "confirm": "Bekræft adressen",
        "confirmed": "Din e-mailadresse er bekræftet",
    },
    "en": {
        "link": "Reminders and contact",
        "email": "E-mail",
        "hour": "At 09.00",
        "save": "Save",
        "missing": "Write your e-mail address, or do not choose e-mail",
        "saved": "Your choices are saved.",
        "waiting": "The new e-mail address is not confirmed yet",
        "confirm": "Confirm the address",
        "confirmed": "Your e-mail address is confirmed",
    },
}


def preference_of(live_server: LiveServer, citizen: Persona) -> ContactPreference | None:
    with live_server.app.app_context():
        preference = db.session.scalar(
            sa.select(ContactPreference).where(ContactPreference.person_id == factories.person_of(citizen).id)
        )
        if preference is not None:
            db.session.expunge(preference)
        return preference


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_citizen_chooses_email_reminders(
    live_server: LiveServer, page: Page, own_citizen: Callable[[str, str], Persona], language: str
) -> None:
    words = WORDS[language]
    grethe = own_citizen("Grethe", "Vind")
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "citizen", grethe.name)
    page.get_by_role("link", name=words["link"], exact=True).click()
    expect(page.locator("h1")).to_have_text(words["link"])
    assert_accessible(page)

    page.locator("label[for=channels-0]").click()  # Digital Post off
    page.locator("label[for=channels-1]").click()  # e-mail on
    page.locator("#reminder_hour").select_option(label=words["hour"])
    page.get_by_role("button", name=words["save"], exact=True).click()
    expect(page.locator("[data-module=error-summary]")).to_contain_text(words["missing"])
    expect(page.locator("#email-error")).to_contain_text(words["missing"])
    # The other answers stay.
    expect(page.locator("#channels-1")).to_be_checked()
    expect(page.locator("#reminder_hour")).to_have_value("9")
    assert_accessible(page)
    screenshot(page, f"preferences-error-{language}")

    page.locator("#email").fill("grethe@eksempel.dk")
    page.get_by_role("button", name=words["save"], exact=True).click()
    expect(page.locator(".alert-success").first).to_contain_text(words["saved"])
    expect(page.locator("#email")).to_have_value("grethe@eksempel.dk")
    assert_accessible(page)
    screenshot(page, f"preferences-{language}")
    expect(page.locator(".alert-info")).to_contain_text(words["waiting"])
    preference = preference_of(live_server, grethe)
    assert preference is not None
    # The address is used once the link sent to it is followed.
    assert (preference.channels, preference.email, preference.pending_email) == ("email", None, "grethe@eksempel.dk")
    assert (preference.reminder_hour, preference.reminders) == (9, True)

    page.goto(live_server.path(confirmation_path(live_server, grethe)))
    assert_accessible(page)
    page.get_by_role("button", name=words["confirm"], exact=True).click()
    expect(page.locator("h1")).to_have_text(words["confirmed"])
    assert_accessible(page)
    assert preference_of(live_server, grethe).email == "grethe@eksempel.dk"


def confirmation_path(live_server: LiveServer, citizen: Persona) -> str:
    with live_server.app.app_context():
        mail = db.session.scalar(
            sa.select(Message)
            .join(Account, Message.account_id == Account.id)
            .where(Message.kind == "contact.confirm_email", Account.subject == citizen.sub)
            .order_by(Message.id.desc())
        )
        link = next(line for line in mail.body.splitlines() if "/bekraeft-e-mail/" in line)
    return "/" + link.split("/", 3)[3]
