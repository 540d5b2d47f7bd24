"""The citizen's forms for their sessions: cancelling one, and telling an absence."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import ValidationError

from portal.fields import FROM_TODAY, DateInputField
from portal.forms import STRIP, PortalForm
from portal.validators import MaxLength


class CitizenCancelForm(PortalForm):
    reason = TextAreaField(_l("Why do you cancel?"), validators=[MaxLength(1000)], filters=STRIP)


class AbsenceForm(PortalForm):
    """Absence told from today on, up to a year ahead."""

    # The period the citizen was shown, so a confirmation can only cancel what was previewed.
    previewed = HiddenField()
    first = DateInputField(
        _l("First day of your absence"), window=FROM_TODAY, too_early=_l("The first day cannot be in the past")
    )
    last = DateInputField(_l("Last day of your absence"), window=FROM_TODAY)
    reason = TextAreaField(_l("Why are you absent?"), validators=[MaxLength(1000)], filters=STRIP)

    def validate_first(self, field: Any) -> None:
        if field.data is None and not field.process_errors:
            raise ValidationError(gettext("Write the first day, for example %(example)s", example=field.example))

    def validate_last(self, field: Any) -> None:
        if field.data is None and not field.process_errors:
            raise ValidationError(gettext("Write the last day, for example %(example)s", example=field.example))
        if field.data is not None and self.first.data is not None and field.data < self.first.data:
            raise ValidationError(_l("The last day must be the same as the first day or later"))

    @property
    def period(self) -> str:
        return f"{self.first.valid_date.isoformat()}/{self.last.valid_date.isoformat()}"
