"""The letters a case sends the citizen, written in the language the citizen reads the portal in (`Person.language`,
kept at login and at the language switch; Danish until then), whatever language the visitator reads it in.

Each function gives a subject and a body of paragraphs separated by blank lines, the shape `Message` keeps.
The texts go through the catalogue (English msgids, forced to the reader's language here), so they are reviewed with
the rest of the portal's words. Links are full addresses on PORTAL_URL, built from the routes (`portal_link`).
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale, format_date, format_time, gettext, ngettext

from portal.applications.case_labels import LEGAL_BASIS_LABELS
from portal.calendar import DanishCalendar, copenhagen_date
from portal.models import Application, ApplicationSource
from portal.municipalities import rules
from portal.municipalities.national import National, shipped
from portal.municipalities.schema import CountUnit, Milestone, Offer, Profile
from portal.outbox.letters import LETTER_LANGUAGE, Letter, contact_line, letter_locale
from portal.outbox.letters import letter_language as _language


def _day(day: date) -> str:
    return format_date(day, "full")


def _paragraphs(*parts: str | list[str] | None) -> str:
    flat: list[str] = []
    for part in parts:
        if isinstance(part, list):
            flat.extend(part)
        elif part:
            flat.append(part)
    return "\n\n".join(flat)


def _greeting(application: Application) -> str:
    return gettext("Dear %(name)s", name=application.person.full_name)


def _sign_off(profile: Profile) -> str:
    # On lines of their own, as a Danish letter ends: the greeting, then who sends it.
    return "\n".join([gettext("Kind regards"), profile.contact.unit, profile.name])


def _questions(profile: Profile) -> str:
    """Whom to ask, as plainly as the profile allows: "call us" where it gives a phone number."""
    contact = profile.contact
    if contact.phone:
        call = gettext("If you have questions, call us on %(phone)s.", phone=contact.phone)
        hours = contact.hours.get(_language()) if contact.hours else None
        if not hours:
            return call
        return call + " " + gettext("Our phone hours: %(hours)s.", hours=hours.rstrip("."))
    if contact.email:
        return gettext("If you have questions, write to us at %(email)s.", email=contact.email)
    return gettext("If you have questions, contact %(contact)s.", contact=contact_line(profile))


def _promise(milestone: str, day: str) -> str:
    match milestone:
        case Milestone.LETTER:
            return gettext("You will get a letter from us by %(date)s.", date=day)
        case Milestone.CONTACT:
            return gettext("We will contact you by %(date)s.", date=day)
        case Milestone.ASSESSMENT_TALK:
            return gettext("We will hold an assessment talk with you by %(date)s.", date=day)
        case Milestone.DECISION:
            return gettext("We will make a decision by %(date)s.", date=day)
        case Milestone.TRAINING_START:
            return gettext("Your training will start by %(date)s.", date=day)
    return gettext("The next step will happen by %(date)s.", date=day)


def promised_dates(application: Application, milestones: frozenset[str] | None = None) -> list[str]:
    """The promises not yet kept, earliest first, each with its date: what the municipality still owes."""
    remaining = sorted(
        (
            value
            for value in application.deadlines.values()
            if not value.is_met and (milestones is None or value.milestone in milestones)
        ),
        key=lambda value: value.due,
    )
    if not remaining:
        return []
    lines = [gettext("This is what we have promised you in our quality standard:")]
    for value in remaining:
        line = _promise(value.milestone, _day(value.due))
        if value.ambiguous and value.alternative and value.alternative != value.due:
            line += " " + gettext(
                "The standard does not say whether weekends and holidays count. Counting only weekdays, the date is "
                "%(date)s.",
                date=_day(value.alternative),
            )
        lines.append(line)
    return lines


def _what(application: Application) -> str:
    if application.source == ApplicationSource.GP:
        return gettext("the referral for training from your doctor")
    return gettext("your application for training")


def _period(amount: int, unit: CountUnit) -> str:
    match unit:
        case CountUnit.WEEKS:
            return ngettext("%(num)s week", "%(num)s weeks", amount)
        case CountUnit.WEEKDAYS:
            return ngettext("%(num)s weekday", "%(num)s weekdays", amount)
        case CountUnit.CALENDAR_DAYS:
            return ngettext("%(num)s calendar day", "%(num)s calendar days", amount)
    return ngettext("%(num)s day", "%(num)s days", amount)


def complaint_guidance(profile: Profile, decided_at: datetime, national: National | None = None) -> list[str]:
    """How to complain about the decision, to whom and by which date: the profile's own route where its standard has
    one, the law's (national.toml) where it is silent. The date is always given (forvaltningsloven § 25)."""
    route = rules.decision_route(profile, national or shipped())
    deadline = rules.complaint_due(route, decided_at, DanishCalendar.for_profile(profile))
    if route.own_text is not None:
        lines = [
            route.own_text.get(_language()),
            gettext("We look at the case again within %(weeks)s weeks.", weeks=route.reassessment_weeks),
        ]
    else:
        lines = [route.law_text.get(_language())]
    if route.address:
        lines.append(
            gettext(
                "Send your complaint to %(recipient)s, %(address)s.",
                recipient=route.recipient,
                address=", ".join(route.address),
            )
        )
    else:
        lines.append(gettext("Send your complaint to %(recipient)s.", recipient=route.recipient))
    if route.digital_channels:
        lines.append(gettext("You can also complain digitally on %(sites)s.", sites=", ".join(route.digital_channels)))
    lines.append(gettext("We must have your complaint by %(date)s at the latest.", date=_day(deadline.due)))
    lines.append(
        gettext(
            "That is %(period)s from the day you got this letter. We send it with Digital Post. You have got it on the "
            "day it arrives in your digital mailbox.",
            period=_period(route.deadline_amount, route.deadline_unit),
        )
    )
    if deadline.moved:
        lines.append(
            gettext(
                "The last day fell on a Saturday, a Sunday or a public holiday. So you have until the next weekday."
            )
        )
    return lines


