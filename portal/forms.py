"""The base form for every form in the portal.

WTForms ships no Danish catalogue, so its built-in messages are looked up in the portal's own catalogue
instead. Fields should still carry their own plain-language message; these are the safety net.
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

# The WTForms messages a portal form can meet, listed so the extraction puts them in the catalogues.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Invalid input."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid date value."),
    _l("Invalid email address."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Field must be at least %(min)d characters long."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("'%(value)s' is not a valid choice for this field."),
)


class _PortalTranslations:
    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # WTForms fills in its own placeholders (%(max)d ...) afterwards; Flask-Babel's ngettext would fill them
        # now with only `num` and fail, so the plural form is looked up without interpolation.
        return get_translations().ungettext(singular, plural, n)


class PortalForm(FlaskForm):
    class Meta:
        def get_translations(self, form: Any) -> _PortalTranslations:
            return _PortalTranslations()
