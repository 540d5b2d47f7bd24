"""Demo data for `make run`: fictitious people for the configured municipality. Safe to load again.

Every CPR number here is fictitious: the birth dates are not 1 January, and the numbers fail the
modulus 11 check that every CPR number issued for such a birth date passes, so none can belong to
a real person (a test holds this).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

import sqlalchemy as sa
from flask import current_app

from portal import clock, cpr, people
from portal.calendar import DanishCalendar
from portal.database import utcnow
from portal.exercises.services import load_library
from portal.extensions import db
from portal.models import (
    Account,
    AccountRole,
    Application,
    ApplicationSource,
    ApplicationStatus,
    Course,
    Person,
    Role,
    SessionKind,
)
from portal.sessions import services as sessions


@dataclass(frozen=True)
class DemoPerson:
    key: str
    cpr: str
    given_name: str
    family_name: str


DEMO_PEOPLE = (
    DemoPerson("citizen", "1503441236", "Karen", "Testesen"),
    DemoPerson("citizen_140", "0209561238", "Bent", "Prøvesen"),
    DemoPerson("relative", "2811701232", "Mette", "Testesen"),
)

# The local provider's therapist persona (devtools/personas.py), who books the demo sessions.
DEMO_THERAPIST_SUBJECT = "6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0007"
DEMO_THERAPIST_NAME = "Torben Terapeut"
DEMO_SESSIONS = 6


def _therapist_account() -> Account:
    issuer = current_app.config["OIDC_LOGINS"]["staff"]["issuer"]
    account = db.session.scalar(
        sa.select(Account).where(Account.issuer == issuer, Account.subject == DEMO_THERAPIST_SUBJECT)
    )
    if account is None:
        account = Account(issuer=issuer, subject=DEMO_THERAPIST_SUBJECT, display_name=DEMO_THERAPIST_NAME)
        account.roles.append(AccountRole(role=Role.THERAPIST))
        db.session.add(account)
        db.session.flush()
    return account


def _course_with_sessions(karen: Person) -> bool:
    """Karen's granted course with sessions from the next working day, at the profile's first centre (or at home
    where the profile lists none). Nothing is made if she already has a course."""
    if db.session.scalar(sa.select(Course.id).where(Course.person_id == karen.id)) is not None:
        return False
    profile = current_app.config["PROFILE"]
    # The offer with the most sessions, so there is room to book more in the demo; 12 where no offer names a maximum,
    # as a visitator would grant.
    offer = max(profile.offers, key=lambda offer: offer.max_sessions or 0)
    therapist = _therapist_account()
    now = utcnow()
    application = Application(
        person_id=karen.id,
        source=ApplicationSource.CITIZEN,
        status=ApplicationStatus.GRANTED,
        created_by_account_id=therapist.id,
        answers={"goal": "Gå til Brugsen uden stok"},
        submitted_at=now - timedelta(days=14),
        decided_at=now - timedelta(days=2),
        decided_by_account_id=therapist.id,
        granted_offer=offer.id,
        granted_sessions=offer.max_sessions or 12,
        decision_goals="Gå til Brugsen uden stok. Rejse sig fra en stol uden hjælp.",
    )
    db.session.add(application)
    db.session.flush()
    application.case_number = f"TR-{now.year}-{application.id:05d}"
    course = Course(
        person_id=karen.id,
        application_id=application.id,
        offer_id=offer.id,
        legal_basis=",".join(offer.legal_basis),
        sessions_allowed=application.granted_sessions,
        goals=application.decision_goals,
    )
    db.session.add(course)
    db.session.flush()
    if profile.centres:
        place = sessions.Place(SessionKind.INDIVIDUAL, centre_id=profile.centres[0].id)
    else:
        place = sessions.Place(SessionKind.HOME)
    calendar = DanishCalendar.for_profile(profile)
    first = calendar.next_working_day(clock.today())
    starts = sessions.series_starts(first, {0, 3}, time(10, 0), min(DEMO_SESSIONS, course.sessions_allowed), calendar)
    sessions.book(course, therapist.id, starts, 60, place)
    return True


def load_demo_data() -> str:
    created = 0
    for demo in DEMO_PEOPLE:
        digits = cpr.normalise(demo.cpr)
        created += people.find_by_cpr(digits) is None
        person = people.find_or_create(digits, demo.given_name, demo.family_name)
        person.given_name, person.family_name = demo.given_name, demo.family_name
    db.session.flush()
    load_library()
    karen = people.find_by_cpr(cpr.normalise(DEMO_PEOPLE[0].cpr))
    course = " Karen has a course with booked sessions." if _course_with_sessions(karen) else ""
    return f"Demo data loaded: {created} new of {len(DEMO_PEOPLE)} people.{course}"
