"""The staff console's forms: find a citizen, register a fuldmagt from paper, the reason to read a citizen's log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.delegations.forms import RelativeFields
from portal.forms import PortalForm
from portal.models.delegation import DelegationKind
from portal.validators import CprNumber, MaxLength


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
