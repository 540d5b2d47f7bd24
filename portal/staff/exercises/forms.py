from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError

from portal.exercises import services
from portal.exercises.labels import AREA_LABELS, LEVEL_LABELS
from portal.forms import STRIP, PortalForm
from portal.models import BodyArea, Exercise
from portal.validators import MaxLength


class SearchForm(PortalForm):
    """Search the library by name, body area and level; sent with GET so a search has an address of its own.

    The staff list adds a switch for retired exercises; the program builder's picker uses it as it is."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name"), filters=STRIP)
    omraade = SelectField(
        _l("Body area"),
        choices=[SelectChoice("", _l("All"))] + [SelectChoice(str(a), label) for a, label in AREA_LABELS.items()],
        default="",
    )
    niveau = SelectField(
        _l("Level"),
        choices=[SelectChoice("", _l("All"))] + [SelectChoice(str(n), label) for n, label in LEVEL_LABELS.items()],
        default="",
    )

    @property
    def area(self) -> str | None:
        return self.omraade.data if self.omraade.data in set(BodyArea) else None

    @property
    def level(self) -> int | None:
        return int(self.niveau.data) if self.niveau.data in ("1", "2", "3") else None


class FilterForm(SearchForm):
    """The staff list's search, which can also show retired exercises."""

    udgaaede = BooleanField(_l("Also show retired exercises"))


class ExerciseForm(PortalForm):
    name_da = StringField(
        _l("Name in Danish"), validators=[DataRequired(_l("Write the name in Danish")), MaxLength(120)], filters=STRIP
    )
    name_en = StringField(
        _l("Name in English"),
        validators=[DataRequired(_l("Write the name in English")), MaxLength(120)],
        filters=STRIP,
    )
    steps_da = TextAreaField(
        _l("Steps in Danish"),
        validators=[DataRequired(_l("Write the steps in Danish")), MaxLength(3000)],
        filters=STRIP,
    )
    steps_en = TextAreaField(
        _l("Steps in English"),
        validators=[DataRequired(_l("Write the steps in English")), MaxLength(3000)],
        filters=STRIP,
    )
    caution_da = TextAreaField(_l("What to watch out for, in Danish"), validators=[MaxLength(1000)], filters=STRIP)
    caution_en = TextAreaField(_l("What to watch out for, in English"), validators=[MaxLength(1000)], filters=STRIP)
    aids_da = StringField(_l("Aids needed, in Danish"), validators=[MaxLength(300)], filters=STRIP)
    aids_en = StringField(_l("Aids needed, in English"), validators=[MaxLength(300)], filters=STRIP)
    body_area = RadioField(
        _l("Body area"),
        choices=[SelectChoice(str(a), label) for a, label in AREA_LABELS.items()],
        validators=[InputRequired(_l("Choose the body area"))],
    )
    level = RadioField(
        _l("Level"),
        choices=[SelectChoice(str(n), label) for n, label in LEVEL_LABELS.items()],
        validators=[InputRequired(_l("Choose the level"))],
    )

    def _both(self, field: Any, other: Any, message: Any) -> None:
        if bool(field.data) != bool(other.data) and not field.data:
            raise ValidationError(message)

    def validate_caution_da(self, field: Any) -> None:
        self._both(field, self.caution_en, _l("Write what to watch out for in Danish too"))

    def validate_caution_en(self, field: Any) -> None:
        self._both(field, self.caution_da, _l("Write what to watch out for in English too"))

    def validate_aids_da(self, field: Any) -> None:
        self._both(field, self.aids_en, _l("Write the aids in Danish too"))

    def validate_aids_en(self, field: Any) -> None:
        self._both(field, self.aids_da, _l("Write the aids in English too"))

    @classmethod
    def for_exercise(cls, exercise: Exercise) -> ExerciseForm:
        form = cls(obj=exercise)
        if not form.is_submitted():
            form.level.data = str(exercise.level)
        return form

    @property
    def values(self) -> dict[str, Any]:
        values = {field: getattr(self, field).data or "" for field in services.TEXT_FIELDS}
        values.update(body_area=self.body_area.data, level=int(self.level.data))
        return values


class PictureForm(PortalForm):
    picture = FileField(_l("Picture"))

    def validate_picture(self, field: Any) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Choose a picture to upload"))
        try:
            # Read one byte past the limit to know a file is too large without reading all of it.
            data = upload.read(services.MAX_UPLOAD + 1)
        finally:
            # Large uploads wait in a temporary file; close it now rather than leave it to the collector.
            upload.close()
        try:
            self.encoded = services.reencode(data)
        except services.ImageRefused as refused:
            if str(refused) == "too_large":
                raise ValidationError(_l("The picture must be at most 2 MB")) from None
            raise ValidationError(_l("The picture must be a PNG or JPEG file")) from None
