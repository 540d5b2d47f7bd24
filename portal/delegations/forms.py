from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from portal.auth.scope_labels import SCOPE_LABELS
from portal.fields import DateInputField, Window
from portal.forms import PortalForm
from portal.models import Scope
from portal.models.delegation import OFFERED_SCOPES
from portal.validators import CprNumber, MaxLength


def scope_choices() -> list[SelectChoice]:
    return [SelectChoice(str(scope), SCOPE_LABELS[scope]) for scope in OFFERED_SCOPES]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class RelativeFields(PortalForm):
    name = StringField(
        _l("The relative's full name"),
        validators=[InputRequired(_l("Write the relative's full name")), MaxLength(200)],
        filters=[_strip],
    )
    cpr_number = StringField(
        _l("The relative's CPR number"),
        validators=[InputRequired(_l("Write the relative's CPR number")), CprNumber()],
    )
    scopes = SelectMultipleField(_l("What may the relative do?"), choices=scope_choices())
    # Left empty, it holds until it is taken back; a date typed is within the next ten years.
    valid_to = DateInputField(
        _l("Last day the power of attorney holds"),
        window=Window(back=0, ahead=10),
        too_early=_l("The last day cannot be in the past"),
    )

    def validate_name(self, field: Any) -> None:
        # The name is the only one the portal shows for the relative, so it must be a name: blanks are refused.
        if not any(character.isalpha() for character in field.data or ""):
            raise ValidationError(_l("Write the relative's full name"))

    def validate_scopes(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one thing the relative may do"))

    @property
    def relative_cpr(self) -> str:
        return self.cpr_number.digits

    @property
    def chosen_scopes(self) -> list[Scope]:
        return [Scope(value) for value in self.scopes.data]

    @property
    def end_date(self) -> date | None:
        return self.valid_to.data


class GrantForm(RelativeFields):
    """The citizen gives a relative a fuldmagt."""

    def __init__(self, *args: Any, own_cpr: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own_cpr = own_cpr

    def validate_cpr_number(self, field: Any) -> None:
        if self.own_cpr and field.digits == self.own_cpr:
            raise ValidationError(_l("Write the CPR number of the relative, not your own"))
