"""Validators shared by every form, each with a message in the user's language that says what to do.

WTForms' own messages are English and name no field; a portal form uses these, or gives WTForms' validators a
translated message of its own (tests/test_form_messages.py holds every form to that).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form
from wtforms.validators import StopValidation, ValidationError

from portal import cpr

# For a field the page fills in itself (a hidden field): only a page sent by a program, not a person, lacks it.
PAGE_MESSAGE = _l("Something on the page was missing. Reload the page and try again")
CPR_SHAPE_MESSAGE = _l("Write the CPR number with 10 digits, for example 010203-1234")
CPR_DATE_MESSAGE = _l("The first 6 digits of the CPR number are not a real date. Check the number")


# Sessions on a course whose offer names no maximum: a bound against typing errors, for grants and plans alike.
NO_MAXIMUM_SESSIONS = 999


def whole_number(field: Field, lowest: int, highest: int, message: Any) -> int:
    """The field's text as a whole number from `lowest` to `highest`; otherwise the message, next to the field."""
    try:
        number = int((field.data or "").strip())
    except ValueError:
        number = None
    if number is None or not lowest <= number <= highest:
        raise ValidationError(message)
    return number


def sessions_of_offer(field: Field, max_sessions: int | None) -> int:
    """How many sessions a visitator grants, or staff give a plan's course: 1 to the offer's maximum."""
    highest = max_sessions or NO_MAXIMUM_SESSIONS
    return whole_number(field, 1, highest, _l("Write a number from 1 to %(max)s", max=highest))


class MaxLength:
    """At most `max` characters. The message names the field by its label and says how much was written.

    Its `maxlength` flag lets the form components set the attribute and a hint on the input.
    """

    def __init__(self, max: int, message: Any = None) -> None:
        self.max = max
        self.message = message
        self.field_flags = {"maxlength": max}

    def __call__(self, form: Form, field: Field) -> None:
        written = len(field.data or "")
        if written <= self.max:
            return
        if self.message is not None:
            raise ValidationError(self.message)
        raise ValidationError(
            gettext(
                "Write at most %(max)s characters in “%(field)s”. You have written %(count)s.",
                max=self.max,
                field=str(field.label.text),
                count=written,
            )
        )


class CprNumber:
    """A CPR number, DDMMYY-XXXX with or without the dash and spaces; leaves the ten digits in `field.digits`.

    Says what is wrong: the number of digits, or the first six digits that are not a date. Stops the field's
    other checks, which may then rely on `field.digits`.
    """

    def __call__(self, form: Form, field: Field) -> None:
        try:
            field.digits = cpr.normalise(field.data or "")
        except cpr.NotADate:
            raise StopValidation(CPR_DATE_MESSAGE) from None
        except cpr.InvalidCPR:
            raise StopValidation(CPR_SHAPE_MESSAGE) from None
