"""The therapist's forms for a course: booking, attendance, cancelling, ending, new cancellations seen."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.fields import FROM_TODAY, DateInputField, refuse_passed_time, time_of_day
from portal.forms import STRIP, PortalForm
from portal.models import SessionKind, SessionStatus, Team
from portal.municipalities.schema import Centre
from portal.sessions.labels import (
    EARLY_END_CHOICE_LABELS,
    EARLY_END_REASONS,
    KIND_LABELS,
    STATUS_LABELS,
    WEEKDAY_LABELS,
)
from portal.sessions.services import Place
from portal.validators import PAGE_MESSAGE, MaxLength, whole_number

HOME = "home"
# Bounds against typing errors, not rules of any standard.
MAX_MINUTES = 240
MAX_SERIES = 60


class BookForm(PortalForm):
    """One session, or a series on chosen weekdays; where, and how long."""

    kind = RadioField(
        _l("Kind of training"),
        choices=[SelectChoice(str(kind), label) for kind, label in KIND_LABELS.items()],
        default=str(SessionKind.INDIVIDUAL),
        validators=[DataRequired(_l("Choose the kind of training"))],
    )
    where = RadioField(_l("Place"), validators=[DataRequired(_l("Choose where the training is"))])
    address = StringField(_l("Address or room"), validators=[MaxLength(300)], filters=STRIP)
    first_day = DateInputField(_l("Date of the first session"), window=FROM_TODAY)
    at = StringField(_l("Time"))
    minutes = StringField(_l("Duration in minutes"), default="60")
    weekdays = SelectMultipleField(
        _l("Repeat on these weekdays"),
        choices=[SelectChoice(str(number), label) for number, label in enumerate(WEEKDAY_LABELS)],
        coerce=str,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    count = StringField(_l("Number of sessions"), default="1")
    team = RadioField(_l("Team"), validate_choice=False)

    def __init__(self, *args: Any, centres: tuple[Centre, ...], teams: list[Team] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.where.choices = [SelectChoice(centre.id, centre.name) for centre in centres] + [
            SelectChoice(HOME, _l("In the citizen's home"))
        ]
        if not self.where.data:
            self.where.data = centres[0].id if centres else HOME
        names = {centre.id: centre.name for centre in centres}
        self.teams = {str(team.id): team for team in teams or []}
        # Formatted now, with `gettext`: the team's name is a therapist's text, and a lazy string would pass it to the
        # page as trusted markup.
        self.team.choices = [
            SelectChoice(
                str(team.id),
                gettext(
                    "%(name)s, %(centre)s, %(capacity)s places",
                    name=team.name,
                    centre=names.get(team.centre_id, team.centre_id),
                    capacity=team.capacity,
                ),
            )
            for team in teams or []
        ]
        if not self.teams:
            # Team training is chosen by choosing a team; with none, it is not offered.
            self.kind.choices = [choice for choice in self.kind.choices if choice.value != SessionKind.TEAM]

    def validate_team(self, field: Any) -> None:
        if self.kind.data != SessionKind.TEAM:
            return
        if field.data not in self.teams:
            raise ValidationError(_l("Choose the team"))

    @property
    def chosen_team(self) -> Team | None:
        return self.teams.get(self.team.data or "") if self.kind.data == SessionKind.TEAM else None

    def validate_first_day(self, field: Any) -> None:
        if field.data is None and not field.process_errors:
            raise ValidationError(
                gettext("Write the date of the first session, for example %(example)s", example=field.example)
            )

    def validate_at(self, field: Any) -> None:
        field.time = time_of_day(field)
        refuse_passed_time(self.first_day.data, field.time)

    def validate_minutes(self, field: Any) -> None:
        field.number = whole_number(
            field, 15, MAX_MINUTES, _l("Write the duration in minutes, from 15 to %(max)s", max=MAX_MINUTES)
        )

    def validate_count(self, field: Any) -> None:
        field.number = whole_number(field, 1, MAX_SERIES, _l("Write a number from 1 to %(max)s", max=MAX_SERIES))
        if field.number > 1 and not self.weekdays.data:
            raise ValidationError(_l("Choose the weekdays to book more than one session"))

    @property
    def clock(self) -> time:
        return self.at.time

    @property
    def length(self) -> int:
        return self.minutes.number

    @property
    def number(self) -> int:
        return self.count.number

    @property
    def chosen_weekdays(self) -> set[int]:
        return {int(day) for day in self.weekdays.data or ()}

    @property
    def place(self) -> Place:
        address = self.address.data or None
        if self.where.data == HOME:
            return Place(SessionKind.HOME, place=address)
        return Place(SessionKind(self.kind.data), centre_id=self.where.data, place=address)


class AttendanceForm(PortalForm):
    status = RadioField(
        _l("Attendance"),
        choices=[
            SelectChoice(str(status), STATUS_LABELS[status])
            for status in (SessionStatus.ATTENDED, SessionStatus.ABSENT_WITH_NOTICE, SessionStatus.NO_SHOW)
        ],
        validators=[DataRequired(_l("Choose the attendance"))],
    )
    # Sent only by the correction form, so overriding a citizen's cancellation is always a deliberate choice.
    correct = BooleanField()


class TherapistCancelForm(PortalForm):
    reason = TextAreaField(
        _l("Reason for the cancellation"),
        validators=[DataRequired(_l("Write why the session is cancelled. The citizen reads it")), MaxLength(1000)],
        filters=STRIP,
    )


class EndCourseForm(PortalForm):
    reason = RadioField(
        _l("Why does the course end?"),
        choices=[SelectChoice(str(reason), EARLY_END_CHOICE_LABELS[reason]) for reason in EARLY_END_REASONS],
        validators=[DataRequired(_l("Choose why the course ends"))],
    )
    text = TextAreaField(
        _l("Your words to the citizen"),
        validators=[DataRequired(_l("Write to the citizen why the course ends")), MaxLength(2000)],
        filters=STRIP,
    )


class KeepCourseForm(PortalForm):
    """Going on with the course after the no-show rule's limit: the button and its CSRF token."""


class SeenForm(PortalForm):
    """Marks the new cancellations shown seen: `until` is the newest moment the page showed."""

    until = HiddenField(validators=[InputRequired(PAGE_MESSAGE)])

    @property
    def moment(self) -> datetime | None:
        try:
            moment = datetime.fromisoformat(self.until.data or "")
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None
