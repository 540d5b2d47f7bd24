"""Form fields shared by every journey."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

from portal import cpr


class DateInputField(Field):
    """A date as three boxes (day, month, year), the DKFDS and GOV.UK pattern that works without JavaScript.

    What the user typed is kept in `parts`, so a wrong date is shown back as typed, next to its message.
    """

    PARTS = ("day", "month", "year")

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.parts: dict[str, str] = dict.fromkeys(self.PARTS, "")

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        self.data = None if data is unset_value else data
        if isinstance(self.data, date):
            self.parts = {"day": str(self.data.day), "month": str(self.data.month), "year": str(self.data.year)}
        if formdata is None:
            return
        names = {part: f"{self.name}-{part}" for part in self.PARTS}
        if not any(name in formdata for name in names.values()):
            return
        self.parts = {part: formdata.get(name, "").strip() for part, name in names.items()}
        self.raw_data = [self.parts[part] for part in self.PARTS]
        self.data = None
        if not any(self.parts.values()):
            return
        try:
            day, month, year = (int(self.parts[part]) for part in self.PARTS)
            if year < 1000:
                raise ValueError
            self.data = date(year, month, day)
        except ValueError:
            self.process_errors.append(_l("Enter a real date, for example 24 12 1944."))

    def _value(self) -> str:
        return self.data.isoformat() if self.data else ""


class CprField(StringField):
    """A CPR number typed by staff or a GP: checked for its shape and date; the ten digits are in `digits`.

    Posted only, so the number never stands in an address; the page shows it back as typed next to its message."""

    SHAPE = re.compile(r"^\d{6}-?\d{4}$")

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.digits: str | None = None

    def pre_validate(self, form: Any) -> None:
        raw = (self.data or "").strip().replace(" ", "")
        self.digits = None
        if not raw:
            return
        try:
            self.digits = cpr.normalise(raw)
        except cpr.InvalidCPR:
            if self.SHAPE.match(raw):
                raise StopValidation(
                    _l("The first 6 digits of the CPR number are not a real date. Check the number")
                ) from None
            raise StopValidation(_l("Write the CPR number with 10 digits, for example 010203-1234")) from None
