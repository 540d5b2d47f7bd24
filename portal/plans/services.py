"""Registering a hospital's genoptræningsplan: the plan, its § 140 course at once, and its start deadline.

A plan needs no application and no decision: the citizen has the right by law. The course gets the profile's § 140
offer (the one staff choose where the profile has several) and the deadline the law and the profile give together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload

from portal.database import utcnow
from portal.extensions import db
from portal.models import Course, CourseStatus, Person, RehabilitationPlan
from portal.municipalities import rules
from portal.municipalities.national import National, PlanLevel
from portal.municipalities.schema import LegalBasis, Offer, Profile, Text
from portal.plans import free_choice

# Where a profile's standard lists no § 140 offer, the course still has the law's: training after the plan.
GENERAL_PLAN_OFFER = Offer(
    id="gop",
    group="",
    name=Text(da="Genoptræning efter genoptræningsplan", en="Rehabilitation after a rehabilitation plan"),
    legal_basis=(LegalBasis.SUNDHEDSLOVEN_140,),
)


def plan_offers(profile: Profile) -> list[Offer]:
    return [offer for offer in profile.offers if LegalBasis.SUNDHEDSLOVEN_140 in offer.legal_basis] or [
        GENERAL_PLAN_OFFER
    ]


@dataclass(frozen=True, kw_only=True)
class PlanDetails:
    """The plan as the hospital wrote it (GGOP), and what staff add: the citizen's own words for the goals."""

    hospital: str
    ward: str
    discharge_date: date
    level: PlanLevel
    function_text: str
    goals: str
    citizen_goals: str | None
    precautions: str | None
    medical_start_date: date | None
    received_on: date


def register(
    person: Person,
    details: PlanDetails,
    offer: Offer,
    sessions: int,
    registered_by_account_id: int,
    profile: Profile,
    national: National,
    at: datetime | None = None,
) -> RehabilitationPlan:
    at = at or utcnow()
    start = rules.plan_start(profile, national, details.discharge_date, details.medical_start_date, details.received_on)
    course = Course(
        person_id=person.id,
        application_id=None,
        offer_id=offer.id,
        legal_basis=" ".join(str(basis) for basis in offer.legal_basis),
        sessions_allowed=sessions,
        goals=details.citizen_goals or details.goals,
        status=CourseStatus.ACTIVE,
        created_at=at,
    )
    db.session.add(course)
    db.session.flush()
    plan = RehabilitationPlan(
        person_id=person.id,
        course_id=course.id,
        hospital=details.hospital,
        ward=details.ward,
        discharge_date=details.discharge_date,
        level=str(details.level),
        function_text=details.function_text,
        goals=details.goals,
        citizen_goals=details.citizen_goals or None,
        precautions=details.precautions or None,
        medical_start_date=details.medical_start_date,
        received_on=details.received_on,
        registered_by_account_id=registered_by_account_id,
        start_due=start.due,
        start_counted_from=start.counted_from,
        start_basis=start.basis,
        warn_on=start.warn_on,
        created_at=at,
    )
    db.session.add(plan)
    db.session.flush()
    # A plan registered late (on or after its warning day, with nothing booked) is late at once.
    free_choice.check_course(course, at)
    return plan


def plans_of(person_id: int) -> list[RehabilitationPlan]:
    """A person's plans, newest discharge first, with their courses: one query."""
    return list(
        db.session.scalars(
            sa.select(RehabilitationPlan)
            .options(joinedload(RehabilitationPlan.course))
            .where(RehabilitationPlan.person_id == person_id)
            .order_by(RehabilitationPlan.discharge_date.desc(), RehabilitationPlan.id.desc())
        )
    )


def active_plan_of(person_id: int) -> RehabilitationPlan | None:
    """The person's newest plan whose course is still going."""
    return db.session.scalar(
        sa.select(RehabilitationPlan)
        .join(Course, Course.id == RehabilitationPlan.course_id)
        .where(RehabilitationPlan.person_id == person_id, Course.status == CourseStatus.ACTIVE)
        .order_by(RehabilitationPlan.discharge_date.desc(), RehabilitationPlan.id.desc())
        .limit(1)
    )


def get_plan_for(person_id: int, plan_id: int) -> RehabilitationPlan:
    """The plan, if it is the person's; 404 otherwise."""
    plan = db.session.scalar(
        sa.select(RehabilitationPlan)
        .options(joinedload(RehabilitationPlan.course))
        .where(RehabilitationPlan.id == plan_id, RehabilitationPlan.person_id == person_id)
    )
    if plan is None:
        abort(404)
    return plan


def get_plan(plan_id: int) -> RehabilitationPlan | None:
    """For staff: the plan with its person and course."""
    return db.session.scalar(
        sa.select(RehabilitationPlan)
        .options(joinedload(RehabilitationPlan.person), joinedload(RehabilitationPlan.course))
        .where(RehabilitationPlan.id == plan_id)
    )


RECENT_SHOWN = 50


def recent_plans() -> list[RehabilitationPlan]:
    """For staff: the newest plans whose courses are going, with their people."""
    return list(
        db.session.scalars(
            sa.select(RehabilitationPlan)
            .join(Course, Course.id == RehabilitationPlan.course_id)
            .options(joinedload(RehabilitationPlan.person), joinedload(RehabilitationPlan.course))
            .where(Course.status == CourseStatus.ACTIVE)
            .order_by(RehabilitationPlan.created_at.desc(), RehabilitationPlan.id.desc())
            .limit(RECENT_SHOWN)
        )
    )
