"""The words and dates of "Hent mine data" as a page a citizen reads: labels for every stored value, dates in the
reader's language. The JSON download keeps the stored values as they are."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import dates
from portal.access_log.labels import ACTING_LABELS, action_label
from portal.applications.case_labels import LEGAL_BASIS_LABELS
from portal.applications.facts import answer_facts, referral_facts
from portal.applications.labels import STATUS_NAMES
from portal.auth.scope_labels import SCOPE_LABELS
from portal.models import DeliveryStatus, Role
from portal.models.delegation import DelegationKind
from portal.plans.labels import LEVEL_LABELS
from portal.preferences.forms import CHANNEL_LABELS
from portal.programs.labels import WEEKDAY_LABELS
from portal.sessions.labels import CITIZEN_STATUS_LABELS, COURSE_STATUS_LABELS, END_REASON_LABELS, KIND_LABELS

KIND_OF_POWER = {
    DelegationKind.FULDMAGT: _l("Power of attorney given in the portal"),
    DelegationKind.PAPER_FULDMAGT: _l("Power of attorney on paper"),
    DelegationKind.GUARDIANSHIP: _l("Guardianship"),
}
DELIVERY_LABELS = {
    DeliveryStatus.PENDING: _l("Waiting to be sent"),
    DeliveryStatus.SENT: _l("Sent"),
    DeliveryStatus.FAILED: _l("Could not be sent"),
}
ROLE_LABELS = {
    Role.CITIZEN: _l("Citizen"),
    Role.GP: _l("Doctor"),
    Role.VISITATOR: _l("Visitator"),
    Role.THERAPIST: _l("Therapist"),
    Role.ADMIN: _l("Administrator"),
    Role.HELPER: _l("Home-care helper"),
}
LOGIN_LABELS = {"citizen": _l("MitID"), "gp": _l("MitID Erhverv"), "staff": _l("The municipality's login")}


def day(value: str | None) -> str:
    """An ISO date or moment from the export as the reader's language writes a day: "30. november 2026"."""
    if not value:
        return ""
    return dates.dateformat(
        date.fromisoformat(value[:10]) if len(value) == 10 else datetime.fromisoformat(value), "long"
    )


def moment(value: str | None) -> str:
    """An ISO moment from the export as the reader's language writes it, in Copenhagen time."""
    if not value:
        return ""
    when = datetime.fromisoformat(value)
    return _("%(day)s at %(time)s", day=dates.dateformat(when, "long"), time=dates.timeformat(when, "short"))


def login_label(issuer: str) -> str:
    for kind, login in current_app.config["OIDC_LOGINS"].items():
        if login["issuer"] == issuer:
            return str(LOGIN_LABELS.get(kind, issuer))
    return issuer


def offer_name(offer_id: str | None) -> str:
    if not offer_id:
        return ""
    language = str(get_locale() or "da")
    for offer in current_app.config["PROFILE"].offers:
        if offer.id == offer_id:
            name = offer.name.get(language) or offer.name.get("da", offer_id)
            return f"{offer.code}: {name}" if offer.code else name
    return offer_id


def context() -> dict[str, Any]:
    """What the readable page needs besides the data."""
    return {
        "day": day,
        "moment": moment,
        "login_label": login_label,
        "offer_name": offer_name,
        "answer_facts": answer_facts,
        "referral_facts": referral_facts,
        "acting_labels": ACTING_LABELS,
        "action_label": action_label,
        "weekday_labels": WEEKDAY_LABELS,
        "application_status": STATUS_NAMES,
        "course_status": COURSE_STATUS_LABELS,
        "session_status": CITIZEN_STATUS_LABELS,
        "session_kind": KIND_LABELS,
        "end_reason": END_REASON_LABELS,
        "legal_basis": LEGAL_BASIS_LABELS,
        "scope_labels": SCOPE_LABELS,
        "kind_of_power": KIND_OF_POWER,
        "delivery_labels": DELIVERY_LABELS,
        "channel_labels": CHANNEL_LABELS,
        "role_labels": ROLE_LABELS,
        "plan_level": LEVEL_LABELS,
    }
