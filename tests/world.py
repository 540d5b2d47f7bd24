"""A portal full of data, and a walk over every page of it as each kind of user.

The demo data, and on top of it something in every place a person can write text: a team, a template, an exercise,
a course's goals and sessions, programs and their notes, applications and referrals with every answer, questions,
a relative's name on a fuldmagt, a staff member's reason, a letter. All of it says `text`, so a test can put markup
there and look for it escaped, or walk every form with inputs no form expects.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import product
from typing import Any

import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask, current_app
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from portal.applications.questions import STEPS
from portal.auth.access import PUBLIC, access_rule
from portal.clock import today
from portal.database import utcnow
from portal.demo import DEMO_THERAPIST_SUBJECT, load_demo_data
from portal.extensions import db
from portal.models import (
    AccessLog,
    Account,
    ApplicationQuestion,
    ApplicationStatus,
    ContactPreference,
    Course,
    CourseEndReason,
    CourseStatus,
    EndNote,
    Message,
    Program,
    ProgramItem,
    ProgramTemplate,
    ProgramTemplateItem,
    Role,
    Scope,
    SessionKind,
    SessionStatus,
    Team,
    TrainingLogEntry,
    TrainingSession,
)
from portal.models.delegation import DelegationKind
from portal.municipalities.national import PlanLevel
from portal.plans import services as plans
from portal.preferences import services as preferences
from portal.programs import links as exercise_links
from portal.programs import training
from portal.sessions import feeds
from portal.standard.forms import QUESTION_FORMS
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in

# The kinds of users a walk goes as, with the roles whose routes they may call.
WALKERS: dict[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "citizen": frozenset({Role.CITIZEN}),
    "relative": frozenset({Role.CITIZEN}),
    "gp": frozenset({Role.GP}),
    "visitator": frozenset({Role.VISITATOR}),
    "therapist": frozenset({Role.THERAPIST}),
    "helper": frozenset({Role.HELPER}),
}
# Routes a walk leaves alone: logging out would end the walk, and the login round trip and the calendar feed's
# secret address are no forms or pages of the portal's own.
NOT_WALKED = {"static", "auth.logout", "auth.start", "auth.callback", "calendar_feed.feed"}


@dataclass
class World:
    """The ids of what was made, by the name a route's argument has: each argument is tried with each id."""

    ids: dict[str, list[Any]] = field(default_factory=dict)
    delegation_id: int = 0


