"""Each fact the seeds state, read back from the profiles. A fact the seeds do not state must stay absent."""

from __future__ import annotations

import pytest

from portal.municipalities import (
    AbsenceKind,
    Applicant,
    AppliesTo,
    ComplaintAbout,
    Consequence,
    CountUnit,
    EndNoteRecipient,
    Event,
    LegalBasis,
    Milestone,
    Offer,
    Profile,
    Range,
    Role,
    ServiceGoal,
    Setting,
    Span,
    SpanUnit,
    load,
)

SEL_86_1 = LegalBasis.SERVICELOVEN_86_1
SEL_86_2 = LegalBasis.SERVICELOVEN_86_2
SUL_140 = LegalBasis.SUNDHEDSLOVEN_140
REAL = ["hjorring", "naestved", "norddjurs", "rodovre"]


def offer(profile: Profile, offer_id: str) -> Offer:
    found = profile.offer(offer_id)
    assert found is not None, offer_id
    return found


def goal(profile: Profile, goal_id: str) -> ServiceGoal:
    return next(goal for goal in profile.service_goals if goal.id == goal_id)


def weeks(low: int, high: int) -> Span:
    return Span(min=low, max=high, unit=SpanUnit.WEEKS)


# Norddjurs ------------------------------------------------------------------------------------------------------


def test_norddjurs_catalogue_has_the_seed_codes_in_order() -> None:
    codes = [offer.code for offer in load("norddjurs").offers if offer.code]
    assert codes == ["TUS", "TG1", "TG2", "TV1", "TV2", "TV3", "TVA1", "TVA2", "TVA3"]


@pytest.mark.parametrize(
    ("offer_id", "basis", "minutes", "max_sessions", "span"),
    [
        ("tg1", SEL_86_1, Range(min=60, max=90), 15, weeks(4, 10)),
        ("tg2", SEL_86_1, Range(min=90, max=120), 24, weeks(10, 16)),
        ("tv1", SEL_86_2, Range(min=60, max=60), 6, weeks(4, 8)),
        ("tv2", SEL_86_2, Range(min=120, max=120), 24, weeks(8, 12)),
        ("tv3", SEL_86_2, Range(min=60, max=60), 12, weeks(8, 12)),
    ],
)
def test_norddjurs_tg_and_tv_offers(
    offer_id: str, basis: LegalBasis, minutes: Range, max_sessions: int, span: Span
) -> None:
    found = offer(load("norddjurs"), offer_id)
    assert found.legal_basis == (basis,)
    assert found.minutes_per_week == minutes
    assert found.max_sessions == max_sessions
    assert found.span == span
    assert found.group == "sel86"


def test_norddjurs_guiding_times_keep_the_seed_wording() -> None:
    wording = {
        offer.code: offer.guiding_time.da for offer in load("norddjurs").offers if offer.code and offer.guiding_time
    }
    assert wording["TUS"] == "½ time om ugen"
    assert wording["TG1"] == "1-1½ time om ugen"
    assert wording["TG2"] == "1½-2 timer om ugen"
    assert wording["TV2"] == "2 timer om ugen"
    assert wording["TVA3"] == "3 halve dage"


def test_norddjurs_tus_is_an_assessment_of_half_an_hour_a_week_and_three_hours_at_most() -> None:
    tus = offer(load("norddjurs"), "tus")
    assert tus.legal_basis == (SEL_86_1, SEL_86_2)
    assert tus.minutes_per_week == Range(min=30, max=30)
    assert tus.max_hours == 3
    assert tus.max_sessions is None
    assert len(tus.contents) == 3


@pytest.mark.parametrize(("offer_id", "half_days"), [("tva1", 1), ("tva2", 2), ("tva3", 3)])
def test_norddjurs_tva_is_half_days_re_evaluated_at_least_yearly(offer_id: str, half_days: int) -> None:
    tva = offer(load("norddjurs"), offer_id)
    assert tva.code == offer_id.upper()
    assert tva.half_days == half_days
    assert tva.review_every_months == 12
    assert tva.review is not None and "mindst én gang om året" in tva.review.da
    assert tva.max_sessions is None and tva.span is None
    assert tva.legal_basis == (SEL_86_2,)


def test_norddjurs_section_140_courses() -> None:
    profile = load("norddjurs")
    centre, home, team = (offer(profile, name) for name in ("gop-center", "gop-hjem", "gop-hold"))
    for course in (centre, home, team):
        assert course.legal_basis == (SUL_140,)
        assert course.sessions_per_week == Range(min=1, max=2)
        assert course.code is None  # the catalogue names no codes for § 140 courses
    assert centre.span == Span(max=3, unit=SpanUnit.MONTHS)
    assert centre.span_note is not None and centre.span_note.da == "I op til 2-3 måneder"
    assert centre.settings == (Setting.CENTRE,)
    assert home.max_sessions == 8
    assert home.settings == (Setting.HOME,)
    assert team.span == Span(max=3, unit=SpanUnit.MONTHS)
    assert team.settings == (Setting.TEAM,)


