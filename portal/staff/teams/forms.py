from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from portal.forms import PortalForm
from portal.municipalities.schema import Centre
from portal.validators import MaxLength

# A bound against typing errors, not a rule of any standard.
MAX_CAPACITY = 40


class TeamForm(PortalForm):
    name = StringField(
        _l("Name of the team"),
        validators=[DataRequired(_l("Write the name of the team")), MaxLength(120)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    centre = RadioField(_l("Training centre"), validators=[DataRequired(_l("Choose the training centre"))])
    capacity = StringField(_l("Number of places"))

    def __init__(self, *args: Any, centres: tuple[Centre, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre.choices = [SelectChoice(centre.id, centre.name) for centre in centres]

    def validate_capacity(self, field: Any) -> None:
        try:
            number = int((field.data or "").strip())
        except ValueError:
            number = 0
        if not 1 <= number <= MAX_CAPACITY:
            raise ValidationError(_l("Write a number of places from 1 to %(max)s", max=MAX_CAPACITY))
        field.number = number
