from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from portal.fields import DateInputField, Window
from portal.forms import PortalForm
from portal.models import Scope
from portal.models.delegation import DelegationKind
from portal.validators import CprNumber, MaxLength

SCOPE_LABELS = {
    Scope.SEE: _l("See training times and messages"),
    Scope.MANAGE_SESSIONS: _l("Cancel training times and register absence"),
    Scope.APPLY: _l("Apply for training and answer questions for me"),
    Scope.RECEIVE_NOTICES: _l("Receive my letters and reminders"),
}


def scope_choices() -> list[SelectChoice]:
    return [SelectChoice(str(scope), label) for scope, label in SCOPE_LABELS.items()]


class RelativeFields(PortalForm):
    name = StringField(
        _l("The relative's full name"),
        validators=[InputRequired(_l("Write the relative's full name")), MaxLength(200)],
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

    def validate_scopes(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one thing the relative may do"))

    @property
    def relative_cpr(self) -> str:
        return self.cpr_number.digits  # type: ignore[attr-defined]

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


class FindCitizenForm(PortalForm):
    cpr_number = StringField(
        _l("The citizen's CPR number"), validators=[InputRequired(_l("Write the CPR number")), CprNumber()]
    )


class PaperForm(RelativeFields):
    """Staff register a fuldmagt from a signed paper form, or a guardianship."""

    kind = RadioField(
        _l("What is it?"),
        choices=[
            SelectChoice(str(DelegationKind.PAPER_FULDMAGT), _l("A power of attorney signed on paper")),
            SelectChoice(str(DelegationKind.GUARDIANSHIP), _l("A guardianship (værgemål)")),
        ],
        validators=[InputRequired(_l("Choose what it is"))],
    )
    paper_reference = StringField(
        _l("Reference to the paper (journal or document number)"),
        validators=[InputRequired(_l("Write where the paper is kept")), MaxLength(200)],
    )


class ReasonForm(PortalForm):
    reason = StringField(
        _l("Why do you need to see the log?"),
        validators=[InputRequired(_l("Write why you need to see the log")), MaxLength(300)],
    )
