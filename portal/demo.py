"""Demo data for `make run`: fictitious people for the configured municipality. Safe to load again.

What the README's persona table promises is made here, through the portal's own services (the apply journey,
referrals, the visitator's steps, the program builder, fuldmagter, plans from the hospital), so the demo holds what
the portal would hold had people done it by hand. Each part is made once; loading again leaves it as it is.

Every date counts from the portal's clock (`portal.clock`), so the demo reads right on any day.

The persona accounts live under the local provider's address as the portal is configured (LOCAL_IDP_URL, which
`make run` sets from IDP_PORT). Loaded again with another port, the demo moves its accounts there, so Lise and
Torben still log in to their own data rather than as strangers.

Every CPR number here is fictitious: the birth dates are not 1 January, and the numbers fail the modulus 11 check
that every CPR number issued for such a birth date passes, so none can belong to a real person (a test holds this).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from portal import clock, cpr, people
from portal.applications import decisions as cases
from portal.applications import letters as application_letters
from portal.applications import services as applications
from portal.auth.broker import Assurance
from portal.auth.held import held_by
from portal.auth.user import SessionUser
from portal.calendar import DanishCalendar, copenhagen_date
from portal.delegations import services as delegations
from portal.exercises.services import load_library
from portal.extensions import db
from portal.models import (
    Account,
    AccountRole,
    Application,
    ApplicationSource,
    ApplicationStatus,
    Course,
    CourseStatus,
    Exercise,
    Message,
    Person,
    Program,
    RehabilitationPlan,
    Role,
    Scope,
    SessionKind,
)
from portal.municipalities.national import PlanLevel
from portal.municipalities.schema import Offer, Profile
from portal.outbox.letters import portal_link
from portal.outbox.services import send_message
from portal.plans import services as plans
from portal.programs import builder as builder
from portal.programs import services as programs
from portal.referrals import services as referrals
from portal.sessions import services as sessions


@dataclass(frozen=True)
class DemoPerson:
    key: str
    cpr: str
    given_name: str
    family_name: str

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


DEMO_PEOPLE = (
    DemoPerson("citizen", "1503441236", "Karen", "Testesen"),
    DemoPerson("citizen_140", "0209561238", "Bent", "Prøvesen"),
    DemoPerson("relative", "2811701232", "Mette", "Testesen"),
    DemoPerson("citizen_140_late", "1107481234", "Inge", "Ventesen"),
    # Citizens who never log in: their cases fill the visitator's inbox.
    DemoPerson("new_applicant", "1209531235", "Poul", "Demosen"),
    DemoPerson("overdue_applicant", "2304381233", "Ellen", "Eksempelsen"),
    DemoPerson("referred", "0611481237", "Hans", "Henvisen"),
)
PEOPLE_BY_KEY = {person.key: person for person in DEMO_PEOPLE}

# The local provider's therapist persona (devtools/personas.py), who books the demo sessions and builds programs.
DEMO_THERAPIST_SUBJECT = "6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0007"
DEMO_THERAPIST_NAME = "Torben Terapeut"
DEMO_SESSIONS = 6

# The local provider's GP persona, who referred Karen to the course that is now completed, and Hans since.
DEMO_GP_SUBJECT = "6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0005"
DEMO_GP_NAME = "Lise Lægesen"
DEMO_GP_CVR = "12345678"
DEMO_GP_CLINIC = "Lægehuset Prøvevej"


@dataclass(frozen=True)
class DemoLogin:
    """An account the demo data needs: the login entry, the provider's subject, and who it is."""

    kind: str  # "citizen", "gp" or "staff"
    subject: str
    name: str
    role: Role
    person_key: str | None = None
    email: str | None = None
    organisation_cvr: str | None = None
    organisation_name: str | None = None


