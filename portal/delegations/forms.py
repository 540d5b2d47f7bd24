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
from portal.models.delegation import OFFERED_SCOPES, DelegationKind
from portal.validators import CprNumber, MaxLength

# What each scope opens, said in full: the label where it is chosen and listed, and the help text under it.
# The policy's SCOPE_FOR_ACTION and the routes that ask for each action are what these must match.
SCOPE_LABELS = {
    Scope.SEE: _l("See my training, letters, cases and exercises"),
    Scope.MANAGE_SESSIONS: _l("Cancel my training and register absence"),
    Scope.HELP_TRAINING: _l("Help me with my training at home"),
    Scope.MANAGE_CONTACT: _l("Change my contact details"),
    Scope.APPLY: _l("Apply for training for me"),
    Scope.RECEIVE_NOTICES: _l("Receive my letters and reminders (not in use)"),
}
SCOPE_HELP = {
    Scope.SEE: _l(
        "Training times and calendar links. Letters from the municipality. My applications with my answers about"
        " my health, decisions and receipts. My training program and my log."
    ),
    Scope.MANAGE_SESSIONS: _l(
        "Cancel training times and register absence. Log my training at home and choose days for reminders about"
        " my exercises."
    ),
    Scope.HELP_TRAINING: _l(
        "Do my exercises with me, one at a time, on the Train now pages. Log the day with how hard it was and how"
        " much it hurt. The log shows who logged it."
    ),
    Scope.MANAGE_CONTACT: _l("My e-mail, my mobile number and how I get reminders."),
    Scope.APPLY: _l(
        "Apply for training. Answer questions from the municipality and about a referral from my doctor."
        " Withdraw an application."
    ),
    Scope.RECEIVE_NOTICES: _l(
        "The portal does not send letters or reminders to relatives yet. This choice gives no access."
    ),
}


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