def test_norddjurs_centres_and_phone_hours() -> None:
    profile = load("norddjurs")
    assert [(centre.name, centre.address) for centre in profile.centres] == [
        ("Træningscenter Auning", ("Elme Allé 6", "8963 Auning")),
        ("Træningscenter Posthaven", ("Posthaven 48", "8500 Grenaa")),
        ("Træningscenter Glesborg", ("Valmuevej 2", "8585 Glesborg")),
    ]
    assert profile.centres[2].groups == ("sul140",)
    assert profile.contact.phone == "89 59 30 11"
    assert profile.contact.phone_hours == "Alle hverdage kl. 8.00-9.00"
    assert profile.contact.email == "ambulanttræning@norddjurs.dk"


def test_norddjurs_end_note_goes_to_visitation_and_gp() -> None:
    profile = load("norddjurs")
    assert profile.group("sel86").end_note_to == (EndNoteRecipient.VISITATION, EndNoteRecipient.GP)
    assert profile.group("sul140").end_note_to == (EndNoteRecipient.GP, EndNoteRecipient.REFERRING_HOSPITAL)
    assert profile.group("sel86").visitation_unit == "Visitation og hjælpemidler"


def test_norddjurs_citizen_tasks_and_section_86_is_without_a_plan() -> None:
    group = load("norddjurs").group("sel86")
    assert [task.da for task in group.citizen_tasks] == [
        "Du skal være motiveret for at træne.",
        "Du skal selv sørge for at komme til træningscentret, hvis du kan.",
    ]
    assert group.excludes_section_140_plan is True


def test_norddjurs_invents_no_service_goals_or_absence_rules() -> None:
    profile = load("norddjurs")
    assert profile.service_goals == ()
    assert profile.absence.no_show_rules == ()
    assert profile.payment is None and profile.transport is None and profile.complaints == ()
    assert {"service_goals", "payment", "transport", "complaints", "absence.how_to_cancel"} <= set(profile.to_fill)


# Hjørring -------------------------------------------------------------------------------------------------------


def test_hjorring_service_goals() -> None:
    profile = load("hjorring")
    assert [(g.milestone, g.amount, g.unit, g.counts_from) for g in profile.service_goals] == [
        (Milestone.LETTER, 3, CountUnit.WEEKDAYS, Event.REQUEST_RECEIVED),
        (Milestone.ASSESSMENT_TALK, 20, CountUnit.CALENDAR_DAYS, Event.REFERRAL_RECEIVED),
        (Milestone.TRAINING_START, 4, CountUnit.WEEKS, Event.ASSESSMENT_TALK),
    ]


def test_hjorring_names_no_offer_codes_so_its_one_offer_is_general() -> None:
    profile = load("hjorring")
    assert profile.has_offer_codes is False
    (only,) = profile.offers
    assert only.general is True and only.code is None
    assert only.legal_basis == (SEL_86_1, SEL_86_2)
    assert only.max_sessions is None and only.minutes_per_week is None


def test_hjorring_courses_last_up_to_three_months_and_the_therapist_extends() -> None:
    profile = load("hjorring")
    assert profile.offers[0].span == Span(max=3, unit=SpanUnit.MONTHS)
    assert profile.group("traening").extension_by is Role.THERAPIST


def test_hjorring_is_free_with_transport_by_individual_assessment() -> None:
    profile = load("hjorring")
    assert profile.payment is not None and profile.payment.free is True
    assert profile.transport is not None and profile.transport.by_assessment is True
    assert profile.transport.own_payment is None
    assert len(profile.transport.criteria) == 2


def test_hjorring_accepts_applications_from_citizens_relatives_gps_and_care_staff() -> None:
    applicants = set(load("hjorring").applicants)
    assert {Applicant.CITIZEN, Applicant.RELATIVE, Applicant.GP, Applicant.CARE_STAFF} <= applicants


def test_hjorring_contact() -> None:
    contact = load("hjorring").contact
    assert (contact.phone, contact.phone_hours, contact.email) == (
        "72 33 58 50",
        "Hverdage kl. 8-9",
        "traeningsenhed@hjoerring.dk",
    )
    assert contact.address == ()  # the standard gives no street address


# Næstved --------------------------------------------------------------------------------------------------------


def test_naestved_decision_within_10_weekdays_and_start_within_10_calendar_days() -> None:
    profile = load("naestved")
    decision, start = goal(profile, "afgoerelse"), goal(profile, "opstart")
    assert (decision.milestone, decision.amount, decision.unit, decision.counts_from) == (
        Milestone.DECISION,
        10,
        CountUnit.WEEKDAYS,
        Event.APPLICATION_RECEIVED,
    )
    assert (start.milestone, start.amount, start.unit, start.counts_from) == (
        Milestone.TRAINING_START,
        10,
        CountUnit.CALENDAR_DAYS,
        Event.DECISION,
    )