def build(text: str) -> World:
    """The demo data and `text` in every field a person writes. Flushed; the caller commits."""
    load_demo_data()
    karen = factories.person_for("citizen")
    mette = factories.person_for("relative")
    therapist = db.session.scalar(sa.select(Account).where(Account.subject == DEMO_THERAPIST_SUBJECT))
    gp = factories.gp_account()
    visitator = factories.therapist_account(display_name=text)  # another staff member, who asks and refuses
    active = db.session.scalar(sa.select(Course).where(Course.person_id == karen.id, Course.status == "active"))
    newest = db.session.scalar(sa.select(Program).where(Program.person_id == karen.id).order_by(Program.id.desc()))

    centre = current_app.config["PROFILE"].centres[0].id
    team = Team(name=text, centre_id=centre, capacity=8, therapist_account_id=therapist.id)
    closed = Team(name=text, centre_id=centre, capacity=8, therapist_account_id=therapist.id, active=False)
    db.session.add_all([team, closed])
    exercise = factories.exercise(
        text, name_en=text, steps_da=text, steps_en=text, caution_da=text, caution_en=text, aids_da=text, aids_en=text
    )

    retired = factories.exercise("Udgået øvelse", retired_at=utcnow())
    other = factories.exercise("Anden øvelse")

    # The active course: its goals, a session at a written place, one in the team, two cancelled with reasons, one
    # that has been; a program and an end note being written.
    active.goals = active.application.decision_goals = text
    sessions = db.session.scalars(
        sa.select(TrainingSession).where(TrainingSession.course_id == active.id).order_by(TrainingSession.starts_at)
    ).all()
    sessions[0].place = text
    sessions[1].kind, sessions[1].team_id = SessionKind.TEAM, None
    sessions[1].team = team
    sessions[2].status, sessions[2].cancel_reason = SessionStatus.CANCELLED_BY_THERAPIST, text
    sessions[2].cancelled_at = utcnow()
    sessions[3].status, sessions[3].cancel_reason = SessionStatus.CANCELLED_BY_CITIZEN, text
    sessions[3].cancelled_at = utcnow()
    draft = Program(course_id=active.id, person_id=karen.id, author_account_id=therapist.id, introduction=text)
    draft.items.append(
        ProgramItem(
            exercise_id=exercise.id, position=1, sets=3, repetitions=10, times_per_week=3, load=text, notes=text
        )
    )
    draft.items.append(ProgramItem(exercise_id=other.id, position=2, sets=2, repetitions=8, times_per_week=3))
    past = TrainingSession(
        course_id=active.id,
        person_id=karen.id,
        therapist_account_id=therapist.id,
        starts_at=utcnow() - timedelta(days=1),
        ends_at=utcnow() - timedelta(days=1, minutes=-60),
        centre_id=centre,
        place=text,
    )
    writing = EndNote(course_id=active.id, author_account_id=therapist.id, goals_reached=text, recommendation=text)
    db.session.add_all([draft, past, writing])

    # Karen's issued program: the therapist's words in it, a day she wrote about, the end note.
    newest.introduction = text
    newest.items[0].load = newest.items[0].notes = text
    db.session.add(TrainingLogEntry(program_id=newest.id, day=today() - timedelta(days=1), effort=3, pain=1, note=text))
    note = db.session.scalar(sa.select(EndNote).where(EndNote.course_id == newest.course_id))
    note.goals_reached = note.recommendation = text
    template = ProgramTemplate(name=text, author_account_id=therapist.id)
    template.items.append(
        ProgramTemplateItem(
            exercise_id=exercise.id, position=1, sets=3, repetitions=10, times_per_week=3, load=text, notes=text
        )
    )
    db.session.add(template)

    # Karen's application with every answer, a talk at a written place and two questions; a refused one.
    own = factories.account_for(karen, subject=f"world-{uuid.uuid4().hex[:6]}")
    answers = {
        "plan": "no",
        "what_changed": text,
        "since": (today() - timedelta(days=40)).isoformat(),
        "daily_life": text,
        "goal": text,
        "other_help": ["aids"],
        "trains_elsewhere": "no",
        "transport": "yes",
        "phone": "12345678",
        "call_times": text,
        "gp_consent": "yes",
    }
    case = factories.application(
        karen, own, answers=answers, case_number="TR-2026-90001", assessment_place=text, assessment_talk_at=utcnow()
    )
    open_question = ApplicationQuestion(application_id=case.id, asked_by_account_id=visitator.id, question=text)
    answered = ApplicationQuestion(
        application_id=case.id,
        asked_by_account_id=visitator.id,
        question=text,
        answer=text,
        answered_at=utcnow(),
        answered_by_account_id=own.id,
    )
    db.session.add_all([open_question, answered])
    factories.application(karen, own, answers=answers, status=ApplicationStatus.DRAFT, submitted_at=None)
    refused = factories.application(
        karen,
        own,
        answers=answers,
        case_number="TR-2026-90002",
        status=ApplicationStatus.REJECTED,
        decided_at=utcnow(),
        decision_reason=text,
    )
    ended = factories.course(
        karen,
        status=CourseStatus.ENDED_EARLY,
        end_reason=CourseEndReason.OTHER,
        end_reason_text=text,
        ended_at=utcnow(),
        goals=text,
    )

    # Referrals: a patient whose name the doctor typed, and one of Karen's with her own answers to it.
    patient = factories.a_person(7, given_name=text, family_name=text)
    clinical = {"reason": text, "diagnosis": text, "history": text, "precautions": text, "patient_name": text}
    referral = factories.referral(patient, gp, case_number="TR-2026-90003")
    referral.referral = {**referral.referral, **clinical}
    patients_course = factories.course(patient, goals=text)
    karens_referral = factories.referral(
        karen, gp, case_number="TR-2026-90004", answers={"daily_life": text, "goal": text, "call_times": text}
    )
    karens_referral.referral = {**karens_referral.referral, **clinical}

    # Karen's genoptræningsplan from the hospital, as staff typed it in. Its course has ended: with an active plan,
    # Norddjurs would not let her apply, and the walk would miss the application's forms.
    profile = current_app.config["PROFILE"]
    plan_details = plans.PlanDetails(
        hospital=text,
        ward=text,
        discharge_date=today() - timedelta(days=2),
        level=PlanLevel.BASIC,
        function_text=text,
        goals=text,
        citizen_goals=text,
        precautions=text,
        medical_start_date=None,
        received_on=today() - timedelta(days=1),
    )
    plan = plans.register(
        karen,
        plan_details,
        plans.plan_offers(profile)[0],
        8,
        therapist.id,
        profile,
        current_app.config["NATIONAL"],
    )
    plan.course.status, plan.course.ended_at = CourseStatus.COMPLETED, utcnow()

    # Mette's power of attorney, with her name as Karen typed it; a paper one; two given to Karen, one not yet
    # accepted. A staff member's reason in Karen's log, a letter, a calendar subscription.
    every_scope = " ".join(str(scope) for scope in Scope)
    fuldmagt = factories.delegation(karen, mette, grantee_name=text, scopes=every_scope)
    paper = factories.delegation(
        karen,
        factories.a_person(8),
        grantee_name=text,
        kind=DelegationKind.PAPER_FULDMAGT,
        paper_reference=text,
        registered_by_account_id=visitator.id,
    )
    helped = factories.delegation(patient, karen, scopes=every_scope)
    asked = factories.delegation(factories.a_person(9, given_name=text), karen, accepted_at=None)
    asking_mette = factories.delegation(factories.a_person(10, given_name=text), mette, accepted_at=None)
    feeds.create(karen.id, karen.id)
    feeds.create(mette.id, karen.id)
    # A new e-mail address waiting for its link to be followed.
    confirmation = "world-confirmation-link"
    db.session.add(
        ContactPreference(
            person_id=karen.id,
            pending_email="karen@example.dk",
            pending_email_token_hash=preferences.token_hash(confirmation),
            pending_email_expires_at=utcnow() + timedelta(hours=24),
        )
    )
    db.session.add(
        AccessLog(
            actor_account_id=visitator.id,
            actor_name=text,
            actor_role="visitator",
            actor_organisation=text,
            subject_person_id=karen.id,
            acting_as="staff",
            action="staff.access_log",
            detail=text,
            at=utcnow(),
        )
    )
    # Karen's "Træn nu" under way, one set done, so the questions at the end are a page with a form.
    training.record_set(newest, None, newest.items[0].id, 0, today())
    # The QR code of the first exercise of Karen's issued program: its public page shows the exercise, no person.
    qr_token = exercise_links.tokens_for(newest)[newest.items[0].id]
    letter = Message(person_id=karen.id, kind="application.receipt", language="da", subject=text, body=text)
    db.session.add(letter)
    db.session.flush()

    return World(
        ids={
            "course_id": [active.id, ended.id, patients_course.id, plan.course_id],
            "session_id": [*(session.id for session in sessions[:4]), past.id],
            "case_id": [case.id, refused.id, referral.id],
            "question_id": [open_question.id, answered.id],
            "program_id": [newest.id],
            "item_id": [draft.items[0].id],
            "exercise_id": [exercise.id, retired.id],
            "template_id": [template.id],
            "delegation_id": [fuldmagt.id, paper.id, helped.id, asked.id, asking_mette.id],
            "person_id": [karen.id],
            "plan_id": [plan.id],
            "message_id": [letter.id],
            "team_id": [team.id, closed.id],
            "application_id": [referral.id, karens_referral.id],
            "slug": [step.slug for step in STEPS],
            "question": list(QUESTION_FORMS),
            "result": ["du-kan-soege"],
            "offer_id": ["tg1"],
            "language": ["da"],
            "fmt": ["json"],
            "token": [confirmation, qr_token],
            "number": [1],
        },
        delegation_id=fuldmagt.id,
    )


