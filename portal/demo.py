"""Demo data for `make run`: fictitious people for the configured municipality. Safe to load again.

Every CPR number here is fictitious: the birth dates are not 1 January, and the numbers fail the
modulus 11 check that every CPR number issued for such a birth date passes, so none can belong to
a real person (a test holds this).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

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
    CourseEndReason,
    CourseStatus,
    EndNote,
    Exercise,
    Person,
    Program,
    ProgramItem,
    Role,
    SessionKind,
    TrainingLogEntry,
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

# The local provider's GP persona, who referred Karen to the course that is now completed.
DEMO_GP_SUBJECT = "6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0005"
DEMO_GP_NAME = "Lise Lægesen"
DEMO_GP_CVR = "12345678"
DEMO_GP_CLINIC = "Lægehuset Prøvevej"


@dataclass(frozen=True)
class DemoItem:
    slug: str
    sets: int | None = None
    repetitions: int | None = None
    seconds: int | None = None
    times_per_week: int = 4
    load: str = ""
    notes: str = ""


# Karen's program from the completed course: exercises from the shipped library, by slug.
DEMO_PROGRAM = (
    DemoItem("rejse-saette-sig", 3, 10, notes="Brug armlænene, hvis du har brug for det."),
    DemoItem("haelloeft", 2, 15, load="Hold let i stoleryggen"),
    DemoItem("staa-paa-et-ben", seconds=30, times_per_week=5, load="Stå ved køkkenbordet"),
    DemoItem("trin-op", 2, 10, times_per_week=3, notes="Brug det nederste trin på trappen."),
    DemoItem("straek-knaeet-siddende", 3, 12, load="1 kg vægtmanchet om anklen"),
)
# An older program from a course a year before, so the demo shows that programs stay.
DEMO_OLDER_PROGRAM = (
    DemoItem("skulderrul", 2, 10, times_per_week=7),
    DemoItem("armloeft", 2, 10, load="En ½ liter vandflaske i hver hånd"),
    DemoItem("dyb-vejrtraekning", 1, 5, times_per_week=7),
)
# Days ago, effort (Borg CR10) and pain of the logged training days: easier and less painful over four weeks.
DEMO_LOG = (
    (27, 6, 5),
    (25, 6, 4),
    (22, 5, 4),
    (20, 5, 3),
    (17, 5, 3),
    (14, 4, 3),
    (11, 4, 2),
    (8, 4, 2),
    (5, 3, 1),
    (2, 3, 1),
)


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
    where the profile lists none). Nothing is made if she already has an active course."""
    active = sa.select(Course.id).where(Course.person_id == karen.id, Course.status == CourseStatus.ACTIVE)
    if db.session.scalar(active) is not None:
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


def _gp_account() -> Account:
    issuer = current_app.config["OIDC_LOGINS"]["gp"]["issuer"]
    account = db.session.scalar(sa.select(Account).where(Account.issuer == issuer, Account.subject == DEMO_GP_SUBJECT))
    if account is None:
        account = Account(
            issuer=issuer,
            subject=DEMO_GP_SUBJECT,
            display_name=DEMO_GP_NAME,
            organisation_cvr=DEMO_GP_CVR,
            organisation_name=DEMO_GP_CLINIC,
        )
        db.session.add(account)
        db.session.flush()
    return account


def _completed_course(
    karen: Person, application: Application, ended: datetime, items: tuple[DemoItem, ...], author: Account
) -> Program:
    """A granted application's course, completed when its program was issued on `ended`."""
    profile = current_app.config["PROFILE"]
    offer = profile.offers[0]
    db.session.add(application)
    db.session.flush()
    application.case_number = f"TR-{application.submitted_at.year}-{application.id:05d}"
    course = Course(
        person_id=karen.id,
        application_id=application.id,
        offer_id=offer.id,
        legal_basis=",".join(offer.legal_basis),
        sessions_allowed=application.granted_sessions or 12,
        goals=application.decision_goals or "",
        status=CourseStatus.COMPLETED,
        ended_at=ended,
        end_reason=CourseEndReason.PROGRAM_ISSUED,
    )
    db.session.add(course)
    db.session.flush()
    exercises = {
        e.slug: e
        for e in db.session.scalars(sa.select(Exercise).where(Exercise.slug.in_([item.slug for item in items])))
    }
    program = Program(
        course_id=course.id,
        person_id=karen.id,
        author_account_id=author.id,
        introduction="Lav øvelserne i den rækkefølge, de står. Tag en pause, når du har brug for det.",
        issued_at=ended,
    )
    for position, item in enumerate((item for item in items if item.slug in exercises), start=1):
        program.items.append(
            ProgramItem(
                exercise_id=exercises[item.slug].id,
                position=position,
                sets=item.sets,
                repetitions=item.repetitions,
                seconds=item.seconds,
                times_per_week=item.times_per_week,
                load=item.load,
                notes=item.notes,
            )
        )
    db.session.add(program)
    db.session.flush()
    return program