DEMO_LOGINS = {
    "citizen": DemoLogin("citizen", "6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0001", "Karen Testesen", Role.CITIZEN, "citizen"),
    "relative": DemoLogin(
        "citizen", "6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0003", "Mette Testesen", Role.CITIZEN, "relative"
    ),
    "gp": DemoLogin(
        "gp",
        DEMO_GP_SUBJECT,
        DEMO_GP_NAME,
        Role.GP,
        email="lise.laegesen@laegehus.example",
        organisation_cvr=DEMO_GP_CVR,
        organisation_name=DEMO_GP_CLINIC,
    ),
    "visitator": DemoLogin(
        "staff",
        "6f1c3a52-0d43-5e8e-9a55-1c0a7e0b0006",
        "Vibeke Visitator",
        Role.VISITATOR,
        email="vibeke.visitator@kommune.example",
    ),
    "therapist": DemoLogin(
        "staff", DEMO_THERAPIST_SUBJECT, DEMO_THERAPIST_NAME, Role.THERAPIST, email="torben.terapeut@kommune.example"
    ),
    # Not personas of the provider: nobody logs in as them, but their applications need an author.
    "new_applicant": DemoLogin("citizen", "demo-poul-demosen", "Poul Demosen", Role.CITIZEN, "new_applicant"),
    "overdue_applicant": DemoLogin(
        "citizen", "demo-ellen-eksempelsen", "Ellen Eksempelsen", Role.CITIZEN, "overdue_applicant"
    ),
}


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

# The question the visitator has asked Hans about Lise's referral, which waits for his answer.
DEMO_QUESTION = "Har du trapper derhjemme? Skriv gerne, hvor mange trin der er, og om der er et gelænder."


def _profile() -> Profile:
    return current_app.config["PROFILE"]


def _is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def _account(login: DemoLogin, person: Person | None) -> Account:
    """The demo's account for this login, under the provider address the portal now uses.

    The demo's account is the first one made for the subject. When it sits under another local provider address
    (the demo ran before with another IDP_PORT), it moves here; an account a login at this address made meanwhile
    (a "stranger", without the demo's data) takes the old address instead, so nothing is deleted."""
    issuer = current_app.config["OIDC_LOGINS"][login.kind]["issuer"]
    accounts = list(db.session.scalars(sa.select(Account).where(Account.subject == login.subject).order_by(Account.id)))
    here = next((account for account in accounts if account.issuer == issuer), None)
    local = [account for account in accounts if _is_loopback(account.issuer)]
    account = local[0] if local and _is_loopback(issuer) else here
    if account is not None and account.issuer != issuer:
        old = account.issuer
        if here is not None:
            # (issuer, subject) is unique: the two swap through a third address.
            here.issuer = f"{old}#moving"
            db.session.flush()
        account.issuer = issuer
        db.session.flush()
        if here is not None:
            here.issuer = old
            db.session.flush()
    if account is None:
        account = Account(issuer=issuer, subject=login.subject, display_name=login.name)
        db.session.add(account)
    account.display_name = login.name
    if person is not None:
        account.person = person
    if login.organisation_cvr:
        account.organisation_cvr, account.organisation_name = login.organisation_cvr, login.organisation_name
    if login.email and not account.email:
        account.email = login.email
    if login.role not in account.role_names:
        account.roles.append(AccountRole(role=str(login.role)))
    db.session.flush()
    return account


def _therapist_account() -> Account:
    """The demo therapist's account under the configured provider address; the browser tests book with it."""
    return _account(DEMO_LOGINS["therapist"], None)


def _as_user(account: Account, kind: str) -> SessionUser:
    """The account as the services see a logged-in user, for the steps the demo takes in their name."""
    return SessionUser(
        account_id=account.id,
        display_name=account.display_name,
        roles=account.role_names,
        kind=kind,
        assurance=Assurance.SUBSTANTIAL,
        person_id=account.person_id,
        organisation_name=account.organisation_name,
    )


@contextmanager
def _letters_dated(at: datetime) -> Iterator[None]:
    """Letters a step sends carry the step's date, so the citizen's message list reads as the story went."""
    before = db.session.scalar(sa.select(sa.func.max(Message.id))) or 0
    yield
    db.session.execute(
        sa.update(Message).where(Message.id > before).values(created_at=at).execution_options(synchronize_session=False)
    )


def _days_ago(days: float) -> datetime:
    return clock.utcnow() - timedelta(days=days)


def _at_ten_from(day: date) -> datetime:
    """10:00 Copenhagen time on the first working day from `day`: when a talk is booked."""
    return sessions.at_copenhagen(DanishCalendar.for_profile(_profile()).first_working_day_from(day), time(10, 0))


def _at_ten(day_offset: int) -> datetime:
    return _at_ten_from(clock.today() + timedelta(days=day_offset))


