"""Karen with one of everything her home shows: a booked session, a question, a draft, a referral, letters, a case,
a program with exercises, and a fuldmagt offered to her. For the home's tests and the walk over her pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from portal import clock
from portal.database import utcnow
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationQuestion,
    ApplicationStatus,
    Delegation,
    Message,
    Person,
    Program,
    SessionKind,
    TrainingSession,
)
from portal.outbox.services import send_message
from portal.sessions import services as sessions
from portal.sessions.services import Place
from tests import factories

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class Waiting:
    karen: Person
    session: TrainingSession
    past_session: TrainingSession
    case: Application
    question: ApplicationQuestion
    draft: Application
    referral: Application
    program: Program
    letters: list[Message]
    offer: Delegation


def everything_waiting_for_karen() -> Waiting:
    karen = factories.person_for("citizen")
    own = factories.account_for(karen, subject="karen-before-login")
    course = factories.course(karen, sessions_allowed=40)
    therapist = factories.therapist_account(display_name="Tove Terapeut")
    now = clock.utcnow().replace(microsecond=0)
    past, upcoming = sessions.book(
        course,
        therapist.id,
        [now - timedelta(days=7), now + timedelta(days=2)],
        60,
        Place(SessionKind.INDIVIDUAL, "auning"),
    )
    case = factories.application(karen, own, case_number="TR-2026-00101", next_due_on=clock.today() + timedelta(days=5))
    question = ApplicationQuestion(
        application_id=case.id, asked_by_account_id=therapist.id, question="Kan du gå på trapper?", asked_at=utcnow()
    )
    db.session.add(question)
    draft = factories.application(
        karen, own, status=ApplicationStatus.DRAFT, submitted_at=None, answers={"what_happened": "Faldt"}
    )
    # Sent a minute before the case, so the case above is the newest.
    referral = factories.referral(karen, factories.gp_account(), submitted_at=utcnow() - timedelta(minutes=1))
    # The first exercise has a picture the therapist uploaded, so its address answers too.
    program = factories.a_program(
        karen,
        exercises=[
            factories.exercise("Rejse sig fra stol", image=PNG, image_mime="image/png"),
            factories.exercise("Stå på ét ben"),
        ],
    )
    letters = [
        send_message(
            karen.id,
            "application.receipt",
            "da",
            "Kvittering for din ansøgning",
            "Tak for din ansøgning. Du kan se din sag i portalen.",
            application_id=case.id,
        ),
        send_message(karen.id, "session.booked", "da", "Nye træningstider", "Du har fået tider."),
    ]
    # Someone Karen helps in turn has offered her a fuldmagt.
    offer = factories.delegation(
        factories.a_person(7, given_name="Bodil"), karen, accepted_at=None, grantee_person_id=None
    )
    db.session.flush()
    return Waiting(karen, upcoming, past, case, question, draft, referral, program, letters, offer)
