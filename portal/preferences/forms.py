from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import PortalForm, stripped
from portal.models import Channel
from portal.models.contact_preference import REMINDER_HOURS
from portal.public_forms import PublicForm

CHANNEL_LABELS = {
    Channel.DIGITAL_POST: _l("Digital Post"),
    Channel.EMAIL: _l("E-mail"),
    Channel.SMS: _l("SMS"),
}
YES, NO = "yes", "no"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
# A Danish number: eight digits, perhaps in groups and after +45 or 0045.
_PHONE = re.compile(r"^(?:\+45|0045)?(\d{8})$")


def phone_digits(value: str | None) -> str | None:
    match = _PHONE.match(re.sub(r"[\s-]", "", value or ""))
    return match[1] if match else None


class PreferencesForm(PortalForm):
    reminders = RadioField(
        _l("Do you want a reminder the day before each training session?"),
        choices=[SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))],
        validators=[DataRequired(_l("Choose if you want reminders"))],
    )
    channels = SelectMultipleField(
        _l("How do you want to hear from us?"),
        choices=[SelectChoice(str(channel), label) for channel, label in CHANNEL_LABELS.items()],
        coerce=str,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    reminder_hour = SelectField(
        _l("When the day before?"),
        choices=[
            SelectChoice(str(hour), _l("At %(hour)s", hour=str(hour).zfill(2) + ".00")) for hour in REMINDER_HOURS
        ],
        validators=[DataRequired(_l("Choose the time for the reminder"))],
    )
    email = StringField(_l("E-mail address"), filters=[stripped])
    phone = StringField(_l("Mobile number"), filters=[stripped])
    # Træn med: one more reminder about the training program, on the next channel (programs/follow_up.py).
    program_follow_up = BooleanField(_l("Send me one more reminder another way if I have not trained"))

    def validate_channels(self, field: Any) -> None:
        if self.reminders.data == YES and not field.data:
            raise ValidationError(_l("Choose at least one way to get reminders"))

    def validate_email(self, field: Any) -> None:
        if field.data and (len(field.data) > 200 or not _EMAIL.match(field.data)):
            raise ValidationError(_l("Write the e-mail address like this: navn@eksempel.dk"))
        if not field.data and str(Channel.EMAIL) in (self.channels.data or ()):
            raise ValidationError(_l("Write your e-mail address, or do not choose e-mail"))

    def validate_phone(self, field: Any) -> None:
        if field.data and phone_digits(field.data) is None:
            raise ValidationError(_l("Write your mobile number with 8 digits, for example 12 34 56 78"))
        if not field.data and str(Channel.SMS) in (self.channels.data or ()):
            raise ValidationError(_l("Write your mobile number, or do not choose SMS"))

    @property
    def chosen_channels(self) -> list[Channel]:
        return [Channel(value) for value in self.channels.data or ()]

    @property
    def phone_number(self) -> str | None:
        return phone_digits(self.phone.data)


class ConfirmEmailForm(PublicForm):
    """Only a button: the token in the address says what is confirmed."""
