"""A letter to a citizen as the outbox keeps it, and what letters of every journey share.

Letters are written in Danish whatever language the portal is read in (`LETTER_LANGUAGE`); each journey writes its
own (`applications/decision_letters.py`, `sessions/letters.py`, ...) and hands them to the outbox as message rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import format_date, format_time, gettext

from portal.calendar import copenhagen_date
from portal.models import TrainingSession
from portal.municipalities.schema import Profile

LETTER_LANGUAGE = "da"


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
        hours = contact.hours.get(LETTER_LANGUAGE) if contact.hours else None
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
