"""Referrals from GPs: send one once, list a GP's own, show one to the GP who sent it, and the citizen's side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import abort
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from portal import cpr, people
from portal.access_log import services as access_log
from portal.applications.services import submit
from portal.auth.user import SessionUser
from portal.calendar import Deadline, Status, status
from portal.database import utcnow
from portal.extensions import db
from portal.models import Account, Application, ApplicationSource, ApplicationStatus, Person
from portal.municipalities.schema import Milestone, Profile, Text
from portal.outbox.services import send_message
from portal.referrals.labels import MILESTONE_LABELS

PAGE_SIZE = 20
# The citizen's message is written in Danish: the portal knows no language preference for a person it may
# not have met yet.
MESSAGE_LANGUAGE = "da"


@dataclass(frozen=True)
class Draft:
    """A filled-in referral between the form and "check and send", as the session keeps it.

    The CPR number is kept encrypted: the session lives in the database or Redis, where plain CPR never goes.
    """

    token: str
    cpr_encrypted: str
    patient_name: str
    clinical: dict[str, str]

    @property
    def cpr_digits(self) -> str:
        return cpr.decrypt(self.cpr_encrypted)

    def to_session(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "cpr": self.cpr_encrypted,
            "patient_name": self.patient_name,
            "clinical": self.clinical,
        }

    @classmethod
    def from_session(cls, data: dict[str, Any] | None) -> Draft | None:
        if not data:
            return None
        return cls(data["token"], data["cpr"], data["patient_name"], dict(data["clinical"]))


@dataclass(frozen=True)
class Step:
    """A dated promise of the municipality, as pages and letters show it."""

    goal_id: str
    milestone: Milestone
    deadline: Deadline
    met_at: datetime | None
    text: Text | None  # the profile's words for the goal; None when the profile no longer has it

    @property
    def due(self) -> date:
        return self.deadline.due

    def status(self, now: datetime) -> Status:
        return status(self.deadline, self.met_at, now)


def steps(application: Application, profile: Profile) -> list[Step]:
    """The promised steps of a case, earliest first, with the profile's words for each where it still has them."""
    goals = {goal.id: goal for goal in profile.service_goals}
    found = [
        Step(
            goal_id=goal_id,
            milestone=value.milestone,
            deadline=Deadline(
                due=value.due,
                unit=value.unit,
                amount=value.amount,
                counted_from=value.counted_from,
                ambiguous=value.ambiguous,
                alternative=value.alternative,
            ),
            met_at=value.met_at,
            text=goals[goal_id].text if goal_id in goals else None,
        )
        for goal_id, value in application.deadlines.items()
    ]
    return sorted(found, key=lambda step: (step.due, step.goal_id))


def draft_from(token: str, digits: str, patient_name: str, clinical: dict[str, str]) -> Draft:
    return Draft(token, cpr.encrypt(digits), " ".join(patient_name.split()), clinical)


def form_data(draft: Draft) -> dict[str, Any]:
    """What the form shows when the GP goes back from "check and send" to change something."""
    digits = draft.cpr_digits
    # The name check is not ticked again: the GP may be about to change the number or the name.
    return {
        "cpr_number": f"{digits[:6]}-{digits[6:]}",
        "patient_name": draft.patient_name,
        "patient_agrees": "yes",
        **draft.clinical,
    }


def _lock_senders_account(account_id: int) -> None:
    # A write that changes nothing, so two sends of the same form wait for each other until the first commits:
    # PostgreSQL locks the account's row, SQLite the whole database. The second then finds the first's referral.
    db.session.execute(
        sa.update(Account)
        .where(Account.id == account_id)
        .values(last_login_at=Account.last_login_at)
        .execution_options(synchronize_session=False)
    )


def sent_with(gp: SessionUser, token: str) -> Application | None:
    """The referral this GP already sent from the form with this one-time token, if any."""
    return db.session.scalar(
        sa.select(Application)
        .where(
            Application.created_by_account_id == gp.account_id,
            Application.source == ApplicationSource.GP,
            Application.referral["form_token"].as_string() == token,
        )
        .limit(1)
    )


