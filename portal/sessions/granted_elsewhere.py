"""Courses the municipality granted in its own case system, for a citizen who applied by phone or on paper.

The decision, its letter and the complaint guidance are the case system's; the portal holds the course, so its
sessions are booked, moved, cancelled and attended as on any other course, and the citizen sees them. The case
system's reference to the decision is kept with the course: one course per decision, however often it is sent.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.database import utcnow
from portal.domain import DomainRefused
from portal.extensions import db
from portal.models import Course, CourseStatus, Person
from portal.municipalities.schema import Offer


def record(
    person: Person,
    offer: Offer,
    sessions: int,
    goals: str,
    reference: str,
    decided_on: date,
    at: datetime | None = None,
) -> Course:
    """The course of a decision made in the case system; refused ("course_exists") if that decision has one."""
    if db.session.scalar(sa.select(Course.id).where(Course.decision_reference == reference)) is not None:
        raise DomainRefused("course_exists")
    course = Course(
        person_id=person.id,
        application_id=None,
        decision_reference=reference,
        decided_on=decided_on,
        offer_id=offer.id,
        legal_basis=" ".join(str(basis) for basis in offer.legal_basis),
        sessions_allowed=sessions,
        goals=goals,
        status=CourseStatus.ACTIVE,
        created_at=at or utcnow(),
    )
    try:
        # The same decision sent twice at the same moment: the unique reference lets one course in.
        with db.session.begin_nested():
            db.session.add(course)
    except IntegrityError as error:
        raise DomainRefused("course_exists") from error
    return course
