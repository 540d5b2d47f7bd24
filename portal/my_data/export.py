"""Everything the portal holds about a person (GDPR art. 15), as one structure for JSON and HTML.

Each table that holds personal data has an exporter here; a test fails when a table is neither exported
nor listed in NOT_PERSONAL with a reason, so a new table cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from portal import cpr
from portal.extensions import db
from portal.models import (
    AccessLog,
    Account,
    Application,
    ApplicationQuestion,
    CalendarFeed,
    ContactPreference,
    Course,
    Delegation,
    EndNote,
    Message,
    Person,
    Program,
    ProgramItem,
    RehabilitationPlan,
    SessionSlot,
    TrainingLogEntry,
    TrainingRun,
    TrainingSession,
)

# Tables that hold nothing to hand over, and why.
NOT_PERSONAL = {
    "exercise_links": "random tokens behind the QR codes of a printed program; they open an exercise page with no "
    "personal data, and the exercises and doses are in the programs",
    "training_log_submissions": "keys that stop a training day sent twice from a phone; the days are in the log",
    "web_sessions": "login state only; it is deleted at logout and when the session times out",
    "page_feedback": "anonymous answers to 'Var siden nyttig?' with no link to a person",
    "alembic_version": "the schema version",
    "api_clients": "the municipality's own systems that use the case-system API; they name no citizen",
    "api_tokens": "hashes of those systems' short-lived access tokens",
    "api_assertions": "ids of the signed assertions those systems logged in with, kept so none is used twice",
    "api_idempotency_keys": "the answers a case system got to its changes, kept so a retry changes nothing "
    "twice; what they say is in the cases, courses and plans handed over here",
    "exercises": "the exercise library written by staff; it names no citizen",
    "program_templates": "therapists' starting points for programs; they name no citizen",
    "program_template_items": "the exercises of therapists' templates; they name no citizen",
    "teams": "therapists' teams (hold): a name, a centre and a number of places; they name no citizen",
}


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _person(person: Person) -> dict[str, Any]:
    return {
        "name": person.full_name,
        "cpr": cpr.decrypt(person.cpr_encrypted),
        "birth_date": _when(person.birth_date),
        "known_since": _when(person.created_at),
    }


def _accounts(person: Person) -> list[dict[str, Any]]:
    accounts = db.session.scalars(sa.select(Account).where(Account.person_id == person.id).order_by(Account.id))
    return [
        {
            "login_provider": account.issuer,
            "name": account.display_name,
            "roles": sorted(account.role_names),
            "created": _when(account.created_at),
            "last_login": _when(account.last_login_at),
        }
        for account in accounts
    ]


def _delegation(delegation: Delegation, other_name: str) -> dict[str, Any]:
    return {
        "kind": delegation.kind,
        "person": other_name,
        "scopes": sorted(delegation.scope_set),
        "valid_from": _when(delegation.valid_from),
        "valid_to": _when(delegation.valid_to),
        "accepted": _when(delegation.accepted_at),
        "declined": _when(delegation.declined_at),
        "revoked": _when(delegation.revoked_at),
        "paper_reference": delegation.paper_reference,
    }


def _delegations(person: Person) -> dict[str, list[dict[str, Any]]]:
    # Held: those the person took on, and those offered to their CPR number that they have not answered.
    rows = db.session.scalars(
        sa.select(Delegation)
        .options(joinedload(Delegation.grantor))
        .where(
            sa.or_(
                Delegation.grantor_person_id == person.id,
                Delegation.grantee_person_id == person.id,
                sa.and_(Delegation.grantee_person_id.is_(None), Delegation.grantee_cpr_hash == person.cpr_hash),
            )
        )
        .order_by(Delegation.id)
    ).all()
    return {
        # The relative's name as the citizen wrote it: the only name the portal shows for a relative.
        "given": [_delegation(d, d.grantee_name) for d in rows if d.grantor_person_id == person.id],
        "held": [_delegation(d, d.grantor.full_name) for d in rows if d.grantor_person_id != person.id],
    }


def _access_log(person: Person) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        sa.select(AccessLog).where(AccessLog.subject_person_id == person.id).order_by(AccessLog.at.desc())
    )
    return [
        {
            "when": _when(row.at),
            "who": row.actor_name,
            "role": row.actor_role,
            "organisation": row.actor_organisation,
            "acting_as": row.acting_as,
            "action": row.action,
        }
        for row in rows
    ]


def _messages(person: Person) -> list[dict[str, Any]]:
    # The citizen's own letters. A notice to a GP's login that an end note is ready (person_id empty, account_id set)
    # is not exported: it is the GP's mail, holds nothing about the citizen but the referral's number, and the end
    # note itself is in the export with the course.
    rows = db.session.scalars(
        sa.select(Message)
        .options(selectinload(Message.deliveries))
        .where(Message.person_id == person.id)
        .order_by(Message.created_at.desc())
    )
    return [
        {
            "sent": _when(message.created_at),
            "read": _when(message.read_at),
            "subject": message.subject,
            "body": message.body,
            "deliveries": [
                {"channel": d.channel, "address": d.address, "status": d.status, "sent": _when(d.sent_at)}
                for d in message.deliveries
            ],
        }
        for message in rows
    ]


def _applications(person: Person) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        sa.select(Application).where(Application.person_id == person.id).order_by(Application.created_at)
    )
    return [
        {
            "case_number": row.case_number,
            "source": row.source,
            "status": row.status,
            "sent": _when(row.submitted_at),
            "answers": row.answers,
            "referral": row.referral,
            "promised_dates": row.deadlines.to_json(),
            "assessment_talk": _when(row.assessment_talk_at),
            "decided": _when(row.decided_at),
            "granted_offer": row.granted_offer,
            "granted_sessions": row.granted_sessions,
            "goals": row.decision_goals,
            "reason": row.decision_reason,
            "withdrawn": _when(row.withdrawn_at),
        }
        for row in rows
    ]


def _questions(person: Person) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(ApplicationQuestion, Application.case_number)
        .join(Application, ApplicationQuestion.application_id == Application.id)
        .where(Application.person_id == person.id)
        .order_by(ApplicationQuestion.asked_at)
    )
    return [
        {
            "case_number": case_number,
            "question": row.question,
            "asked": _when(row.asked_at),
            "answer": row.answer,
            "answered": _when(row.answered_at),
        }
        for row, case_number in rows
    ]


def _courses(person: Person) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(Course, Application.case_number)
        .outerjoin(Application, Course.application_id == Application.id)
        .where(Course.person_id == person.id)
        .order_by(Course.created_at)
    )
    return [
        {
            "case_number": case_number,
            "offer": row.offer_id,
            "legal_basis": row.legal_basis,
            "sessions_allowed": row.sessions_allowed,
            "goals": row.goals,
            "status": row.status,
            "started": _when(row.created_at),
            "ended": _when(row.ended_at),
            "end_reason": row.end_reason,
            "end_reason_text": row.end_reason_text,
        }
        for row, case_number in rows
    ]


def _plans(person: Person) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        sa.select(RehabilitationPlan)
        .where(RehabilitationPlan.person_id == person.id)
        .order_by(RehabilitationPlan.discharge_date)
    )
    return [
        {
            "hospital": row.hospital,
            "ward": row.ward,
            "discharged": row.discharge_date.isoformat(),
            "received": row.received_on.isoformat(),
            "level": row.level,
            "function": row.function_text,
            "goals": row.goals,
            "goals_in_plain_words": row.citizen_goals,
            "precautions": row.precautions,
            "medical_start_date": row.medical_start_date.isoformat() if row.medical_start_date else None,
            "start_by": row.start_due.isoformat(),
            "free_choice_letter": _when(row.free_choice_letter_at),
        }
        for row in rows
    ]


def _sessions(person: Person) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(TrainingSession, Account.display_name)
        .join(Account, TrainingSession.therapist_account_id == Account.id)
        .where(TrainingSession.person_id == person.id)
        .order_by(TrainingSession.starts_at)
    )
    return [
        {
            "course": row.course_id,
            "starts": _when(row.starts_at),
            "ends": _when(row.ends_at),
            "kind": row.kind,
            "centre": row.centre_id,
            "place": row.place,
            "therapist": therapist,
            "status": row.status,
            "cancelled": _when(row.cancelled_at),
            "cancel_reason": row.cancel_reason,
            "late": row.late,
            "replaces": row.replaces_session_id,
            "reminded": _when(row.reminded_at),
        }
        for row, therapist in rows
    ]


def _contact_preferences(person: Person) -> dict[str, Any] | None:
    row = db.session.scalar(sa.select(ContactPreference).where(ContactPreference.person_id == person.id))
    if row is None:
        return None
    return {
        "email": row.email,
        "phone": row.phone,
        "channels": [str(channel) for channel in row.channel_list],
        "reminders": row.reminders,
        "reminder_hour": row.reminder_hour,
        "program_follow_up": row.program_follow_up,
        "saved": _when(row.created_at),
    }


def _programs(person: Person) -> list[dict[str, Any]]:
    programs = db.session.scalars(
        sa.select(Program)
        .where(Program.person_id == person.id)
        .options(selectinload(Program.items).joinedload(ProgramItem.exercise))
        .order_by(Program.created_at)
    )
    return [
        {
            "course": program.course_id,
            "issued": _when(program.issued_at),
            "introduction": program.introduction,
            "reminder_weekdays": program.reminder_weekdays,
            "last_reminded": _when(program.reminded_on),
            "exercises": [
                {
                    "exercise": item.exercise.name_da,
                    "sets": item.sets,
                    "repetitions": item.repetitions,
                    "seconds": item.seconds,
                    "times_per_week": item.times_per_week,
                    "load": item.load,
                    "notes": item.notes,
                }
                for item in program.items
            ],
        }
        for program in programs
    ]


def _training_log(person: Person) -> list[dict[str, Any]]:
    entries = db.session.scalars(
        sa.select(TrainingLogEntry)
        .join(Program, TrainingLogEntry.program_id == Program.id)
        .where(Program.person_id == person.id)
        .options(selectinload(TrainingLogEntry.items).joinedload(ProgramItem.exercise))
        .order_by(TrainingLogEntry.day)
    )
    return [
        {
            "course": entry.program.course_id,
            "day": _when(entry.day),
            "effort": entry.effort,
            "pain": entry.pain,
            "note": entry.note,
            "exercises": [item.exercise.name_da for item in entry.items],
            "logged_by": entry.logged_by_name,
        }
        for entry in entries
    ]


def _training_in_progress(person: Person) -> list[dict[str, Any]]:
    # A "Træn nu" session begun and not yet logged: the sets done so far.
    runs = db.session.scalars(
        sa.select(TrainingRun)
        .join(Program, TrainingRun.program_id == Program.id)
        .where(Program.person_id == person.id)
        .order_by(TrainingRun.day)
    )
    return [{"day": _when(run.day), "sets_done": run.sets_done} for run in runs]


def _end_notes(person: Person) -> list[dict[str, Any]]:
    notes = db.session.scalars(
        sa.select(EndNote)
        .join(Course, EndNote.course_id == Course.id)
        .where(Course.person_id == person.id)
        .order_by(EndNote.created_at)
    )
    return [
        {
            "course": note.course_id,
            "issued": _when(note.issued_at),
            "goals_reached": note.goals_reached,
            "recommendation": note.recommendation,
        }
        for note in notes
    ]


def _calendar_links(person: Person) -> list[dict[str, Any]]:
    # The links to the person's calendar and the links the person holds to others'; never the token.
    whose, holder = aliased(Person), aliased(Person)
    rows = db.session.execute(
        sa.select(CalendarFeed, whose, holder)
        .join(whose, CalendarFeed.person_id == whose.id)
        .join(holder, CalendarFeed.holder_person_id == holder.id)
        .where(sa.or_(CalendarFeed.person_id == person.id, CalendarFeed.holder_person_id == person.id))
        .order_by(CalendarFeed.created_at)
    )
    return [
        {
            "calendar_of": of.full_name,
            "made_by": by.full_name,
            "created": _when(feed.created_at),
            "revoked": _when(feed.revoked_at),
        }
        for feed, of, by in rows
    ]


# Section name -> (the tables it covers, how it is read).
EXPORTERS: dict[str, tuple[frozenset[str], Callable[[Person], Any]]] = {
    "person": (frozenset({"persons"}), _person),
    "accounts": (frozenset({"accounts", "account_roles"}), _accounts),
    "powers_of_attorney": (frozenset({"delegations"}), _delegations),
    "applications": (frozenset({"applications"}), _applications),
    "questions": (frozenset({"application_questions"}), _questions),
    "courses": (frozenset({"courses"}), _courses),
    "rehabilitation_plans": (frozenset({RehabilitationPlan.__tablename__}), _plans),
    # The slots only mirror the booked sessions' times, to refuse double booking.
    "sessions": (frozenset({TrainingSession.__tablename__, SessionSlot.__tablename__}), _sessions),
    # Drafts not yet issued too: they are about the citizen (issued is then null).
    "calendar_links": (frozenset({CalendarFeed.__tablename__}), _calendar_links),
    "programs": (frozenset({"programs", "program_items"}), _programs),
    "training_log": (frozenset({"training_log_entries", "training_log_items"}), _training_log),
    "training_in_progress": (frozenset({TrainingRun.__tablename__}), _training_in_progress),
    "end_notes": (frozenset({"end_notes"}), _end_notes),
    "contact_preferences": (frozenset({ContactPreference.__tablename__}), _contact_preferences),
    "messages": (frozenset({"messages", "outbox"}), _messages),
    "access_log": (frozenset({"access_log"}), _access_log),
}


def covered_tables() -> set[str]:
    return {table for tables, _ in EXPORTERS.values() for table in tables}


def export(person: Person) -> dict[str, Any]:
    return {section: read(person) for section, (_, read) in EXPORTERS.items()}
