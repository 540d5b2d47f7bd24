"""The citizen's forms on their case."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from portal.forms import STRIP, PortalForm
from portal.validators import MaxLength


class AnswerForm(PortalForm):
    answer = TextAreaField(
        _l("Your answer"), validators=[DataRequired(_l("Write your answer")), MaxLength(4000)], filters=STRIP
    )
