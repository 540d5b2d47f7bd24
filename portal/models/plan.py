from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, ChangedAtMixin, TimestampMixin, UTCDateTime
from portal.models.course import Course
from portal.models.person import Person


class RehabilitationPlan(TimestampMixin, ChangedAtMixin, Base):
    """A hospital's genoptræningsplan (sundhedsloven § 140) as the municipality received it, and the course it made.

    The fields follow the content of MedCom's standard for genoptræningsplaner (GGOP) as the KL Gateway's § 140
    referral carries it, so an importer or the case-system API can fill them one to one: the discharge date
    (dischargeDate), the day the municipality received the plan (authoredOn), the level (category), the hospital and
    ward (requester), the function at discharge, the goals and precautions, and a later start the plan asks for on
    medical grounds. The start deadline is worked out once, when the plan is registered, from the law and the
    profile in force then, and kept with the plan.
    """

    __tablename__ = "rehabilitation_plans"
    __table_args__ = (
        # `flask plans check` asks for the plans whose free-choice letter is not sent and whose warning day has come.
        sa.Index("ix_rehabilitation_plans_free_choice_letter_at_warn_on", "free_choice_letter_at", "warn_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    # One course per plan, made with it.
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), unique=True)
    hospital: Mapped[str] = mapped_column(sa.String(200))
    ward: Mapped[str] = mapped_column(sa.String(200))
    discharge_date: Mapped[date] = mapped_column(sa.Date)
    # A `PlanLevel`: basic, advanced, specialised or specialised_rehabilitation.
    level: Mapped[str] = mapped_column(sa.String(30))
    # The hospital's description of the citizen's function at discharge, and the goals and precautions it sets.
    function_text: Mapped[str] = mapped_column(sa.Text)
    goals: Mapped[str] = mapped_column(sa.Text)
    # The goals as the citizen reads them, in plain words; the hospital's own text when left empty.
    citizen_goals: Mapped[str | None] = mapped_column(sa.Text)
    precautions: Mapped[str | None] = mapped_column(sa.Text)
    # Set when the plan says training should start later than discharge for medical reasons.
    medical_start_date: Mapped[date | None] = mapped_column(sa.Date)
    received_on: Mapped[date] = mapped_column(sa.Date)
    registered_by_account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"))
    # The start deadline (Copenhagen days), the day its count starts, "discharge", "medical_start" or "profile",
    # and the day the portal warns when nothing is booked yet.
    start_due: Mapped[date] = mapped_column(sa.Date)
    start_counted_from: Mapped[date] = mapped_column(sa.Date)
    start_basis: Mapped[str] = mapped_column(sa.String(20))
    warn_on: Mapped[date] = mapped_column(sa.Date)
    # Set once, by the run that sends the letter about free choice (see `portal.plans.free_choice`).
    free_choice_letter_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person] = relationship()
    course: Mapped[Course] = relationship(back_populates="plan")

    @property
    def goals_for_citizen(self) -> str:
        return self.citizen_goals or self.goals