def _case_line(application: Application) -> str:
    return gettext("Your case number is %(number)s.", number=application.case_number)


def acknowledgement(application: Application, profile: Profile, language: str = LETTER_LANGUAGE) -> Letter:
    with force_locale(letter_locale(language)):
        promised = promised_dates(application)
        return Letter(
            language=language,
            kind="application.acknowledged",
            subject=gettext("We have received your case %(number)s", number=application.case_number),
            body=_paragraphs(
                _greeting(application),
                gettext("We have received %(what)s, and we are now working on it.", what=_what(application)),
                _case_line(application),
                promised or gettext("We will contact you when we know more."),
                _questions(profile),
                _sign_off(profile),
            ),
        )


def assessment_talk(
    application: Application,
    profile: Profile,
    talk_at: datetime,
    place: str,
    moved: bool = False,
    language: str = LETTER_LANGUAGE,
) -> Letter:
    with force_locale(letter_locale(language)):
        when = gettext(
            "%(date)s at %(time)s",
            date=_day(copenhagen_date(talk_at)),
            time=format_time(talk_at, "short"),
        )
        opening = (
            gettext("We have moved your assessment talk. The new time is %(when)s.", when=when)
            if moved
            else gettext("We have booked an assessment talk with you %(when)s.", when=when)
        )
        return Letter(
            language=language,
            kind="application.assessment_talk",
            subject=gettext("A talk about your training (case %(number)s)", number=application.case_number),
            body=_paragraphs(
                _greeting(application),
                opening,
                gettext("Place: %(place)s", place=place),
                gettext(
                    "At the talk we look at what you can do now, what you want to be able to do again, and which "
                    "training can help you. You are welcome to bring a relative."
                ),
                gettext("If you cannot come, tell us as soon as you can, so we can find another time."),
                _case_line(application),
                promised_dates(application),
                _questions(profile),
                _sign_off(profile),
            ),
        )


def question(
    application: Application, profile: Profile, text: str, answer_url: str, language: str = LETTER_LANGUAGE
) -> Letter:
    with force_locale(letter_locale(language)):
        return Letter(
            language=language,
            kind="application.question",
            subject=gettext("We need more information about your case %(number)s", number=application.case_number),
            body=_paragraphs(
                _greeting(application),
                gettext("To decide on %(what)s, we need to know more.", what=_what(application)),
                gettext("Our question: %(question)s", question=text),
                gettext("Log in to the training portal to answer: %(url)s", url=answer_url),
                _case_line(application),
                _questions(profile),
                _sign_off(profile),
            ),
        )


def _legal_bases(offer: Offer) -> str:
    return gettext(" and ").join(str(LEGAL_BASIS_LABELS[basis]) for basis in offer.legal_basis)


def grant(
    application: Application,
    profile: Profile,
    offer: Offer,
    sessions: int,
    goals: str,
    decided_at: datetime,
    shortfall: str | None = None,
    language: str = LETTER_LANGUAGE,
) -> Letter:
    """The decision to grant; with `shortfall`, the visitator's reason why the citizen gets less than asked for
    (forvaltningsloven § 22)."""
    with force_locale(letter_locale(language)):
        name = offer.name.get(language)
        offer_name = f"{name} ({offer.code})" if offer.code else name
        return Letter(
            language=language,
            kind="application.granted",
            subject=gettext("Decision on your case %(number)s: you get training", number=application.case_number),
            body=_paragraphs(
                _greeting(application),
                gettext("We have decided on %(what)s. You get training.", what=_what(application)),
                gettext("You get the offer: %(offer)s.", offer=offer_name),
                offer.explanation.get(language) if offer.explanation else None,
                ngettext("You get %(num)s training session.", "You get %(num)s training sessions.", sessions),
                gettext("The goals of your training: %(goals)s", goals=goals),
                [
                    gettext("You get less than you applied for."),
                    gettext("Why: %(reason)s", reason=shortfall),
                ]
                if shortfall
                else None,
                gettext("We have made the decision under %(law)s.", law=_legal_bases(offer)),
                promised_dates(application, frozenset({Milestone.TRAINING_START})),
                _case_line(application),
                gettext("How to complain"),
                complaint_guidance(profile, decided_at),
                _questions(profile),
                _sign_off(profile),
            ),
        )


def refusal(
    application: Application, profile: Profile, reason: str, decided_at: datetime, language: str = LETTER_LANGUAGE
) -> Letter:
    with force_locale(letter_locale(language)):
        return Letter(
            language=language,
            kind="application.rejected",
            subject=gettext(
                "Decision on your case %(number)s: you do not get training", number=application.case_number
            ),
            body=_paragraphs(
                _greeting(application),
                gettext("We have decided on %(what)s. You do not get training.", what=_what(application)),
                gettext("Why: %(reason)s", reason=reason),
                gettext("We have made the decision under section 86 of the Social Services Act."),
                _case_line(application),
                gettext("How to complain"),
                complaint_guidance(profile, decided_at),
                _questions(profile),
                _sign_off(profile),
            ),
        )
