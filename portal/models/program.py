from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, TimestampMixin, UTCDateTime, db
from portal.models.account import Account
from portal.models.course import Course
from portal.models.exercise import Exercise
from portal.models.person import Person

# What a therapist may ask of a citizen per week for one exercise.
TIMES_PER_WEEK = range(1, 15)
# Borg CR10 for how hard a training day felt, and a 0-10 scale for pain.
EFFORT_SCALE = range(0, 11)
PAIN_SCALE = range(0, 11)
# Monday is 0, as in `date.weekday()`.
WEEKDAYS = range(7)


class Program(TimestampMixin, Base):
    """A self-training program (selvtræningsprogram) for a course: a draft until the therapist issues it.

    One per course; a person's older programs stay when a new course gives a new one.
    """

    __tablename__ = "programs"
    __table_args__ = (
        sa.CheckConstraint("reminder_days BETWEEN 0 AND 127", name="reminder_days"),
        # The daily reminder run reads the day's programs by the masks that hold the day (see `reminds_on`).
        sa.Index("ix_programs_reminder_days_reminded_on", "reminder_days", "reminded_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), unique=True)
    # The course's person, kept here so a person's programs are one indexed query.
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    author_account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"))
    # A general word to the citizen shown above the exercises.
    introduction: Mapped[str] = mapped_column(sa.Text, default="")
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The weekdays the citizen asked to be reminded on as bits, Monday 1, Tuesday 2, ... Sunday 64; 0 for none. A
    # number rather than a list, so the reminder run finds a day's programs through an index.
    reminder_days: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    # The Copenhagen day the last reminder went out, so `flask programs remind` sends at most one a day.
    # Indexed: the follow-ups look for reminders of the last few days.
    reminded_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    # The Copenhagen day of the last follow-up on another channel (programs/follow_up.py): at most one a week.
    followed_up_on: Mapped[date | None] = mapped_column(sa.Date)

    course: Mapped[Course] = relationship()
    person: Mapped[Person] = relationship()
    author: Mapped[Account] = relationship()
    items: Mapped[list[ProgramItem]] = relationship(
        order_by="ProgramItem.position", cascade="all, delete-orphan", back_populates="program"
    )

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def reminder_weekday_set(self) -> set[int]:
        """The chosen weekdays, 0 for Monday to 6 for Sunday."""
        return {day for day in WEEKDAYS if self.reminder_days & (1 << day)}

    @reminder_weekday_set.setter
    def reminder_weekday_set(self, weekdays: Iterable[int]) -> None:
        self.reminder_days = sum(1 << day for day in set(weekdays) if day in WEEKDAYS)

    @property
    def reminder_weekdays(self) -> str:
        """The chosen weekdays as a comma list ("0,3"), as the citizen's data export has always written them."""
        return ",".join(str(day) for day in sorted(self.reminder_weekday_set))

    @reminder_weekdays.setter
    def reminder_weekdays(self, listed: str) -> None:
        self.reminder_weekday_set = {int(day) for day in listed.split(",") if day.strip().isdigit()}


def reminds_on(weekday: int) -> sa.ColumnElement[bool]:
    """Whether a program reminds on the weekday, in SQL, as the masks that hold the day. A list of the 64 values
    rather than a bit test, because an index finds values, not bits."""
    bit = 1 << weekday
    return Program.reminder_days.in_([mask for mask in range(128) if mask & bit])


class ProgramItem(Base):
    """One exercise of a program with its dose, in the order the citizen does them."""

    __tablename__ = "program_items"
    __table_args__ = (
        sa.UniqueConstraint("program_id", "position"),
        sa.CheckConstraint("times_per_week BETWEEN 1 AND 14", name="times_per_week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("programs.id"))
    exercise_id: Mapped[int] = mapped_column(sa.ForeignKey("exercises.id"), index=True)
    position: Mapped[int]
    sets: Mapped[int | None]
    repetitions: Mapped[int | None]
    # Hold or keep going for this long, for exercises done by time rather than by count.
    seconds: Mapped[int | None]
    times_per_week: Mapped[int]
    # Weights, band colour, aids: in the therapist's words.
    load: Mapped[str] = mapped_column(sa.String(200), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    program: Mapped[Program] = relationship(back_populates="items")
    exercise: Mapped[Exercise] = relationship()


class ProgramTemplate(TimestampMixin, Base):
    """A named set of exercises and doses a therapist saved to start other programs from."""

    __tablename__ = "program_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    author_account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"))
    items: Mapped[list[ProgramTemplateItem]] = relationship(
        order_by="ProgramTemplateItem.position", cascade="all, delete-orphan"
    )


class ProgramTemplateItem(Base):
    __tablename__ = "program_template_items"
    __table_args__ = (sa.UniqueConstraint("template_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("program_templates.id"))
    exercise_id: Mapped[int] = mapped_column(sa.ForeignKey("exercises.id"))
    position: Mapped[int]
    sets: Mapped[int | None]
    repetitions: Mapped[int | None]
    seconds: Mapped[int | None]
    times_per_week: Mapped[int]
    load: Mapped[str] = mapped_column(sa.String(200), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    exercise: Mapped[Exercise] = relationship()


class EndNote(TimestampMixin, Base):
    """The end note (slutstatus) of a course: goals, how far they were reached, and what next.

    Sent to the citizen's messages and, where the profile says, to the GP, when it is issued.
    """

    __tablename__ = "end_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), unique=True)
    author_account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"))
    goals_reached: Mapped[str] = mapped_column(sa.Text)
    recommendation: Mapped[str] = mapped_column(sa.Text)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()
    author: Mapped[Account] = relationship()


class CourseEndReason(enum.StrEnum):
    PROGRAM_ISSUED = "program_issued"
    GOAL_REACHED = "goal_reached"
    NO_SHOWS = "no_shows"
    CITIZEN_STOPPED = "citizen_stopped"
    OTHER = "other"


training_log_items = sa.Table(
    "training_log_items",
    db.metadata,
    sa.Column("entry_id", sa.ForeignKey("training_log_entries.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_id", sa.ForeignKey("program_items.id"), primary_key=True),
)


class TrainingLogEntry(TimestampMixin, Base):
    """A day the citizen trained at home: what they did, how hard it felt and how much it hurt."""

    __tablename__ = "training_log_entries"
    __table_args__ = (
        sa.UniqueConstraint("program_id", "day"),
        sa.CheckConstraint("effort BETWEEN 0 AND 10", name="effort"),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name="pain"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("programs.id"))
    # Copenhagen date of the training day.
    day: Mapped[date] = mapped_column(sa.Date)
    effort: Mapped[int] = mapped_column(sa.SmallInteger)
    pain: Mapped[int] = mapped_column(sa.SmallInteger)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # Who logged the day, kept as it was then: the citizen ("self"), a relative or guardian with a fuldmagt, or a
    # home-care helper ("staff"). Empty for days logged before the portal kept it.
    logged_by_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"))
    logged_by_name: Mapped[str | None] = mapped_column(sa.String(200))
    logged_as: Mapped[str | None] = mapped_column(sa.String(20))

    program: Mapped[Program] = relationship()
    items: Mapped[list[ProgramItem]] = relationship(secondary=training_log_items)