def _completed_courses_with_programs(karen: Person) -> bool:
    """Karen's completed course from Lise Lægesen's referral, with an issued program, a training log over the last
    four weeks and the end note, and an older completed course with its own program. Made once."""
    if db.session.scalar(sa.select(Program.id).where(Program.person_id == karen.id).limit(1)) is not None:
        return False
    therapist, gp = _therapist_account(), _gp_account()
    now = utcnow()
    older_end = now - timedelta(days=330)
    older = Application(
        person_id=karen.id,
        source=ApplicationSource.CITIZEN,
        status=ApplicationStatus.GRANTED,
        created_by_account_id=therapist.id,
        answers={"goal": "Kunne hænge vasketøj op igen"},
        submitted_at=older_end - timedelta(days=90),
        decided_at=older_end - timedelta(days=84),
        decided_by_account_id=therapist.id,
        granted_offer=current_app.config["PROFILE"].offers[0].id,
        granted_sessions=12,
        decision_goals="Løfte armene over hovedet uden smerter.",
    )
    _completed_course(karen, older, older_end, DEMO_OLDER_PROGRAM, therapist)

    ended = now - timedelta(days=29)
    referral = Application(
        person_id=karen.id,
        source=ApplicationSource.GP,
        status=ApplicationStatus.GRANTED,
        created_by_account_id=gp.id,
        answers={},
        referral={
            "reason": "Faldet to gange i år. Usikker gang og svært ved at rejse sig fra en stol.",
            "diagnosis": "Artrose i hoften",
            "diagnosis_code": "M16.1",
            "history": "",
            "precautions": "",
            "patient_name": karen.full_name,
            "name_confirmed": True,
            "patient_agrees": True,
            "doctor": DEMO_GP_NAME,
            "clinic": DEMO_GP_CLINIC,
            "form_token": uuid.uuid5(uuid.NAMESPACE_URL, "demo-referral-karen").hex,
        },
        submitted_at=ended - timedelta(days=84),
        acknowledged_at=ended - timedelta(days=83),
        decided_at=ended - timedelta(days=77),
        decided_by_account_id=therapist.id,
        granted_offer=current_app.config["PROFILE"].offers[0].id,
        granted_sessions=12,
        decision_goals="Rejse sig fra en stol uden hjælp. Gå sikkert på trapper.",
    )
    program = _completed_course(karen, referral, ended, DEMO_PROGRAM, therapist)
    db.session.add(
        EndNote(
            course_id=program.course_id,
            author_account_id=therapist.id,
            goals_reached=(
                "Karen rejser sig nu fra en almindelig stol uden at bruge armene og går op ad trappen med "
                "én hånd på gelænderet. Hun er ikke faldet under forløbet."
            ),
            recommendation=(
                "Karen fortsætter med sit træningsprogram 4 dage om ugen. Hvis hun falder igen, kan lægen "
                "henvise hende til et nyt forløb."
            ),
            issued_at=ended,
        )
    )
    day = clock.today()
    for days_ago, effort, pain in DEMO_LOG:
        db.session.add(
            TrainingLogEntry(
                program_id=program.id,
                day=day - timedelta(days=days_ago),
                effort=effort,
                pain=pain,
                note="",
                items=list(program.items) if days_ago % 2 else list(program.items[:3]),
            )
        )
    db.session.flush()
    return True


def _train_along_demo() -> int:
    """Træn med: the QR codes of the printed programs get their links (the demo's programs are made directly, not
    issued through the program builder, which is where links are made). Safe to run again."""
    from portal.programs.links import mint_for_newest_programs

    return mint_for_newest_programs()


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
    if _completed_courses_with_programs(karen):
        course += " Karen has two completed courses with training programs."
    _train_along_demo()
    return f"Demo data loaded: {created} new of {len(DEMO_PEOPLE)} people.{course}"