def _place() -> str:
    centres = _profile().centres
    return centres[0].name if centres else "Hjemme hos dig"


def _apply(person: Person, author: Account, answers: dict[str, object], at: datetime) -> Application:
    """The apply journey as the citizen walks it: a draft, the answers, sent at `at`, with the receipt letter."""
    with _letters_dated(at):
        draft = applications.start_draft(person.id, ApplicationSource.CITIZEN, author.id, None)
        applications.save_answers(draft, answers)
        applications.send_draft(draft, _profile(), at=at)
        subject, body = application_letters.receipt(draft, _profile(), "da")
        send_message(person.id, "application.receipt", "da", subject, body, application_id=draft.id)
    return draft


def _answers(what_changed: str, goal: str, since_days: int) -> dict[str, object]:
    return {
        "plan": "no",
        "what_changed": what_changed,
        "since": (clock.today() - timedelta(days=since_days)).isoformat(),
        "daily_life": "Jeg kan ikke gå på trapper uden at holde fast, og jeg bliver hurtigt træt.",
        "goal": goal,
        "other_help": ["aids"],
        "trains_elsewhere": "no",
        "transport": "yes",
        "phone": "11 22 33 44",
        "call_times": "Formiddag",
        "gp_consent": "yes",
    }


def _acknowledge(application: Application, at: datetime) -> None:
    with _letters_dated(at):
        cases.acknowledge(application, _profile(), at=at)


def _book_talk(application: Application, talk_at: datetime, at: datetime) -> None:
    with _letters_dated(at):
        cases.book_talk(application, _profile(), talk_at, _place(), at=at)


def _grant(application: Application, visitator: Account, offer: Offer, goals: str, at: datetime) -> Course:
    with _letters_dated(at):
        course = cases.grant(application, _profile(), visitator.id, offer, offer.max_sessions or 12, goals, at=at)
    if course is None:
        raise RuntimeError(f"the demo grants only open cases, not {application.case_number}")
    return course


def _granted_offers() -> list[Offer]:
    return cases.decidable_offers(_profile())


def _training_offer() -> Offer:
    """A course of training rather than an assessment: the first offer of 10 sessions or more, where the profile
    names a number."""
    offers = _granted_offers()
    return next((offer for offer in offers if (offer.max_sessions or 0) >= 10), offers[0])


# --- Mette's fuldmagt from Karen ---------------------------------------------------------------------------------


def _fuldmagt(karen: Person, mette: Person, accounts: dict[str, Account]) -> bool:
    """Karen gives Mette a fuldmagt to see, manage sessions and apply, and Mette accepts it: she starts on the
    chooser. Made again only if none stands (Mette declined, or one of them revoked it while trying the demo)."""
    if any(held.grantor_person_id == karen.id for held in held_by(mette.id)):
        return False
    granted = delegations.grant(
        grantor=_as_user(accounts["citizen"], "citizen"),
        citizen=karen,
        relative_cpr=cpr.normalise(PEOPLE_BY_KEY["relative"].cpr),
        relative_name=mette.full_name,
        scopes=[Scope.SEE, Scope.MANAGE_SESSIONS, Scope.APPLY],
        valid_to=None,
        today=clock.today(),
    )
    delegations.accept(granted, _as_user(accounts["relative"], "citizen"))
    return True


# --- Karen's active course -----------------------------------------------------------------------------------------


def _course_with_sessions(karen: Person, accounts: dict[str, Account]) -> bool:
    """Karen's own application, acknowledged, talked about and granted two days ago, with sessions from the next
    working day at the profile's first centre (or at home where the profile lists none). Nothing is made if she
    already has an active course."""
    active = sa.select(Course.id).where(Course.person_id == karen.id, Course.status == CourseStatus.ACTIVE)
    if db.session.scalar(active) is not None:
        return False
    # The offer with the most sessions, so there is room to book more in the demo.
    offer = max(_granted_offers(), key=lambda offer: offer.max_sessions or 0)
    application = _apply(
        karen,
        accounts["citizen"],
        _answers("Jeg er blevet usikker, når jeg går. Jeg har brugt stok siden jul.", "Gå til Brugsen uden stok", 60),
        _days_ago(14),
    )
    _acknowledge(application, _days_ago(13))
    _book_talk(application, _at_ten(-8), _days_ago(13))
    course = _grant(
        application,
        accounts["visitator"],
        offer,
        "Gå til Brugsen uden stok. Rejse sig fra en stol uden hjælp.",
        _days_ago(2),
    )
    profile = _profile()
    if profile.centres:
        place = sessions.Place(SessionKind.INDIVIDUAL, centre_id=profile.centres[0].id)
    else:
        place = sessions.Place(SessionKind.HOME)
    calendar = DanishCalendar.for_profile(profile)
    first = calendar.next_working_day(clock.today())
    starts = sessions.series_starts(first, {0, 3}, time(10, 0), min(DEMO_SESSIONS, course.sessions_allowed), calendar)
    sessions.book(course, accounts["therapist"].id, starts, 60, place)
    return True


