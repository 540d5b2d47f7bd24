"""Plain factory functions with overrides, for tests."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from devtools.personas import Persona
from portal import cpr
from portal.clock import today
from portal.database import utcnow
from portal.extensions import db
from portal.models import (
    Account,
    AccountRole,
    Application,
    ApplicationSource,
    ApplicationStatus,
    BodyArea,
    Course,
    Delegation,
    Exercise,
    Person,
    Program,
    ProgramItem,
    Role,
    Scope,
)
from portal.models.delegation import DelegationKind
from portal.models.promised_dates import PromisedDate, PromisedDates
from portal.municipalities.schema import CountUnit, Milestone, Offer
from tests.oidc_flow import persona


def person_for(persona_key: str) -> Person:
    """The Person a persona becomes when they log in (same CPR), made now so tests can refer to it."""
    return person_of(persona(persona_key))


def person_of(chosen: Persona) -> Person:
    """As `person_for`, for any citizen persona, also one a test made for the provider (`LocalProvider.knowing`)."""
    digits = cpr.normalise(chosen.cpr)
    existing = db.session.query(Person).filter_by(cpr_hash=cpr.lookup_hash(digits)).one_or_none()
    if existing:
        return existing
    person = Person(
        cpr_hash=cpr.lookup_hash(digits),
        cpr_encrypted=cpr.encrypt(digits),
        birth_date=cpr.birth_date(digits),
        given_name=chosen.given_name,
        family_name=chosen.family_name,
    )
    db.session.add(person)
    db.session.flush()
    return person


def delegation(grantor: Person, grantee: Person, **overrides: Any) -> Delegation:
    values: dict[str, Any] = {
        "kind": DelegationKind.FULDMAGT,
        "grantor_person_id": grantor.id,
        "grantee_person_id": grantee.id,
        "grantee_cpr_hash": grantee.cpr_hash,
        "grantee_name": grantee.full_name,
        "scopes": " ".join([Scope.SEE, Scope.MANAGE_SESSIONS]),
        "valid_from": today(),
        "valid_to": None,
        "accepted_at": utcnow(),
    }
    values.update(overrides)
    made = Delegation(**values)
    db.session.add(made)
    db.session.flush()
    return made


def yesterday() -> date:
    return today() - timedelta(days=1)


def account_for(person: Person, **overrides: Any) -> Account:
    values: dict[str, Any] = {
        "issuer": "https://idp.example",
        "subject": f"subject-{person.id}",
        "display_name": person.full_name,
        "person_id": person.id,
    }
    values.update(overrides)
    account = Account(**values)
    db.session.add(account)
    db.session.flush()
    return account


def account_of(persona_key: str) -> Account:
    """The Account a persona has after logging in; the test must have logged them in."""
    return db.session.scalar(sa.select(Account).where(Account.subject == persona(persona_key).sub))


def gp_account(persona_key: str = "gp") -> Account:
    """The Account a GP persona has after logging in once; made here if the test has not logged them in."""
    chosen = persona(persona_key)
    existing = db.session.scalar(sa.select(Account).where(Account.subject == chosen.sub))
    if existing:
        return existing
    account = Account(
        issuer="http://idp.test",
        subject=chosen.sub,
        display_name=chosen.name,
        organisation_cvr=chosen.cvr,
        organisation_name=chosen.organisation_name,
        email=chosen.email,
    )
    db.session.add(account)
    db.session.flush()
    return account


def application(person: Person, by: Account, **overrides: Any) -> Application:
    """A citizen's own application, sent."""
    values: dict[str, Any] = {
        "person_id": person.id,
        "source": ApplicationSource.CITIZEN,
        "status": ApplicationStatus.SUBMITTED,
        "created_by_account_id": by.id,
        "answers": {"goal": "Gå til Brugsen"},
        "submitted_at": utcnow(),
    }
    values.update(overrides)
    made = Application(**values)
    db.session.add(made)
    db.session.flush()
    return made


def referral(person: Person, gp: Account, **overrides: Any) -> Application:
    """A GP referral as `portal.referrals.services.send` leaves it: sent, with a case number and promised dates."""
    at = overrides.pop("submitted_at", utcnow())
    values: dict[str, Any] = {
        "person_id": person.id,
        "source": ApplicationSource.GP,
        "status": ApplicationStatus.SUBMITTED,
        "created_by_account_id": gp.id,
        "answers": {},
        "referral": {
            "reason": "Faldet to gange. Usikker gang.",
            "diagnosis": "Artrose i hoften",
            "diagnosis_code": "M16.1",
            "history": "",
            "precautions": "",
            "patient_name": person.full_name,
            "name_confirmed": True,
            "patient_agrees": True,
            "doctor": gp.display_name,
            "clinic": gp.organisation_name or "",
            "form_token": uuid.uuid4().hex,
        },
        "submitted_at": at,
        "deadlines": PromisedDates().with_date(
            "brev",
            PromisedDate(
                milestone=Milestone.LETTER,
                due=today() + timedelta(days=3),
                unit=CountUnit.WEEKDAYS,
                amount=3,
                counted_from=today(),
            ),
        ),
        "next_due_on": today() + timedelta(days=3),
    }
    values.update(overrides)
    made = Application(**values)
    db.session.add(made)
    db.session.flush()
    made.case_number = made.case_number or f"TR-{at.year}-{made.id:05d}"
    db.session.flush()
    return made


