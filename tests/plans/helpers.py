"""Plans made as staff register them, and sessions booked on their courses, for the plan tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from portal.extensions import db
from portal.models import Message, Person, RehabilitationPlan, SessionKind, TrainingSession
from portal.municipalities.national import PlanLevel
from portal.plans import services
from portal.sessions import services as sessions
from portal.sessions.services import Place
from tests import factories

# Maundy Thursday 2026 is 2 April; Good Friday 3 April; Easter Monday 6 April.
MAUNDY_THURSDAY = date(2026, 4, 2)
GOOD_FRIDAY = date(2026, 4, 3)

GOALS_IN_PLAIN_WORDS = "Du skal kunne gå på trapper igen. Du skal kunne gå en tur med din hund."


def details(**overrides: Any) -> services.PlanDetails:
    values: dict[str, Any] = {
        "hospital": "Regionshospitalet Randers",
        "ward": "Ortopædkirurgisk afdeling",
        "discharge_date": MAUNDY_THURSDAY,
        "level": PlanLevel.BASIC,
        "function_text": "Går med rollator. Har brug for hjælp på trapper.",
        "goals": "Gangfunktion uden ganghjælpemiddel. Trappegang med gelænder.",
        "citizen_goals": GOALS_IN_PLAIN_WORDS,
        "precautions": "Må ikke bøje hoften mere end 90 grader i 6 uger.",
        "medical_start_date": None,
        "received_on": GOOD_FRIDAY,
    }
    values.update(overrides)
    return services.PlanDetails(**values)


def a_plan(person: Person, at: datetime | None = None, **overrides: Any) -> RehabilitationPlan:
    """A plan registered by a therapist, with the profile's first § 140 offer and 8 sessions."""
    profile = current_app.config["PROFILE"]
    plan = services.register(
        person,
        details(**overrides),
        services.plan_offers(profile)[0],
        8,
        factories.therapist_account().id,
        profile,
        current_app.config["NATIONAL"],
        at=at,
    )
    db.session.commit()
    return plan


def place() -> Place:
    centres = current_app.config["PROFILE"].centres
    return Place(SessionKind.INDIVIDUAL, centre_id=centres[0].id) if centres else Place(SessionKind.HOME)


def book_on(plan: RehabilitationPlan, day: date, therapist_id: int | None = None) -> TrainingSession:
    """One session at 10:00 Copenhagen time on `day`, booked and committed."""
    therapist = therapist_id or factories.therapist_account().id
    (made,) = sessions.book(plan.course, therapist, [sessions.at_copenhagen(day, time(10))], 60, place())
    db.session.commit()
    return made


def letters_about_free_choice(person: Person) -> list[Message]:
    db.session.expire_all()
    return list(
        db.session.scalars(sa.select(Message).where(Message.person_id == person.id, Message.kind == "plan.free_choice"))
    )


def days(n: int) -> timedelta:
    return timedelta(days=n)
