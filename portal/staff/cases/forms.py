from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from portal.applications.case_labels import SOURCE_LABELS, STATUS_LABELS
from portal.clock import COPENHAGEN
from portal.fields import FROM_TODAY, DateInputField, refuse_passed_time, time_of_day
from portal.forms import STRIP, PortalForm
from portal.models import ApplicationSource, ApplicationStatus
from portal.models.application import OPEN_STATUSES
from portal.municipalities.schema import Offer
from portal.validators import MaxLength, sessions_of_offer


class InboxFilterForm(PortalForm):
    """The inbox filters, sent with GET so a filtered inbox has an address of its own."""

    class Meta:
        csrf = False

    kilde = SelectField(
        _l("Where from"),
        choices=[SelectChoice("", _l("All"))] + [SelectChoice(str(s), label) for s, label in SOURCE_LABELS.items()],
        default="",
    )
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("All open"))]
        + [
            SelectChoice(str(s), STATUS_LABELS[s])
            for s in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACKNOWLEDGED, ApplicationStatus.IN_ASSESSMENT)
        ],
        default="",
    )

    @property
    def source(self) -> str | None:
        return self.kilde.data if self.kilde.data in set(ApplicationSource) else None

    @property
    def status_filter(self) -> str | None:
        return self.status.data if self.status.data in OPEN_STATUSES else None


class TalkForm(PortalForm):
    day = DateInputField(
        _l("Date of the talk"), window=FROM_TODAY, too_early=_l("The date of the talk cannot be in the past")
    )
    at = StringField(_l("Time"))
    place = StringField(
        _l("Place"), validators=[DataRequired(_l("Write where the talk is held")), MaxLength(300)], filters=STRIP
    )

    def validate_day(self, field: Any) -> None:
        if field.data is None and not field.process_errors:
            raise ValidationError(gettext("Write the date of the talk, for example %(example)s", example=field.example))

    def validate_at(self, field: Any) -> None:
        field.time = time_of_day(field)
        refuse_passed_time(self.day.data, field.time)

    @property
    def talk_at(self) -> datetime:
        return datetime.combine(self.day.valid_date, self.at.time, tzinfo=COPENHAGEN)


class QuestionForm(PortalForm):
    question = TextAreaField(
        _l("Your question to the citizen"),
        validators=[DataRequired(_l("Write your question to the citizen")), MaxLength(2000)],
        filters=STRIP,
    )


IN_FULL, LESS = "yes", "no"


class GrantForm(PortalForm):
    offer = RadioField(_l("Offer"), validators=[DataRequired(_l("Choose the offer to grant"))])
    sessions = StringField(_l("Number of training sessions"))
    goals = TextAreaField(
        _l("Goals of the training"),
        validators=[DataRequired(_l("Write the goals of the training")), MaxLength(4000)],
        filters=STRIP,
    )
    # A grant that gives less than asked is in part a refusal: it needs reasons (forvaltningsloven § 22).
    in_full = RadioField(
        _l("Does the citizen get what they applied for?"),
        choices=[
            SelectChoice(IN_FULL, _l("Yes")),
            SelectChoice(LESS, _l("No, less: fewer sessions or another offer than applied for")),
        ],
        validators=[DataRequired(_l("Choose whether the citizen gets what they applied for"))],
    )
    shortfall = TextAreaField(_l("Why does the citizen get less?"), validators=[MaxLength(4000)], filters=STRIP)

    def __init__(self, *args: Any, offers: list[Offer], language: str = "da", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offers = {offer.id: offer for offer in offers}
        self.offer.choices = [SelectChoice(offer.id, offer_label(offer, language)) for offer in offers]
        # A profile with one offer (Hjørring's general one) has nothing to choose between.
        if len(offers) == 1 and not self.offer.data:
            self.offer.data = offers[0].id

    @property
    def chosen_offer(self) -> Offer | None:
        return self.offers.get(self.offer.data or "")

    def validate_sessions(self, field: Any) -> None:
        offer = self.chosen_offer
        field.number = sessions_of_offer(field, offer.max_sessions if offer else None)

    @property
    def session_count(self) -> int:
        return self.sessions.number

    def validate_shortfall(self, field: Any) -> None:
        if self.in_full.data == LESS and not field.data:
            raise ValidationError(_l("Write why the citizen gets less than they applied for"))

    @property
    def shortfall_reason(self) -> str | None:
        return self.shortfall.data if self.in_full.data == LESS else None


def offer_label(offer: Offer, language: str) -> str:
    name = offer.name.get(language)
    return f"{offer.code}: {name}" if offer.code else name


class RefusalForm(PortalForm):
    reason = TextAreaField(
        _l("Why is the application refused?"),
        validators=[DataRequired(_l("Write why the application is refused")), MaxLength(4000)],
        filters=STRIP,
    )
