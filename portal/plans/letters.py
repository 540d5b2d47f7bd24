"""The letter about free choice, in the citizen's language whatever language staff read in (as case letters)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale, format_date, format_time, gettext

from portal.calendar import copenhagen_date
from portal.models import RehabilitationPlan
from portal.municipalities.national import National
from portal.municipalities.schema import Profile
from portal.outbox.letters import (
    LETTER_LANGUAGE,
    Letter,
    as_message_args,
    contact_line,
    language_of,
    letter_locale,
    portal_link,
)

__all__ = ["Letter", "as_message_args", "free_choice", "language_of", "portal_link"]


def _why_this_day(plan: RehabilitationPlan, national: National) -> str:
    days = national.free_choice.start_within
    if plan.start_basis == "medical_start":
        return gettext("That is %(days)s days after the date in your plan.", days=days)
    if plan.start_basis == "profile":
        return gettext("That is what our quality standard promises.")
    return gettext("That is %(days)s days after you came home from the hospital.", days=days)


def free_choice(
    plan: RehabilitationPlan,
    first_start: datetime | None,
    profile: Profile,
    national: National,
    path: str,
    language: str = LETTER_LANGUAGE,
) -> Letter:
    """Why the citizen may now choose a private provider, and how: short sentences, no health details."""
    with force_locale(letter_locale(language)):
        due = format_date(plan.start_due, "full")
        if first_start is None:
            now = gettext("We have not yet booked your first training session.")
        else:
            now = gettext(
                "Your first training session is %(date)s at %(time)s. That is later than %(due)s.",
                date=format_date(copenhagen_date(first_start), "full"),
                time=format_time(first_start, "short"),
                due=due,
            )
        parts = [
            gettext("Dear %(name)s", name=plan.person.full_name),
            now,
            gettext("We must be able to start your training by %(due)s.", due=due)
            + " "
            + _why_this_day(plan, national),
            gettext("If we cannot do that, you may choose a private training place instead. The municipality pays."),
            national.free_choice.how_to_use.get(language),
            gettext("Contact %(contact)s.", contact=contact_line(profile)),
        ]
        if national.free_choice.website:
            parts.append(gettext("You can see the places on %(site)s.", site=national.free_choice.website))
        parts += [
            gettext("You can read your plan in the training portal: %(path)s", path=path),
            "\n".join([gettext("Kind regards"), profile.contact.unit, profile.name]),
        ]
        return Letter(
            language=language,
            kind="plan.free_choice",
            subject=gettext("You can choose another place to train"),
            body="\n\n".join(parts),
        )
