"""A letter to a citizen as the outbox keeps it, and what letters of every journey share.

Letters are written in the language the reader last used the portal in (`Person.language`, kept at login and at the
language switch; Danish until then), whatever language the sender reads it in. Each journey writes its own
(`applications/decision_letters.py`, `sessions/letters.py`, ...) and hands them to the outbox as message rows.
Links in letters are full addresses on PORTAL_URL, built from the routes (`portal_link`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import format_date, format_time, get_locale, gettext

from portal import dates
from portal.calendar import copenhagen_date
from portal.extensions import db
from portal.models import Person, TrainingSession
from portal.municipalities.schema import Profile

LETTER_LANGUAGE = "da"
# A letter's words come from the language's catalogue, and its dates follow the locale the pages' dates follow
# (English the British way: "Monday, 30 November 2026 at 12:13", not "11/30/26, 12:13 PM").
LETTER_LOCALES = {language: dates.format_locale(language) for language in ("da", "en")}


def letter_locale(language: str) -> str:
    return LETTER_LOCALES.get(language, LETTER_LANGUAGE)


def reader_language(person: Person | None) -> str:
    """The language a person's letters are written in: the one they last used the portal in, else Danish."""
    language = person.language if person is not None else None
    return language if language in LETTER_LOCALES else LETTER_LANGUAGE


def language_of(person_id: int) -> str:
    return reader_language(db.session.get(Person, person_id))


def portal_link(endpoint: str, **values: Any) -> str:
    """The full address of a portal page for a letter, like `url_for(endpoint, _external=True)`, but on the
    portal's public address (PORTAL_URL) rather than the host of whatever request or job writes the letter."""
    base = urlsplit(current_app.config["PORTAL_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def letter_language() -> str:
    """The language of the letter being written (inside `force_locale`)."""
    locale = get_locale()
    return locale.language if locale is not None else LETTER_LANGUAGE


@dataclass(frozen=True)
class Letter:
    kind: str
    subject: str
    body: str
    language: str = LETTER_LANGUAGE


def as_message_args(letter: Letter) -> dict[str, Any]:
    return {"kind": letter.kind, "language": letter.language, "subject": letter.subject, "body": letter.body}


def contact_line(profile: Profile) -> str:
    """Whom to contact and how, as the profile gives it: phone first, then e-mail, then the postal address."""
    contact = profile.contact
    if contact.phone:
        hours = contact.hours.get(letter_language()) if contact.hours else None
        if hours:
            return gettext(
                "%(unit)s on phone %(phone)s (%(hours)s)", unit=contact.unit, phone=contact.phone, hours=hours
            )
        return gettext("%(unit)s on phone %(phone)s", unit=contact.unit, phone=contact.phone)
    if contact.email:
        return gettext("%(unit)s by e-mail at %(email)s", unit=contact.unit, email=contact.email)
    address = [line for line in contact.address if line != contact.unit]
    return ", ".join([contact.unit, *address])


def session_time(session: TrainingSession) -> str:
    return gettext(
        "%(date)s at %(time)s",
        date=format_date(copenhagen_date(session.starts_at), "full"),
        time=format_time(session.starts_at, "short"),
    )


def session_list(sessions: list[TrainingSession]) -> str:
    return "\n".join(f"- {session_time(session)}" for session in sessions)