def test_naestved_typical_course_is_12_weeks() -> None:
    profile = load("naestved")
    assert offer(profile, "genoptraening").typical_span == weeks(12, 12)
    assert offer(profile, "vedligeholdende-traening").typical_span == Span(max=12, unit=SpanUnit.WEEKS)


def test_naestved_replacement_session_and_repeated_absence_ends_the_course() -> None:
    absence = load("naestved").absence
    assert absence.replacement_session is True
    (rule,) = absence.no_show_rules
    assert rule.counts == (AbsenceKind.CANCELLATION, AbsenceKind.NO_SHOW)
    assert rule.limit is None  # "gentagne": the seed gives no number
    assert rule.consequence is Consequence.COURSE_ENDS


def test_naestved_complaints() -> None:
    decision, training = load("naestved").complaints
    assert decision.about is ComplaintAbout.DECISION
    assert (decision.deadline_amount, decision.deadline_unit, decision.counts_from) == (
        4,
        CountUnit.WEEKS,
        Event.DECISION_RECEIVED,
    )
    assert decision.recipient == "Center for Sundhed og Ældre, Myndighed"
    assert decision.address == ("Rådmandshaven 20", "4700 Næstved")
    assert decision.then_to == "Ankestyrelsen"
    assert training.about is ComplaintAbout.TRAINING
    assert training.recipient == "Styrelsen for Patientsikkerhed"
    assert training.address == ("Islands Brygge 67", "2300 København S")
    assert training.deadline_amount is None


def test_naestved_assessment_tool_payment_and_transport() -> None:
    profile = load("naestved")
    assert profile.assessment_tool == "Fællessprog III"
    assert profile.payment is not None and profile.payment.free is True
    assert profile.transport is not None and profile.transport.own_payment is True


def test_naestved_quotes_section_86_word_for_word() -> None:
    quotes = {text.basis: text.quote.da for text in load("naestved").legal_texts}
    assert quotes[SEL_86_1].startswith("Kommunalbestyrelsen skal tilbyde genoptræning til afhjælpning")
    assert quotes[SEL_86_2].startswith("Kommunalbestyrelsen skal tilbyde hjælp til at vedligeholde")


def test_naestved_offers_massage_and_passive_treatment_not() -> None:
    profile = load("naestved")
    for group in profile.groups:
        assert [item.da for item in group.not_included] == ["Massage og passiv behandling"]


# Rødovre --------------------------------------------------------------------------------------------------------


def test_rodovre_assessment_at_most_8_times_and_a_course_up_to_32() -> None:
    profile = load("rodovre")
    assert offer(profile, "vurdering").max_sessions == 8
    assert offer(profile, "traeningsforloeb").max_sessions == 32


def test_rodovre_two_no_shows_may_end_the_course() -> None:
    (rule,) = load("rodovre").absence.no_show_rules
    assert rule.counts == (AbsenceKind.NO_SHOW,)
    assert rule.limit == 2
    assert rule.consequence is Consequence.COURSE_MAY_END
    assert "manglende motivation" in rule.text.da


def test_rodovre_a_section_140_plan_excludes_section_86_training() -> None:
    group = load("rodovre").group("genoptraening")
    assert group.excludes_section_140_plan is True
    assert any("genoptræningsplan" in item.da for item in group.excluded)


def test_rodovre_service_goals_count_in_days_the_seed_does_not_specify() -> None:
    profile = load("rodovre")
    contact, start, start_with_plan = profile.service_goals
    assert (contact.milestone, contact.amount, contact.counts_from) == (
        Milestone.CONTACT,
        5,
        Event.APPLICATION_RECEIVED,
    )
    assert (start.amount, start.applies_to, start.counts_from) == (
        14,
        AppliesTo.WITHOUT_PLAN,
        Event.APPLICATION_RECEIVED,
    )
    assert (start_with_plan.amount, start_with_plan.applies_to) == (7, AppliesTo.WITH_PLAN)
    assert {goal.unit for goal in profile.service_goals} == {CountUnit.DAYS_UNSPECIFIED}
    # The seed does not say from when the 7 days count, so the profile does not guess.
    assert start_with_plan.counts_from is None
    assert "service_goals[2].counts_from" in profile.to_fill


def test_rodovre_has_no_free_choice_of_supplier_and_offers_digital_post() -> None:
    profile = load("rodovre")
    assert profile.group("genoptraening").free_choice_of_supplier is False
    assert profile.contact.digital_post is True
    assert profile.contact.phone == "36 37 70 00"


# All real municipalities ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", REAL)
def test_no_real_profile_invents_closing_days(slug: str) -> None:
    profile = load(slug)
    assert profile.closing_days == ()
    assert "closing_days" in profile.to_fill


@pytest.mark.parametrize("slug", REAL)
def test_no_real_profile_invents_a_cancellation_notice(slug: str) -> None:
    profile = load(slug)
    assert profile.absence.cancellation_notice_hours is None
    assert "absence.cancellation_notice_hours" in profile.to_fill


def test_only_norddjurs_has_offer_codes() -> None:
    assert {slug for slug in REAL if load(slug).has_offer_codes} == {"norddjurs"}
