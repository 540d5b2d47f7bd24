from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from portal.forms import STRIP, PortalForm
from portal.programs import builder as services
from portal.staff.exercises.forms import SearchForm
from portal.staff.program_builder.labels import DOSE_MESSAGES
from portal.validators import MaxLength


class PickerForm(SearchForm):
    """The exercise search of the builder: the library's search, retired exercises always left out."""


class _Number(StringField):
    """A whole number the therapist may leave empty; anything else than digits is kept to be shown again."""

    def number(self) -> int | None:
        text = (self.data or "").strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(text)
        return int(text)


class DoseForm(PortalForm):
    sets = _Number(_l("Sets"))
    repetitions = _Number(_l("Repetitions per set"))
    seconds = _Number(_l("Seconds (to hold or keep going)"))
    times_per_week = _Number(_l("Times per week"))
    load = StringField(_l("Load or aids"), validators=[MaxLength(200)], filters=STRIP)
    notes = TextAreaField(_l("Personal notes to the citizen"), validators=[MaxLength(1000)], filters=STRIP)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        numbers: dict[str, int | None] = {}
        for name in ("sets", "repetitions", "seconds", "times_per_week"):
            field = getattr(self, name)
            try:
                numbers[name] = field.number()
            except ValueError:
                numbers[name] = None
                field.errors = [*field.errors, DOSE_MESSAGES[_range_key(name)]]
        dose = services.Dose(numbers["sets"], numbers["repetitions"], numbers["seconds"], numbers["times_per_week"])
        for name, key in services.dose_problems(dose).items():
            field = getattr(self, name)
            if not field.errors:
                field.errors = [*field.errors, DOSE_MESSAGES[key]]
        self.numbers = numbers
        return valid and not any(getattr(self, name).errors for name in numbers)

    @property
    def dose(self) -> services.Dose:
        return services.Dose(**self.numbers, load=self.load.data or "", notes=self.notes.data or "")

    @classmethod
    def for_item(cls, item: Any) -> DoseForm:
        form = cls()
        if not form.is_submitted():
            for name in ("sets", "repetitions", "seconds", "times_per_week"):
                value = getattr(item, name)
                getattr(form, name).data = "" if value is None else str(value)
            form.load.data, form.notes.data = item.load, item.notes
        return form


def _range_key(name: str) -> str:
    return "times_per_week_range" if name == "times_per_week" else f"{name}_range"


class IntroductionForm(PortalForm):
    introduction = TextAreaField(
        _l("A word to the citizen above the exercises"), validators=[MaxLength(2000)], filters=STRIP
    )


class TemplateForm(PortalForm):
    name = StringField(
        _l("Name of the template"),
        validators=[DataRequired(_l("Write a name for the template")), MaxLength(120)],
        filters=STRIP,
    )


class UseTemplateForm(PortalForm):
    template = IntegerField(_l("Template"))

    def validate_template(self, field: Any) -> None:
        if field.data is None:
            raise ValidationError(_l("Choose a template"))


class EndNoteForm(PortalForm):
    goals_reached = TextAreaField(
        _l("How far were the goals reached?"),
        validators=[DataRequired(_l("Write how far the goals were reached")), MaxLength(3000)],
        filters=STRIP,
    )
    recommendation = TextAreaField(
        _l("What do you recommend next?"),
        validators=[DataRequired(_l("Write what you recommend next")), MaxLength(3000)],
        filters=STRIP,
    )
