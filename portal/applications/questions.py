"""The questions of the application, one per page, in the order they are asked.

Each step is a small form. Its answers are stored under the step's field names in `Application.answers`, so
the check-your-answers page, the receipt and the visitator's case page all read the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, Regexp, ValidationError

from portal.fields import UP_TO_TODAY, DateInputField
from portal.forms import PortalForm
from portal.validators import MaxLength

YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


class PlanForm(PortalForm):
    plan = RadioField(
        _l("Have you been given a rehabilitation plan by the hospital?"),
        choices=YES_NO,
        validators=[InputRequired(_l("Choose yes or no"))],
    )


class WhatChangedForm(PortalForm):
    what_changed = TextAreaField(
        _l("What has happened?"),
        validators=[InputRequired(_l("Write what has happened")), MaxLength(2000)],
    )


class SinceForm(PortalForm):
    since = DateInputField(
        _l("Since when?"), validators=[InputRequired(_l("Write the date it began"))], window=UP_TO_TODAY
    )


class DailyLifeForm(PortalForm):
    daily_life = TextAreaField(
        _l("What can you not manage in your daily life now?"),
        validators=[InputRequired(_l("Write what you cannot manage now")), MaxLength(2000)],
    )


class GoalForm(PortalForm):
    goal = TextAreaField(
        _l("What do you want to be able to do again?"),
        validators=[InputRequired(_l("Write what you want to be able to do again")), MaxLength(2000)],
    )


class OtherHelpForm(PortalForm):
    other_help = SelectMultipleField(
        _l("What help do you get today?"),
        choices=[
            SelectChoice("home_care", _l("Home care (hjemmepleje)")),
            SelectChoice("aids", _l("Aids, for example a walker")),
            SelectChoice("other", _l("Other help from the municipality")),
            SelectChoice("none", _l("No help")),
        ],
    )

    def validate_other_help(self, field: Field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one answer"))
        if "none" in field.data and len(field.data) > 1:
            raise ValidationError(_l("Choose either the help you get, or no help"))


class TrainsElsewhereForm(PortalForm):
    trains_elsewhere = RadioField(
        _l("Do you train somewhere else now?"),
        choices=YES_NO,
        validators=[InputRequired(_l("Choose yes or no"))],
    )


class TransportForm(PortalForm):
    transport = RadioField(
        _l("Can you get to a training centre by yourself?"),
        choices=[
            SelectChoice("yes", _l("Yes")),
            SelectChoice("no", _l("No, I need help to get there")),
            SelectChoice("unsure", _l("I am not sure")),
        ],
        validators=[InputRequired(_l("Choose an answer"))],
    )


class ContactForm(PortalForm):
    phone = StringField(
        _l("Phone number"),
        validators=[
            InputRequired(_l("Write your phone number with 8 digits")),
            Regexp(r"^\s*(\+45)?\s*(\d\s*){8}$", message=_l("Write your phone number with 8 digits")),
        ],
    )
    call_times = StringField(_l("When can we call you?"), validators=[Optional(), MaxLength(200)])


class GpConsentForm(PortalForm):
    gp_consent = RadioField(
        _l("May we contact your doctor about your training?"),
        choices=YES_NO,
        validators=[InputRequired(_l("Choose yes or no"))],
    )


@dataclass(frozen=True)
class Step:
    slug: str  # the word in the address
    form: type[PortalForm]
    # How the page draws its question: the DKFDS component, with the question as the page's heading.
    widget: str
    hint: Any = None


STEPS: tuple[Step, ...] = (
    Step(
        "genoptraeningsplan",
        PlanForm,
        "radio",
        _l("A rehabilitation plan is a paper from the hospital about training."),
    ),
    Step("hvad-er-sket", WhatChangedForm, "textarea", _l("For example a fall, an illness or an operation.")),
    Step(
        "siden-hvornaar",
        SinceForm,
        "date",
        _l("Write an approximate date if you are not sure."),
    ),
    Step(
        "hverdagen",
        DailyLifeForm,
        "textarea",
        _l("For example walking on stairs, shopping or getting up from a chair."),
    ),
    Step("maal", GoalForm, "textarea", _l("Your goal helps the therapist plan your training.")),
    Step("anden-hjaelp", OtherHelpForm, "checkboxes", _l("Choose all that fit.")),
    Step(
        "anden-traening",
        TrainsElsewhereForm,
        "radio",
        _l("For example with a physiotherapist or in an association."),
    ),
    Step("transport", TransportForm, "radio"),
    Step("kontakt", ContactForm, "contact"),
    Step(
        "laege",
        GpConsentForm,
        "radio",
        _l("We may ask your doctor about your health, if it helps your training."),
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def field_names(step: Step) -> list[str]:
    return [name for name, value in vars(step.form).items() if hasattr(value, "field_class")]


def date_fields(step: Step) -> set[str]:
    return {name for name in field_names(step) if getattr(step.form, name).field_class is DateInputField}


def answered(step: Step, answers: dict[str, Any]) -> bool:
    return all(name in answers for name in field_names(step))


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None
