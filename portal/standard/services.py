"""What the public pages say, worked out from the municipality's profile, and the feedback they collect.

Numbers and units come from the profile's fields and are put into words here, so every municipality's
deadline reads the same way ("Inden for 3 hverdage"). Nothing here knows a municipality by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from babel.lists import format_list
from flask import current_app, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import clock
from portal.calendar import DanishCalendar
from portal.extensions import db
from portal.models import PageFeedback
from portal.municipalities import (
    AbsenceKind,
    Applicant,
    AppliesTo,
    Centre,
    CountUnit,
    Event,
    LegalBasis,
    NoShowRule,
    Offer,
    OfferGroup,
    Profile,
    ServiceGoal,
    Setting,
    Span,
    SpanUnit,
    Text,
    rules,
)
from portal.municipalities.national import National, Source
from portal.standard.check import RESULTS

OSM_SEARCH = "https://www.openstreetmap.org/search"


def profile() -> Profile:
    return current_app.config["PROFILE"]


def language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def local(text: Text | None) -> str:
    """A profile text in the language of the page."""
    return text.get(language()) if text else ""


# --- Words for the profile's fixed values ------------------------------------------------------------------------

SETTINGS = {
    Setting.TEAM: _l("On a team at a training centre"),
    Setting.CENTRE: _l("On your own with a therapist at a training centre"),
    Setting.HOME: _l("In your own home"),
    Setting.DAY_CENTRE: _l("At a day centre, if you have a place there"),
}

LEGAL_BASES = {
    LegalBasis.SERVICELOVEN_86_1: _l("Rehabilitation training under section 86(1) of the Social Services Act"),
    LegalBasis.SERVICELOVEN_86_2: _l("Maintenance training under section 86(2) of the Social Services Act"),
    LegalBasis.SUNDHEDSLOVEN_140: _l("Rehabilitation after a rehabilitation plan under section 140 of the Health Act"),
}

APPLICANTS = {
    Applicant.CITIZEN: _l("You yourself"),
    Applicant.RELATIVE: _l("Your relatives"),
    Applicant.GP: _l("Your doctor"),
    Applicant.CARE_STAFF: _l("Care staff"),
    Applicant.PREVENTIVE_HOME_VISITOR: _l("Staff from preventive home visits"),
    Applicant.MUNICIPAL_STAFF: _l("Other staff of the municipality"),
}

COUNTS_FROM = {
    Event.REQUEST_RECEIVED: _l("The deadline counts from the day we receive a request about you."),
    Event.REFERRAL_RECEIVED: _l("The deadline counts from the day we receive the referral."),
    Event.APPLICATION_RECEIVED: _l("The deadline counts from the day we receive your application."),
    Event.PLAN_RECEIVED: _l("The deadline counts from the day we receive your rehabilitation plan."),
    Event.ASSESSMENT_TALK: _l("The deadline counts from the day of the talk where we examine you."),
    Event.DECISION: _l("The deadline counts from the day we make the decision."),
    Event.DECISION_RECEIVED: _l("The deadline counts from the day you receive the decision."),
}


def duration(amount: int, unit: CountUnit) -> str:
    """`3 hverdage`, `20 kalenderdage`, `4 uger`; plain `dage` where the standard does not say which days."""
    if unit is CountUnit.WEEKDAYS:
        return ngettext("%(num)d weekday", "%(num)d weekdays", amount)
    if unit is CountUnit.CALENDAR_DAYS:
        return ngettext("%(num)d calendar day", "%(num)d calendar days", amount)
    if unit is CountUnit.WEEKS:
        return ngettext("%(num)d week", "%(num)d weeks", amount)
    return ngettext("%(num)d day", "%(num)d days", amount)


def span_words(span: Span) -> str:
    weeks = span.unit is SpanUnit.WEEKS
    if span.min is None:
        if weeks:
            return ngettext("Up to %(num)d week", "Up to %(num)d weeks", span.max)
        return ngettext("Up to %(num)d month", "Up to %(num)d months", span.max)
    if span.min == span.max:
        if weeks:
            return ngettext("%(num)d week", "%(num)d weeks", span.max)
        return ngettext("%(num)d month", "%(num)d months", span.max)
    if weeks:
        return _("%(min)d-%(max)d weeks", min=span.min, max=span.max)
    return _("%(min)d-%(max)d months", min=span.min, max=span.max)


# --- Offers ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    values: tuple[str, ...]


def offer_title(offer: Offer) -> str:
    name = local(offer.name)
    return f"{name} ({offer.code})" if offer.code else name


def how_often(offer: Offer) -> tuple[str, ...]:
    if offer.guiding_time:
        return (local(offer.guiding_time),)
    if offer.sessions_per_week:
        low, high = offer.sessions_per_week.min, offer.sessions_per_week.max
        if low == high:
            return (ngettext("%(num)d time a week", "%(num)d times a week", high),)
        return (_("%(min)d-%(max)d times a week", min=low, max=high),)
    if offer.minutes_per_week:
        low, high = offer.minutes_per_week.min, offer.minutes_per_week.max
        if low == high:
            return (ngettext("%(num)d minute a week", "%(num)d minutes a week", high),)
        return (_("%(min)d-%(max)d minutes a week", min=low, max=high),)
    return ()


def how_much(offer: Offer) -> tuple[str, ...]:
    found = []
    if offer.max_sessions:
        found.append(ngettext("At most %(num)d time", "At most %(num)d times", offer.max_sessions))
    if offer.max_hours:
        found.append(ngettext("At most %(num)d hour in all", "At most %(num)d hours in all", offer.max_hours))
    return tuple(found)


def how_long(offer: Offer) -> tuple[str, ...]:
    found = []
    if offer.span_note:
        found.append(local(offer.span_note))
    elif offer.span:
        found.append(span_words(offer.span))
    if offer.typical_span:
        found.append(_("A typical course: %(span)s", span=span_words(offer.typical_span).lower()))
    if offer.review:
        found.append(local(offer.review))
    return tuple(found)


def offer_facts(offer: Offer) -> list[Fact]:
    """The short facts at the top of an offer's page; a fact the standard does not give is left out."""
    facts = [
        Fact(_("How often"), how_often(offer)),
        Fact(_("How many times"), how_much(offer)),
        Fact(_("How long"), how_long(offer)),
        Fact(_("Where"), tuple(str(SETTINGS[setting]) for setting in offer.settings)),
    ]
    return [fact for fact in facts if fact.values]


