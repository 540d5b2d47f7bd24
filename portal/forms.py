"""The base form for every form in the portal.

WTForms ships no Danish catalogue, so its built-in messages are looked up in the portal's own catalogue
instead. Fields should still carry their own plain-language message; these are the safety net.

Everything a form reads is cleaned first (`clean_text`), so no field of any form hands a control character on.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

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
    _l("'%(value)s' are not valid choices for this field."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
)


class _PortalTranslations:
    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Unformatted: Flask-Babel's ngettext fills in %(num)s at once, and WTForms fills in its own names later
        # ("'%(value)s' are not valid choices"), which would fail on the missing name.
        translated = get_translations().ngettext(singular, plural, n)
        if translated in (singular, plural):
            # No plural entry in the catalogue: each form is listed on its own above, so look that one up.
            return gettext(singular if n == 1 else plural)
        return translated


def plain(value: Any) -> Markup:
    """Text for a page, escaped unless it is `Markup`: the one way to say that a label is trusted markup.

    The template filter `plain` of every label, option, hint and message the form components draw. Autoescaping
    alone is not enough: Flask-Babel's lazy strings have `__html__`, so Jinja would take one formatted with a
    user's text (`_l("%(name)s", name=team.name)`) as markup and pass the text unescaped.
    """
    if isinstance(value, Markup):
        return value
    return escape(str(value))


# Characters no one types: NUL, which PostgreSQL refuses in text, and the other control characters but tab and
# line feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: str) -> str:
    """The text without control characters, each line break one line feed.

    Browsers send a line break as CR LF, but count it as one character against a textarea's `maxlength`; kept as
    one, the text the user saw fitting also fits the same limit here.
    """
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def stripped(value: str | None) -> str | None:
    """A field filter: what was typed, without spaces before and after (a name copied with a trailing space)."""
    return value.strip() if isinstance(value, str) else value


# Text is kept as written but for the spaces around it, so a field of only spaces counts as empty.
STRIP = [stripped]


class PortalForm(FlaskForm):
    # On FlaskForm's Meta, which WTForms puts next in line anyway: so the type checker knows what `super()` calls.
    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> _PortalTranslations:
            return _PortalTranslations()

        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            formdata = super().wrap_formdata(form, formdata)
            if formdata is None:
                return None
            # Uploaded files pass as they are; every text value is cleaned, date boxes and hidden fields too.
            return MultiDict(
                [
                    (key, clean_text(value) if isinstance(value, str) else value)
                    for key, value in formdata.items(multi=True)
                ]
            )