# --- Karen's completed courses -------------------------------------------------------------------------------------


def _issue_program(
    course: Course, items: tuple[DemoItem, ...], author: Account, goals_reached: str, recommendation: str, at: datetime
) -> Program:
    """The therapist builds the program and the end note and issues both, which completes the course at `at`."""
    program = builder.start(course, author.id)
    builder.set_introduction(program, "Lav øvelserne i den rækkefølge, de står. Tag en pause, når du har brug for det.")
    exercises = {
        e.slug: e
        for e in db.session.scalars(sa.select(Exercise).where(Exercise.slug.in_([item.slug for item in items])))
    }
    for item in items:
        if item.slug in exercises:
            dose = builder.Dose(item.sets, item.repetitions, item.seconds, item.times_per_week, item.load, item.notes)
            builder.add(program, exercises[item.slug], dose)
    db.session.expire(program, ["items"])
    note = builder.save_end_note(course, goals_reached, recommendation, author.id)
    with _letters_dated(at):
        builder.issue(course, program, note, at=at, profile=_profile())
    return program


def _completed_courses_with_programs(karen: Person, accounts: dict[str, Account]) -> bool:
    """Karen's completed course from Lise Lægesen's referral, with an issued program, a training log over the last
    four weeks and the end note, and an older completed course of her own with its program. Made once."""
    if db.session.scalar(sa.select(Program.id).where(Program.person_id == karen.id).limit(1)) is not None:
        return False
    offer = _training_offer()
    therapist, visitator = accounts["therapist"], accounts["visitator"]

    older_end = _days_ago(330)
    older = _apply(
        karen,
        accounts["citizen"],
        _answers("Min skulder gør ondt, når jeg løfter armen.", "Kunne hænge vasketøj op igen", 420),
        older_end - timedelta(days=90),
    )
    _acknowledge(older, older_end - timedelta(days=89))
    older_course = _grant(
        older, visitator, offer, "Løfte armene over hovedet uden smerter.", older_end - timedelta(days=84)
    )
    _issue_program(
        older_course,
        DEMO_OLDER_PROGRAM,
        therapist,
        "Karen løfter armene over hovedet og hænger selv vasketøj op.",
        "Karen bliver ved med sine øvelser hver dag, så skulderen holder sig smidig.",
        older_end,
    )

    ended = _days_ago(29)
    referred_at = ended - timedelta(days=84)
    draft = referrals.draft_from(
        uuid.uuid5(uuid.NAMESPACE_URL, "demo-referral-karen").hex,
        cpr.normalise(PEOPLE_BY_KEY["citizen"].cpr),
        karen.full_name,
        {
            "reason": "Faldet to gange i år. Usikker gang og svært ved at rejse sig fra en stol.",
            "diagnosis": "Artrose i hoften",
            "diagnosis_code": "M16.1",
            "history": "",
            "precautions": "",
        },
    )
    with _letters_dated(referred_at):
        referral = referrals.send(_as_user(accounts["gp"], "gp"), draft, _profile(), at=referred_at)
    _acknowledge(referral, referred_at + timedelta(days=1))
    talk_at = _at_ten_from(copenhagen_date(referred_at) + timedelta(days=3))
    _book_talk(referral, talk_at, referred_at + timedelta(days=1))
    course = _grant(
        referral,
        visitator,
        offer,
        "Rejse sig fra en stol uden hjælp. Gå sikkert på trapper.",
        ended - timedelta(days=70),
    )
    program = _issue_program(
        course,
        DEMO_PROGRAM,
        therapist,
        "Karen rejser sig nu fra en almindelig stol uden at bruge armene og går op ad trappen med "
        "én hånd på gelænderet. Hun er ikke faldet under forløbet.",
        "Karen fortsætter med sit træningsprogram 4 dage om ugen. Hvis hun falder igen, kan lægen "
        "henvise hende til et nyt forløb.",
        ended,
    )
    items = [item.id for item in program.items]
    for days_ago, effort, pain in DEMO_LOG:
        programs.log_day(
            program, clock.today() - timedelta(days=days_ago), items if days_ago % 2 else items[:3], effort, pain
        )
    return True


