"""What every page of the citizen's sessions shows: where sessions are, what kind, the notice rule, what to bring."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from portal.municipalities.schema import Profile
from portal.sessions import labels


def _profile() -> Profile:
    return current_app.config["PROFILE"]


def places() -> dict[str, Any]:
    """Each centre's name, address and a plain map search link, by id."""
    return {
        centre.id: {
            "name": centre.name,
            "address": ", ".join(centre.address),
            "map": "https://www.openstreetmap.org/search?query=" + quote_plus(", ".join(centre.address))
            if centre.address
            else None,
        }
        for centre in _profile().centres
    }


def bring() -> tuple[str, bool]:
    """What to bring, and whether it is the portal's general advice because the profile does not say."""
    told = _profile().what_to_bring
    if told is not None:
        return told.get(str(get_locale())), False
    return _("Comfortable clothes you can move in, and shoes for indoor use."), True


def session_words() -> dict[str, str]:
    """The labels of each session's details, translated once a page rather than once a session."""
    return {
        "time": _("Time"),
        "place": _("Place"),
        "map": _("map"),
        "home": _("In your home"),
        "kind": _("Kind"),
        "therapist": _("Therapist"),
        "bring": _("Bring"),
        "general": _("general advice"),
    }


def citizen_context() -> dict[str, Any]:
    """Where sessions are, what kind, the notice rule and what to bring, as every page of the citizen shows them."""
    told, general = bring()
    return {
        "session_words": session_words(),
        "places": places(),
        # Resolved once a page: a lazy label is translated again each time a page prints it, once a session.
        "kind_labels": {kind: str(label) for kind, label in labels.KIND_LABELS.items()},
        "status_labels": {status: str(label) for status, label in labels.CITIZEN_STATUS_LABELS.items()},
        "notice_hours": _profile().absence.cancellation_notice_hours,
        "bring": told,
        "bring_is_general": general,
    }
