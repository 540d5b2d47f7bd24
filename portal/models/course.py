from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import TimestampMixin, db
from portal.models.application import Application
from portal.models.person import Person


class CourseStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


class Course(TimestampMixin, db.Model):
    """A course of training (forløb), made when a visitator grants an application.

    It keeps what was granted as it was granted, so a later change to the profile's offers does not change it.
    The sessions issue adds booked sessions, attendance and the end note.
    """

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    # One course per granted application.
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), unique=True)
    # The profile's offer id, e.g. "tg1", and its legal basis or bases, e.g. "serviceloven-86-1".
    offer_id: Mapped[str] = mapped_column(sa.String(40))
    legal_basis: Mapped[str] = mapped_column(sa.String(100))
    sessions_allowed: Mapped[int]
    goals: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default=CourseStatus.ACTIVE)

    person: Mapped[Person] = relationship()
    application: Mapped[Application] = relationship()