def exercise(name_da: str = "Øvelse", **overrides: Any) -> Exercise:
    """A library exercise with texts in both languages; flushed, not committed."""
    from portal.exercises.services import slug_for

    values: dict[str, Any] = {
        "name_da": name_da,
        "name_en": f"{name_da} (en)",
        "steps_da": "Sid godt.\nRejs dig.",
        "steps_en": "Sit well.\nStand up.",
        "body_area": BodyArea.LEGS,
        "level": 1,
    }
    values.update(overrides)
    made = Exercise(slug=slug_for(values["name_da"]), **values)
    db.session.add(made)
    db.session.flush()
    return made


def therapist_account(**overrides: Any) -> Account:
    """A therapist's staff account, made without logging in."""
    values: dict[str, Any] = {
        "issuer": "http://idp.test/staff",
        "subject": f"therapist-{uuid.uuid4().hex[:8]}",
        "display_name": "Tove Terapeut",
    }
    values.update(overrides)
    account = Account(**values)
    account.roles.append(AccountRole(role=Role.THERAPIST))
    db.session.add(account)
    db.session.flush()
    return account


def course(person: Person, **overrides: Any) -> Course:
    """An active course from a granted application of the person's."""
    granted = overrides.pop("application", None) or application(
        person,
        account_for(person, subject=f"subject-{person.id}-{uuid.uuid4().hex[:6]}"),
        status=ApplicationStatus.GRANTED,
    )
    values: dict[str, Any] = {
        "person_id": person.id,
        "application_id": granted.id,
        "offer_id": "tg1",
        "legal_basis": "serviceloven-86-1",
        "sessions_allowed": 15,
        "goals": "Gå til Brugsen uden stok",
    }
    values.update(overrides)
    made = Course(**values)
    db.session.add(made)
    db.session.flush()
    return made


def granted_course(
    person: Person, offer: Offer, decided_by: Account, goals: str, sessions: int, decided_days_ago: int = 5
) -> Course:
    """A course as a visitator's grant makes it: the application granted `decided_days_ago` days ago (sent five
    days before that) with its goals, and the course of the offer with as many sessions."""
    now = utcnow()
    granted = application(
        person,
        decided_by,
        status=ApplicationStatus.GRANTED,
        answers={"goal": goals},
        submitted_at=now - timedelta(days=decided_days_ago + 5),
        decided_at=now - timedelta(days=decided_days_ago),
        decided_by_account_id=decided_by.id,
        granted_offer=offer.id,
        granted_sessions=sessions,
        decision_goals=goals,
    )
    return course(person, application=granted, offer_id=offer.id, sessions_allowed=sessions, goals=goals)


def a_person(number: int, **overrides: Any) -> Person:
    """A citizen who never logs in, with a made-up (valid-looking) CPR number per `number`."""
    digits = f"0101{50 + number % 40:02d}{1000 + number:04d}"
    values: dict[str, Any] = {
        "cpr_hash": cpr.lookup_hash(digits),
        "cpr_encrypted": cpr.encrypt(digits),
        "birth_date": cpr.birth_date(digits),
        "given_name": f"Borger{number}",
        "family_name": "Testesen",
    }
    values.update(overrides)
    person = Person(**values)
    db.session.add(person)
    db.session.flush()
    return person


def a_program(
    person: Person,
    course: Course | None = None,
    exercises: list[Exercise] | None = None,
    issued: bool = True,
    **overrides: Any,
) -> Program:
    """A program for the person's course (a new course if none is given), one item per exercise with a dose."""
    course = course or globals()["course"](person)
    exercises = exercises if exercises is not None else [exercise("Rejse sig fra stol"), exercise("Stå på ét ben")]
    author = overrides.pop("author", None) or therapist_account()
    values: dict[str, Any] = {
        "course_id": course.id,
        "person_id": person.id,
        "author_account_id": author.id,
        "introduction": "Lav øvelserne roligt.",
        "issued_at": utcnow() - timedelta(days=30) if issued else None,
    }
    values.update(overrides)
    program = Program(**values)
    for position, chosen in enumerate(exercises, start=1):
        timed = position % 2 == 0
        program.items.append(
            ProgramItem(
                exercise_id=chosen.id,
                position=position,
                sets=3 if not timed else None,
                repetitions=10 if not timed else None,
                seconds=30 if timed else None,
                times_per_week=4,
                load="Ingen vægt" if position == 1 else "",
                notes="Hold ryggen rank." if position == 1 else "",
            )
        )
    db.session.add(program)
    db.session.flush()
    return program


def a_persona(number: int, given_name: str, family_name: str) -> Persona:
    """A citizen persona of a test's own, for `LocalProvider.knowing`: a new subject, and a made-up CPR number per
    `number`, born on 2 February, as no demo persona and no `a_person` is."""
    return Persona(
        sub=str(uuid.uuid4()),
        kind="citizen",
        label="Borger, kun i én test",
        name=f"{given_name} {family_name}",
        given_name=given_name,
        family_name=family_name,
        cpr=f"020250{number % 4000:04d}",
    )