def send(gp: SessionUser, draft: Draft, profile: Profile, at: datetime | None = None) -> Application:
    """Sends a referral once: a second send of the same draft gives back the referral the first one made."""
    at = at or utcnow()
    _lock_senders_account(gp.account_id)
    already = sent_with(gp, draft.token)
    if already is not None:
        return already
    digits = draft.cpr_digits
    person = people.find_or_create(digits, *people.split_name(draft.patient_name))
    # Sent from the start, never a draft: the citizen's own draft (one per person) stays where it is.
    application = Application(
        person_id=person.id,
        source=ApplicationSource.GP,
        status=ApplicationStatus.SUBMITTED,
        created_by_account_id=gp.account_id,
        answers={},
        referral={
            **draft.clinical,
            # As the GP wrote it: the person may be known under another name (MitID's wins at login).
            "patient_name": draft.patient_name,
            "name_confirmed": True,
            "patient_agrees": True,
            "doctor": gp.display_name,
            "clinic": gp.organisation_name or "",
            "form_token": draft.token,
        },
    )
    db.session.add(application)
    db.session.flush()
    submit(application, profile, at)
    access_log.record(gp, person.id, "gp", "referral.sent", detail=application.case_number)
    _tell_the_citizen(application, profile)
    return application


def _tell_the_citizen(application: Application, profile: Profile) -> None:
    referral = application.referral or {}
    doctor = ", ".join(part for part in (referral.get("doctor"), referral.get("clinic")) if part)
    with force_locale(MESSAGE_LANGUAGE):
        subject = _("Your doctor has referred you to training")
        paragraphs = [
            _(
                "%(doctor)s has referred you to training at %(municipality)s. Your case number is %(case_number)s.",
                doctor=doctor,
                municipality=profile.name,
                case_number=application.case_number,
            )
        ]
        promised = steps(application, profile)
        if promised:
            paragraphs.append(_("This is what the municipality has promised you:"))
            for step in promised:
                what = step.text.get(MESSAGE_LANGUAGE) if step.text else str(MILESTONE_LABELS[step.milestone])
                paragraphs.append(what + " " + _("At the latest on %(date)s.", date=format_date(step.due, "long")))
        else:
            paragraphs.append(_("The municipality will contact you about what happens next."))
        paragraphs.append(
            _(
                "You can tell the municipality in your own words what you find hard and what you want to be able "
                "to do again. Log in to the training portal and find the referral on your overview."
            )
        )
        body = "\n\n".join(paragraphs)
    send_message(
        application.person_id, "referral.received", MESSAGE_LANGUAGE, subject, body, application_id=application.id
    )


def referrals_by(gp: SessionUser, page: int) -> tuple[list[Application], bool]:
    """One page of the GP's own referrals, newest first, each with its patient; and whether there is an older page.
    Every patient on the page goes into their access log."""
    rows = list(
        db.session.scalars(
            sa.select(Application)
            .options(joinedload(Application.person))
            .where(
                Application.created_by_account_id == gp.account_id,
                Application.source == ApplicationSource.GP,
                Application.status != ApplicationStatus.DRAFT,
            )
            .order_by(Application.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    shown = rows[:PAGE_SIZE]
    access_log.record_reads(gp, [row.person_id for row in shown], "gp")
    return shown, len(rows) > PAGE_SIZE


def get_referral_for(user: SessionUser, application_id: int) -> Application:
    """A referral the logged-in GP sent, written in the patient's access log as read on this page; 404 for every
    other case, so another GP learns nothing of it."""
    application = db.session.scalar(
        sa.select(Application).options(joinedload(Application.person)).where(Application.id == application_id)
    )
    if (
        application is None
        or application.source != ApplicationSource.GP
        or application.created_by_account_id != user.account_id
        or application.status == ApplicationStatus.DRAFT
    ):
        abort(404)
    access_log.record_reads(user, [application.person_id], "gp", detail=application.case_number)
    return application


def masked_cpr(person: Person) -> str:
    return cpr.masked(cpr.decrypt(person.cpr_encrypted))


def get_answerable_referral_for(person: Person, application_id: int) -> Application:
    """An open GP referral of this person, for their own answers; 404 for anyone else's or a closed one."""
    application = db.session.get(Application, application_id)
    if (
        application is None
        or application.person_id != person.id
        or application.source != ApplicationSource.GP
        or not application.is_open
    ):
        abort(404)
    return application


def save_answers(application: Application, answers: dict[str, str], by: SessionUser) -> None:
    application.answers = {**answers, "answered_at": utcnow().isoformat(), "answered_by": by.display_name}
    db.session.flush()