# --- the visitator's open cases ------------------------------------------------------------------------------------


def _has_case(person: Person) -> bool:
    return (
        db.session.scalar(
            sa.select(Application.id)
            .where(Application.person_id == person.id, Application.status != ApplicationStatus.DRAFT)
            .limit(1)
        )
        is not None
    )


def _open_cases(found: dict[str, Person], accounts: dict[str, Account]) -> bool:
    """Three open cases for Vibeke: Poul's application from this morning, new; Ellen's from a month ago that nobody
    has answered, past the dates the profile promises (where it promises any); and Lise's referral of Hans, with a
    talk booked and a question to Hans that waits for his answer. Each is made once."""
    made = False
    poul = found["new_applicant"]
    if not _has_case(poul):
        _apply(
            poul,
            accounts["new_applicant"],
            _answers("Jeg har fået en ny hofte og kan ikke gå så langt som før.", "Gå en tur i skoven igen", 21),
            _days_ago(0.1),
        )
        made = True
    ellen = found["overdue_applicant"]
    if not _has_case(ellen):
        _apply(
            ellen,
            accounts["overdue_applicant"],
            _answers("Jeg faldt i badeværelset og er bange for at falde igen.", "Klare mit bad selv", 45),
            _days_ago(30),
        )
        made = True
    hans = found["referred"]
    if not _has_case(hans):
        referred_at = _days_ago(8)
        draft = referrals.draft_from(
            uuid.uuid5(uuid.NAMESPACE_URL, "demo-referral-hans").hex,
            cpr.normalise(PEOPLE_BY_KEY["referred"].cpr),
            hans.full_name,
            {
                "reason": "Svimmel og usikker på benene efter indlæggelse med lungebetændelse.",
                "diagnosis": "Nedsat gangfunktion",
                "diagnosis_code": "R26.8",
                "history": "Indlagt tre uger i foråret.",
                "precautions": "Bruger iltapparat ved anstrengelse.",
            },
        )
        with _letters_dated(referred_at):
            referral = referrals.send(_as_user(accounts["gp"], "gp"), draft, _profile(), at=referred_at)
        _acknowledge(referral, _days_ago(7))
        _book_talk(referral, _at_ten(3), _days_ago(7))
        with _letters_dated(_days_ago(1)):
            cases.ask(
                referral,
                _profile(),
                accounts["visitator"].id,
                DEMO_QUESTION,
                # The letter names the page by its path: the loader does not know the address `make run` serves.
                lambda asked: portal_link("case_questions.answer", case_id=referral.id, question_id=asked.id),
                at=_days_ago(1),
            )
        made = True
    return made


# --- Bent's and Inge's genoptræningsplaner (sundhedsloven § 140) ------------------------------------------------


@dataclass(frozen=True)
class DemoPlan:
    key: str
    discharged_days_ago: int
    level: PlanLevel
    hospital: str
    ward: str
    function_text: str
    goals: str
    citizen_goals: str
    precautions: str
    # The first sessions' time of day, so the two plans' sessions do not take the therapist twice.
    at: time