def log_in_as(client: FlaskClient, walker: str, world: World) -> None:
    if walker == "anonymous":
        return
    log_in(client, walker)
    if walker == "relative":
        # Mette acts for Karen, as a relative chooses on "Jeg hjælper".
        ClientRequest(client).post("delegations.act_for", delegation_id=world.delegation_id)


def _may_call(app: Flask, rule: Rule, walker: str) -> bool:
    rule_of_view = access_rule(app.view_functions[rule.endpoint])
    if rule.endpoint in NOT_WALKED or rule_of_view is None:
        return False
    if rule_of_view == PUBLIC:
        return True
    if walker == "anonymous":
        return False
    if rule_of_view == "authenticated":
        return True
    return bool(set(rule_of_view) & WALKERS[walker])


def addresses(app: Flask, walker: str, world: World, method: str) -> Iterator[tuple[str, str]]:
    """(endpoint, path) of every route the walker may call with `method`, with each id the world has for it."""
    adapter = app.url_map.bind("portal.test")
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if method not in (rule.methods or ()) or not _may_call(app, rule, walker):
            continue
        # The case-system API answers systems with tokens, not people with pages; schemathesis walks it with
        # malformed input (tests/api/test_contract.py).
        if rule.endpoint.startswith("api."):
            continue
        arguments = sorted(rule.arguments)
        for values in product(*(world.ids[name] for name in arguments)):
            yield rule.endpoint, adapter.build(rule.endpoint, dict(zip(arguments, values, strict=True)))


