"""The shape of a municipality profile. The loader builds these from TOML, field by field, by their type hints.

Conventions the loader relies on:
- Every key in a TOML file is a field here with the same name; anything else is an error.
- A field with a default may be left out. `None` or an empty tuple means the quality standard says nothing,
  never "no"; the pages then leave the point out or show the general wording.
- Every `Text` is shown to citizens and carries Danish and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LegalBasis(StrEnum):
    SERVICELOVEN_86_1 = "serviceloven-86-1"  # genoptræning uden for sygehus
    SERVICELOVEN_86_2 = "serviceloven-86-2"  # vedligeholdende træning
    SUNDHEDSLOVEN_140 = "sundhedsloven-140"  # genoptræning efter genoptræningsplan fra sygehuset


class Setting(StrEnum):
    CENTRE = "centre"  # individually, at a training centre
    TEAM = "team"  # on a team, at a training centre
    HOME = "home"  # in the citizen's home or neighbourhood
    DAY_CENTRE = "day_centre"  # at a day centre (dagcenter/daghjem)


class Event(StrEnum):
    REQUEST_RECEIVED = "request_received"  # henvendelse, from anyone
    REFERRAL_RECEIVED = "referral_received"  # henvisning
    APPLICATION_RECEIVED = "application_received"  # ansøgning
    PLAN_RECEIVED = "plan_received"  # genoptræningsplan from the hospital
    ASSESSMENT_TALK = "assessment_talk"  # visitation/booking talk
    DECISION = "decision"  # the day the decision is made
    DECISION_RECEIVED = "decision_received"  # the day the citizen receives it (complaint deadlines)


class CountUnit(StrEnum):
    WEEKDAYS = "weekdays"  # the standard says "hverdage"
    CALENDAR_DAYS = "calendar_days"  # the standard says "kalenderdage"
    # The standard says only "dage". Kept apart so deadline arithmetic cannot quietly pick a meaning.
    DAYS_UNSPECIFIED = "days_unspecified"
    WEEKS = "weeks"


class SpanUnit(StrEnum):
    WEEKS = "weeks"
    MONTHS = "months"


class Milestone(StrEnum):
    LETTER = "letter"
    CONTACT = "contact"
    ASSESSMENT_TALK = "assessment_talk"
    DECISION = "decision"
    TRAINING_START = "training_start"


class AppliesTo(StrEnum):
    ALL = "all"
    WITHOUT_PLAN = "without_plan"  # citizens without a genoptræningsplan
    WITH_PLAN = "with_plan"  # citizens with a genoptræningsplan (sundhedsloven § 140)


class AbsenceKind(StrEnum):
    CANCELLATION = "cancellation"  # afbud: the citizen tells us in advance
    NO_SHOW = "no_show"  # udeblivelse: the citizen does not come and does not tell us


class Consequence(StrEnum):
    COURSE_MAY_END = "course_may_end"
    COURSE_ENDS = "course_ends"


class Applicant(StrEnum):
    CITIZEN = "citizen"
    RELATIVE = "relative"
    GP = "gp"
    CARE_STAFF = "care_staff"
    PREVENTIVE_HOME_VISITOR = "preventive_home_visitor"
    MUNICIPAL_STAFF = "municipal_staff"  # other front-line staff of the municipality


class EndNoteRecipient(StrEnum):
    VISITATION = "visitation"
    GP = "gp"
    REFERRING_HOSPITAL = "referring_hospital"


class Role(StrEnum):
    THERAPIST = "therapist"
    VISITATOR = "visitator"


class ComplaintAbout(StrEnum):
    DECISION = "decision"  # afgørelsen (serviceloven): to the municipality, then Ankestyrelsen
    TRAINING = "training"  # the training as health care: to Styrelsen for Patientklager (see national.toml)


@dataclass(frozen=True, kw_only=True)
class Text:
    da: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.da


@dataclass(frozen=True, kw_only=True)
class Range:
    min: int
    max: int


@dataclass(frozen=True, kw_only=True)
class Span:
    # "Op til 3 måneder" has no lower bound, so only max is required.
    max: int
    unit: SpanUnit
    min: int | None = None


@dataclass(frozen=True, kw_only=True)
class Contact:
    unit: str
    address: tuple[str, ...] = ()
    phone: str | None = None
    # Phone hours in both languages; `phone_hours` below keeps the plain Danish string the templates use.
    hours: Text | None = None
    email: str | None = None
    digital_post: bool | None = None

    @property
    def phone_hours(self) -> str | None:
        return self.hours.da if self.hours else None


@dataclass(frozen=True, kw_only=True)
class Centre:
    id: str
    name: str
    address: tuple[str, ...] = ()
    # Absent: the profile's contact phone, hours and e-mail apply.
    phone: str | None = None
    hours: Text | None = None
    email: str | None = None
    accessibility: Text | None = None
    # The offer groups the standard lists this centre under; empty means all of them.
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class OfferGroup:
    """What a part of the quality standard says for all its offers (e.g. all § 86 offers of Norddjurs)."""

    id: str
    title: Text
    target_group: Text | None = None
    criteria: tuple[Text, ...] = ()
    excluded: tuple[Text, ...] = ()
    excludes_section_140_plan: bool = False
    purpose: tuple[Text, ...] = ()
    activities: tuple[Text, ...] = ()
    not_included: tuple[Text, ...] = ()
    citizen_tasks: tuple[Text, ...] = ()
    where: Text | None = None
    course_rules: tuple[Text, ...] = ()
    extension: Text | None = None
    extension_by: Role | None = None
    end_note_to: tuple[EndNoteRecipient, ...] = ()
    end_note: Text | None = None
    visitation_unit: str | None = None
    supplier: str | None = None
    free_choice_of_supplier: bool | None = None
    staff: tuple[Text, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Offer:
    id: str
    group: str
    name: Text
    legal_basis: tuple[LegalBasis, ...]
    # The municipality's own code (TG1, TV2 ...); None where the standard names none.
    code: str | None = None
    # What the offer is, in a sentence a citizen understands: a code or a trade name alone says nothing to them,
    # so the explanation follows the name wherever the citizen meets it (the standard's pages, the decision letter).
    explanation: Text | None = None
    # True where the standard names no separate offers and this one carries its general wording.
    general: bool = False
    contents: tuple[Text, ...] = ()
    guiding_time: Text | None = None
    minutes_per_week: Range | None = None
    sessions_per_week: Range | None = None
    half_days: int | None = None
    max_sessions: int | None = None
    max_hours: int | None = None
    span: Span | None = None
    span_note: Text | None = None
    typical_span: Span | None = None
    settings: tuple[Setting, ...] = ()
    review_every_months: int | None = None
    review: Text | None = None


@dataclass(frozen=True, kw_only=True)
class ServiceGoal:
    id: str
    milestone: Milestone
    amount: int
    unit: CountUnit
    text: Text
    # None where the standard does not say from when the deadline counts.
    counts_from: Event | None = None
    applies_to: AppliesTo = AppliesTo.ALL


@dataclass(frozen=True, kw_only=True)
class NoShowRule:
    counts: tuple[AbsenceKind, ...]
    consequence: Consequence
    text: Text
    # None where the standard says "gentagne" (repeated) without a number.
    limit: int | None = None


@dataclass(frozen=True, kw_only=True)
class Absence:
    cancellation_notice_hours: int | None = None
    how_to_cancel: Text | None = None
    no_show_rules: tuple[NoShowRule, ...] = ()
    replacement_session: bool | None = None
    therapist_cancels: Text | None = None


@dataclass(frozen=True, kw_only=True)
class Payment:
    free: bool
    text: Text


@dataclass(frozen=True, kw_only=True)
class Transport:
    by_assessment: bool
    text: Text
    criteria: tuple[Text, ...] = ()
    own_payment: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Complaint:
    about: ComplaintAbout
    recipient: str
    text: Text
    address: tuple[str, ...] = ()
    deadline_amount: int | None = None
    deadline_unit: CountUnit | None = None
    counts_from: Event | None = None
    digital_channels: tuple[str, ...] = ()
    then_to: str | None = None


@dataclass(frozen=True, kw_only=True)
class LegalText:
    basis: LegalBasis
    quote: Text


@dataclass(frozen=True, kw_only=True)
class ClosingDay:
    month: int
    day: int
    name: Text


@dataclass(frozen=True, kw_only=True)
class Profile:
    slug: str
    name: str
    contact: Contact
    sources: tuple[str, ...]
    to_fill: tuple[str, ...] = ()
    general_rules: tuple[Text, ...] = ()
    groups: tuple[OfferGroup, ...] = ()
    offers: tuple[Offer, ...] = ()
    service_goals: tuple[ServiceGoal, ...] = ()
    promises: tuple[Text, ...] = ()
    absence: Absence = Absence()
    payment: Payment | None = None
    transport: Transport | None = None
    complaints: tuple[Complaint, ...] = ()
    centres: tuple[Centre, ...] = ()
    applicants: tuple[Applicant, ...] = ()
    how_to_apply: Text | None = None
    assessment_tool: str | None = None
    legal_texts: tuple[LegalText, ...] = ()
    closing_days: tuple[ClosingDay, ...] = ()
    # What to bring to a training session (clothes, shoes, ...). Absent: "Mine træningstider" shows general advice.
    what_to_bring: Text | None = None

    @property
    def has_offer_codes(self) -> bool:
        return any(offer.code for offer in self.offers)

    def offer(self, offer_id: str) -> Offer | None:
        return next((offer for offer in self.offers if offer.id == offer_id), None)

    def group(self, group_id: str) -> OfferGroup:
        # The loader has checked that every offer's group exists.
        return next(group for group in self.groups if group.id == group_id)

    def offers_in(self, group_id: str) -> tuple[Offer, ...]:
        return tuple(offer for offer in self.offers if offer.group == group_id)


# A live portal cannot do without these. Each must be filled in or listed in `to_fill`; `[*]` means every item.
GO_LIVE_FIELDS = (
    "contact.address",
    "contact.phone",
    "contact.hours",
    "centres",
    "centres[*].address",
    "centres[*].accessibility",
    "service_goals",
    "service_goals[*].counts_from",
    "absence.how_to_cancel",
    "payment",
    "transport",
    "complaints",
    "applicants",
)