# Bent's plan is new and his first session is booked within the 7 days; Inge's came 12 days ago and her first session
# is only booked now, after the limit, so she has the letter about free choice.
DEMO_PLANS = (
    DemoPlan(
        "citizen_140",
        # Discharged yesterday: the next working day is within the 7 days even from the Wednesday before Easter.
        1,
        PlanLevel.BASIC,
        "Regionshospitalet Randers",
        "Ortopædkirurgisk afdeling",
        "Ny hofte i venstre side. Går med rollator indendørs. Har brug for hjælp på trapper.",
        "Gangfunktion uden ganghjælpemiddel. Selvstændig trappegang med gelænder.",
        "Du skal kunne gå uden rollator. Du skal kunne gå på trapper selv.",
        "Bøj ikke hoften mere end 90 grader de første 6 uger.",
        time(13, 0),
    ),
    DemoPlan(
        "citizen_140_late",
        12,
        PlanLevel.ADVANCED,
        "Aarhus Universitetshospital",
        "Neurologisk afdeling",
        "Blodprop i hjernen. Nedsat kraft i højre arm og ben. Usikker balance.",
        "Forbedret balance og gangfunktion. Selvstændig i personlig pleje.",
        "Du skal kunne gå sikkert i dit hjem. Du skal kunne klæde dig på selv.",
        "",
        time(14, 30),
    ),
)
DEMO_PLAN_SESSIONS = 2


def _plans_with_courses(found: dict[str, Person], accounts: dict[str, Account]) -> bool:
    """Bent's and Inge's plans from the hospital, registered by Torben, each with its § 140 course and first
    sessions: Bent's from the next working day, within the 7 days; Inge's too, but her 7 days have passed, so the
    booking sends her the letter about free choice. Made once."""
    if db.session.scalar(sa.select(RehabilitationPlan.id).limit(1)) is not None:
        return False
    profile = _profile()
    therapist = accounts["therapist"]
    calendar = DanishCalendar.for_profile(profile)
    today = clock.today()
    for demo in DEMO_PLANS:
        discharged = today - timedelta(days=demo.discharged_days_ago)
        details = plans.PlanDetails(
            hospital=demo.hospital,
            ward=demo.ward,
            discharge_date=discharged,
            level=demo.level,
            function_text=demo.function_text,
            goals=demo.goals,
            citizen_goals=demo.citizen_goals,
            precautions=demo.precautions or None,
            medical_start_date=None,
            received_on=discharged + timedelta(days=1),
        )
        offer = plans.plan_offers(profile)[0]
        plan = plans.register(
            found[demo.key],
            details,
            offer,
            offer.max_sessions or 12,
            therapist.id,
            profile,
            current_app.config["NATIONAL"],
        )
        if profile.centres:
            place = sessions.Place(SessionKind.INDIVIDUAL, centre_id=profile.centres[0].id)
        else:
            place = sessions.Place(SessionKind.HOME)
        first = calendar.next_working_day(today)
        starts = sessions.series_starts(first, {0, 1, 2, 3, 4}, demo.at, DEMO_PLAN_SESSIONS, calendar)
        sessions.book(plan.course, therapist.id, starts, 60, place)
    return True


def _train_along_demo() -> int:
    """Træn med: the QR codes of the printed programs get their links. Issuing makes them; this is for a demo database
    whose programs were issued before the links came. Safe to run again."""
    from portal.programs.links import mint_for_newest_programs

    return mint_for_newest_programs()


def load_demo_data() -> str:
    created = 0
    found: dict[str, Person] = {}
    for demo in DEMO_PEOPLE:
        digits = cpr.normalise(demo.cpr)
        created += people.find_by_cpr(digits) is None
        person = people.find_or_create(digits, demo.given_name, demo.family_name)
        person.given_name, person.family_name = demo.given_name, demo.family_name
        found[demo.key] = person
    db.session.flush()
    load_library()
    accounts = {
        key: _account(login, found[login.person_key] if login.person_key else None)
        for key, login in DEMO_LOGINS.items()
    }
    done = []
    # A request context for the services that build addresses and format dates as a request would.
    with current_app.test_request_context():
        karen = found["citizen"]
        if _fuldmagt(karen, found["relative"], accounts):
            done.append("Mette has an accepted fuldmagt from Karen.")
        if _course_with_sessions(karen, accounts):
            done.append("Karen has a course with booked sessions.")
        if _completed_courses_with_programs(karen, accounts):
            done.append("Karen has two completed courses with training programs.")
        if _open_cases(found, accounts):
            done.append("Vibeke has open cases, Lise a referral in progress.")
        if _plans_with_courses(found, accounts):
            done.append("Bent and Inge have plans from the hospital: Bent starts in time, Inge late, with the letter.")
        if _train_along_demo():
            done.append("Programs issued before the QR codes came have their links.")
    db.session.flush()
    return " ".join([f"Demo data loaded: {created} new of {len(DEMO_PEOPLE)} people.", *done])