DATE_PARTS = ("-day", "-month", "-year")


@dataclass(frozen=True)
class Control:
    name: str
    value: str
    # "text" (one line), "textarea", "hidden", "date" (a box of a date) or "choice" (radio, checkbox, select).
    kind: str


@dataclass(frozen=True)
class FoundForm:
    """A form as a page draws it: where it goes, how, and what it sends as drawn (the first option chosen)."""

    method: str
    action: str
    controls: tuple[Control, ...]

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return self.method, self.action, tuple(sorted({control.name for control in self.controls}))


def _control(element: Any) -> Control | None:
    name, kind = element["name"], element.get("type", "text")
    if element.name == "textarea":
        return Control(name, element.get_text(), "textarea")
    if element.name == "select":
        option = element.select_one("option[selected]") or element.select_one("option")
        return Control(name, option.get("value", option.get_text()) if option else "", "choice")
    if kind in ("radio", "checkbox"):
        return Control(name, element.get("value", "on"), "choice")
    if kind == "hidden":
        return Control(name, element.get("value", ""), "hidden")
    if kind in ("file", "submit", "button", "image", "reset"):
        return None
    return Control(name, element.get("value", ""), "date" if name.endswith(DATE_PARTS) else "text")


def forms_on(page: BeautifulSoup, path: str) -> list[FoundForm]:
    found = []
    for form in page.select("form"):
        controls: list[Control] = []
        for element in form.select("input[name], textarea[name], select[name]"):
            if element.get("type") in ("radio", "checkbox") and not element.has_attr("checked"):
                # The option drawn as chosen, else the first: a form that needs a choice gets one.
                name = element["name"]
                if form.select(f'[name="{name}"][checked]') or any(c.name == name for c in controls):
                    continue
            control = _control(element)
            if control is not None:
                controls.append(control)
        button = form.select_one("button[name][value]")
        if button:
            controls.append(Control(button["name"], button["value"], "choice"))
        found.append(FoundForm(form.get("method", "get").upper(), form.get("action") or path, tuple(controls)))
    return found


def is_page(response: Any) -> bool:
    return (
        response.status_code == 200
        and response.mimetype == "text/html"
        and "attachment" not in response.headers.get("Content-Disposition", "")
    )
