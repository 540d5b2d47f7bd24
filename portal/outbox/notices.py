"""What e-mail and SMS say about a letter: that there is one, and where to read it. Never the letter.

E-mail and SMS are not secure channels, and the address may not even be the citizen's own. So a letter to a
citizen (with its health content) is read in the portal and in Digital Post only; the quicker channels carry this
notice instead, whatever the letter says. A notice to a professional's login is written as a notice already and is
sent as it is.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale, gettext

from portal.models import Message


def is_letter_to_citizen(message: Message) -> bool:
    return message.person_id is not None


def notice(message: Message, portal_url: str) -> tuple[str, str]:
    """Subject and body of the notice of `message`, in the letter's language."""
    link = portal_url.rstrip("/") + current_app.url_map.bind("localhost").build("messages.index")
    with force_locale(message.language):
        return (
            gettext("You have a new letter in the Training portal"),
            gettext("You have a new letter in the Training portal. Log in to read it: %(link)s", link=link),
        )


def outgoing(message: Message, portal_url: str) -> tuple[str, str]:
    """What an e-mail or SMS about `message` says."""
    if is_letter_to_citizen(message):
        return notice(message, portal_url)
    return message.subject, message.body
