from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from portal.clock import today
from portal.fields import UP_TO_TODAY, DateInputField
from portal.forms import PortalForm
from portal.models import Program
from portal.models.program import EFFORT_SCALE, PAIN_SCALE
from portal.programs.labels import BORG_LABELS, PAIN_LABELS, WEEKDAY_LABELS
from portal.validators import MaxLength


def _checkboxes(label: Any, **kwargs: Any) -> SelectMultipleField:
    return SelectMultipleField(
        label, coerce=int, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), **kwargs
    )


def _new_key() -> str:
    return uuid.uuid4().hex


def _idempotency_key() -> HiddenField:
    """A key of the form itself, so the same form sent twice logs once (see services.log_day). The page's script makes
    a new one each time the page is opened, also from a phone's saved copy."""
    return HiddenField(default=_new_key)


def _scale_choices(scale: range, words: dict[int, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, f"{value} – {words[value]}" if value in words else str(value)) for value in scale]


class LogForm(PortalForm):
    """One training day: when, which exercises, how hard it felt (Borg CR10) and how much it hurt."""

    day = DateInputField(_l("Which day did you train?"), window=UP_TO_TODAY)
    items = _checkboxes(_l("Which exercises did you do?"))
    effort = RadioField(
        _l("How hard was it?"),
        coerce=int,
        validators=[InputRequired(_l("Choose how hard the training was, from 0 to 10"))],
    )
    pain = RadioField(
        _l("How much did it hurt?"),
        coerce=int,
        validators=[InputRequired(_l("Choose how much it hurt, from 0 to 10"))],
    )
    note = TextAreaField(_l("Anything else you want to remember"), validators=[MaxLength(1000)])
    idempotency_key = _idempotency_key()

    def __init__(self, *args: Any, program: Program, first_day: date, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first_day = first_day
        self.items.choices = [SelectChoice(item.id, item.exercise.name(lang)) for item in program.items]
        self.effort.choices = _scale_choices(EFFORT_SCALE, BORG_LABELS)
        self.pain.choices = _scale_choices(PAIN_SCALE, PAIN_LABELS)
        if self.day.data is None and not self.is_submitted():
            self.day.data = today()
            self.day.parts = {"day": str(today().day), "month": str(today().month), "year": str(today().year)}

    def validate_day(self, field: Any) -> None:
        if field.data is None and not field.process_errors:
            raise ValidationError(gettext("Write the date you trained, for example %(example)s", example=field.example))
        if field.data is not None and field.data < self.first_day:
            raise ValidationError(_l("The date cannot be before you got the program"))

    def validate_items(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one exercise you did"))


class RemindersForm(PortalForm):
    weekdays = _checkboxes(
        _l("Remind me on these days"),
        choices=[SelectChoice(number, label) for number, label in enumerate(WEEKDAY_LABELS)],
    )


class SetForm(PortalForm):
    """The big "set done" button. `done` is how many sets the page showed as done, so the same click sent twice
    counts once."""

    # A hidden number the page fills in, so nobody types it; the message is there for a page sent without it.
    done = IntegerField(
        widget=HiddenInput(),
        validators=[
            InputRequired(_l("Press the button again when the set is done")),
            NumberRange(min=0, message=_l("Press the button again when the set is done")),
        ],
    )


class RatingForm(PortalForm):
    """The two questions at the end of a "Træn nu" session, as on the log form."""

    effort = RadioField(
        _l("How hard was it?"),
        coerce=int,
        validators=[InputRequired(_l("Choose how hard the training was, from 0 to 10"))],
    )
    pain = RadioField(
        _l("How much did it hurt?"),
        coerce=int,
        validators=[InputRequired(_l("Choose how much it hurt, from 0 to 10"))],
    )
    idempotency_key = _idempotency_key()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.effort.choices = _scale_choices(EFFORT_SCALE, BORG_LABELS)
        self.pain.choices = _scale_choices(PAIN_SCALE, PAIN_LABELS)