def offer_summary(offer: Offer) -> str:
    """One line for the catalogue: how much and how long, from the same facts as the offer's page."""
    parts = [*how_often(offer), *how_much(offer)]
    if offer.span_note:
        parts.append(local(offer.span_note))
    elif offer.span:
        parts.append(span_words(offer.span))
    return ". ".join(part.rstrip(".") for part in parts) + ("." if parts else "")


def centres_for(group: OfferGroup) -> tuple[Centre, ...]:
    return tuple(centre for centre in profile().centres if not centre.groups or group.id in centre.groups)


def groups_with_offers() -> list[tuple[OfferGroup, tuple[Offer, ...]]]:
    found = profile()
    return [(group, found.offers_in(group.id)) for group in found.groups if found.offers_in(group.id)]


def offers_with_basis(basis: LegalBasis | str) -> tuple[Offer, ...]:
    return tuple(offer for offer in profile().offers if basis in offer.legal_basis)


def groups_excluding_plan() -> tuple[OfferGroup, ...]:
    return tuple(group for group in profile().groups if group.excludes_section_140_plan)


# --- Service goals -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    when: str
    text: str
    applies_to: str | None


APPLIES_TO = {
    AppliesTo.ALL: None,
    AppliesTo.WITHOUT_PLAN: _l("If you do not have a rehabilitation plan from the hospital"),
    AppliesTo.WITH_PLAN: _l("If you have a rehabilitation plan from the hospital"),
}


def step(goal: ServiceGoal) -> Step:
    when = _("Within %(duration)s", duration=duration(goal.amount, goal.unit))
    label = APPLIES_TO[goal.applies_to]
    return Step(when=when, text=local(goal.text), applies_to=str(label) if label else None)


def timeline() -> list[Step]:
    return [step(goal) for goal in profile().service_goals]


