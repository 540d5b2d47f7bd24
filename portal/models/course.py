from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, ChangedAtMixin, StrEnumColumn, TimestampMixin, UTCDateTime
from portal.models.application import Application
from portal.models.person import Person

if TYPE_CHECKING:
    from portal.models.plan import RehabilitationPlan


class CourseStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


class Course(TimestampMixin, ChangedAtMixin, Base):
    """A course of training (forløb), made when a visitator grants an application, or when staff register a
    hospital's genoptræningsplan (sundhedsloven § 140): then it has a plan and no application, since the citizen has
    the right by law and nobody decides on it.

    It keeps what was granted as it was granted, so a later change to the profile's offers does not change it.
    It ends when its program is issued, or early with a reason the citizen sees.
    """

    __tablename__ = "courses"
    # A therapist's list asks for their active courses, and for the newest active ones no therapist has taken yet.
    __table_args__ = (
        sa.Index("ix_courses_status_therapist_account_id_created_at", "status", "therapist_account_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    # One course per granted application; None for a course from a genoptræningsplan.
    application_id: Mapped[int | None] = mapped_column(sa.ForeignKey("applications.id"), unique=True)
    # A course granted in the municipality's case system (through the API) has neither application nor plan: it keeps
    # the case system's own reference to its decision (one course a decision) and the day it was decided.
    decision_reference: Mapped[str | None] = mapped_column(sa.String(60), unique=True)
    decided_on: Mapped[date | None]
    # The profile's offer id, e.g. "tg1", and its legal basis or bases, e.g. "serviceloven-86-1".
    offer_id: Mapped[str] = mapped_column(sa.String(40))
    legal_basis: Mapped[str] = mapped_column(sa.String(100))
    sessions_allowed: Mapped[int]
    goals: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[CourseStatus] = mapped_column(StrEnumColumn(CourseStatus, 20), default=CourseStatus.ACTIVE)
    # The therapist who last booked sessions on the course: the one whose list it is on. None until the first booking.
    therapist_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A `CourseEndReason`, and the therapist's words to the citizen about why.
    end_reason: Mapped[str | None] = mapped_column(sa.String(30))
    end_reason_text: Mapped[str | None] = mapped_column(sa.Text)
    # How many counted absences (see `portal.sessions.no_shows`) the therapist had seen when they last chose to go on
    # with the course, so the task to decide comes back only with the next one.
    no_show_reviewed_count: Mapped[int] = mapped_column(default=0, server_default="0")

    person: Mapped[Person] = relationship()
    application: Mapped[Application | None] = relationship()
    plan: Mapped[RehabilitationPlan | None] = relationship(back_populates="course")
