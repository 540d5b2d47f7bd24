"""The texts of the receipt and of the withdrawal notice, in the language the citizen used."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from portal.models import Application
from portal.municipalities.national import shipped
from portal.municipalities.schema import Profile


def promised_dates(application: Application, profile: Profile, language: str) -> list[dict[str, Any]]:
    """The dated promises of a case, earliest first, with the standard's own words for each."""
    goals = {goal.id: goal for goal in profile.service_goals}
    rows = []
    for goal_id, value in application.deadlines.items():
        goal = goals.get(goal_id)
        rows.append(
            {
                "goal_id": goal_id,
                "milestone": value.milestone,
                "due": value.due,
                "ambiguous": value.ambiguous,
                "met_at": value.met_at,
                "text": goal.text.get(language) if goal else goal_id,
            }
        )
    return sorted(rows, key=lambda row: row["due"])


def receipt(application: Application, profile: Profile, language: str) -> tuple[str, str]:
    with force_locale(language):
        subject = _("We have received your application (case %(number)s)", number=application.case_number)
        paragraphs = [
            _(
                "Thank you for your application for training. Your case number is %(number)s.",
                number=application.case_number,
            )
        ]
        dates = promised_dates(application, profile, language)
        if dates:
            paragraphs.append(_("This is what %(municipality)s has promised you:", municipality=profile.name))
            paragraphs.extend(
                _("By %(date)s: %(text)s", date=format_date(row["due"], "long"), text=row["text"]) for row in dates
            )
        else:
            paragraphs.append(_("We will contact you about what happens next."))
            # Retssikkerhedsloven § 3: a standard without deadlines does not lift the duty to have them.
            paragraphs.append(_("Our quality standard names no time limit for our decision."))
            paragraphs.append(shipped().deadlines_duty.text.get(language))
        paragraphs.append(_('You can follow your case under "My cases" in the training portal.'))
    return subject, "\n\n".join(paragraphs)


def withdrawn(application: Application, language: str) -> tuple[str, str]:
    with force_locale(language):
        subject = _("Your application is withdrawn (case %(number)s)", number=application.case_number)
        body = _(
            "You have withdrawn your application for training. We will not handle it further. "
            "You do not need to do anything. You can apply again at any time if you need to."
        )
    return subject, body