def plan_steps() -> list[Step]:
    """The deadlines that hold for a citizen with a rehabilitation plan."""
    return [
        step(goal)
        for goal in profile().service_goals
        if goal.applies_to is AppliesTo.WITH_PLAN or goal.counts_from is Event.PLAN_RECEIVED
    ]


def uses_unit(unit: CountUnit | str) -> bool:
    return any(goal.unit == unit for goal in profile().service_goals)


# --- Absence -----------------------------------------------------------------------------------------------------


def no_show_rule(rule: NoShowRule) -> str:
    """The profile writes the rule without its number; the page puts "Udebliver du 2 gange:" before it."""
    text = local(rule.text)
    if rule.limit is None:
        return text
    if AbsenceKind.CANCELLATION in rule.counts:
        singular, plural = (
            "If you cancel or do not turn up %(num)d time:",
            "If you cancel or do not turn up %(num)d times:",
        )
        lead = ngettext(singular, plural, rule.limit)
    else:
        lead = ngettext("If you do not turn up %(num)d time:", "If you do not turn up %(num)d times:", rule.limit)
    return f"{lead} {text}"


# --- Complaints --------------------------------------------------------------------------------------------------


def either(items: tuple[str, ...]) -> str:
    """ "borger.dk eller mit.dk": a list joined the way the page's language does it."""
    return format_list(list(items), style="or", locale=language())


def national() -> National:
    return current_app.config["NATIONAL"]


def decision_route() -> rules.DecisionRoute:
    return rules.decision_route(profile(), national())


def training_route() -> rules.TrainingRoute:
    return rules.training_route(profile(), national())


def complaint_example() -> rules.ComplaintDeadline:
    """The last day to complain about a decision sent today, as an example with real dates."""
    return rules.complaint_due(decision_route(), clock.now(), DanishCalendar.for_profile(profile()))


def sources_line(sources: tuple[Source, ...]) -> str:
    """ "Forvaltningsloven § 25, stk. 1": the law and paragraph of each source, for the line under a rule."""
    return "; ".join(f"{source.law} {source.paragraph}" for source in sources)


# --- Training centres --------------------------------------------------------------------------------------------


def map_link(centre: Centre) -> str | None:
    """A plain link to a map search for the address: no embedded map, no third-party script on our pages."""
    if not centre.address:
        return None
    return f"{OSM_SEARCH}?{urlencode({'query': ', '.join(centre.address)})}"


# --- "Var siden nyttig?" -----------------------------------------------------------------------------------------

# The pages that ask for feedback, and the name of the one URL argument each takes (None: no argument).
FEEDBACK_PAGES: Mapping[str, str | None] = {
    "standard.about": None,
    "standard.check_start": None,
    "standard.check_result": "result",
    "standard.offers": None,
    "standard.offer": "offer_id",
    "standard.service_goals": None,
    "standard.absence": None,
    "standard.complaints": None,
    "standard.centres": None,
}
PAGE_KEY_LENGTH = 200
# The query word the page is opened with after an answer, so it thanks instead of asking again.
THANKS = "tak"


def page_key(endpoint: str, view_args: Mapping[str, object]) -> str:
    """`standard.offer:tg2`: the page and its argument, never a query string or anything about the visitor."""
    argument = FEEDBACK_PAGES[endpoint]
    return endpoint if argument is None else f"{endpoint}:{view_args[argument]}"


def page_url(key: str) -> str | None:
    """The page a feedback key names, or None when it names no page of this portal."""
    endpoint, _, value = key.partition(":")
    if endpoint not in FEEDBACK_PAGES or len(key) > PAGE_KEY_LENGTH:
        return None
    argument = FEEDBACK_PAGES[endpoint]
    if argument is None:
        return None if value else url_for(endpoint)
    known = RESULTS if argument == "result" else {offer.id for offer in profile().offers}
    values: dict[str, Any] = {argument: value}
    return url_for(endpoint, **values) if value in known else None


def record_feedback(page: str, helpful: bool, language: str) -> PageFeedback:
    feedback = PageFeedback(page=page, helpful=helpful, language=language)
    db.session.add(feedback)
    db.session.flush()
    return feedback
