"""The form staff fill in from a hospital's genoptræningsplan: the plan's content (GGOP) and the course it makes."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError

from portal.fields import UP_TO_TODAY, DateInputField, Window
from portal.forms import STRIP, PortalForm
from portal.municipalities.national import PlanLevel
from portal.municipalities.schema import Offer
from portal.plans.labels import LEVEL_LABELS
from portal.plans.services import PlanDetails
from portal.staff.cases.forms import offer_label
from portal.validators import CprNumber, MaxLength, sessions_of_offer

# Around a discharge or a start on medical grounds: a year either way catches a typing error in the year.
NEAR_TODAY = Window(back=1, ahead=1)


class PlanForm(PortalForm):
    cpr_number = StringField(
        _l("The citizen's CPR number"), validators=[InputRequired(_l("Write the citizen's CPR number")), CprNumber()]
    )
    name = StringField(
        _l("The citizen's full name"),
        validators=[DataRequired(_l("Write the citizen's full name")), MaxLength(200)],
        filters=STRIP,
    )
    hospital = StringField(
        _l("Hospital"), validators=[DataRequired(_l("Write the hospital's name")), MaxLength(200)], filters=STRIP
    )
    ward = StringField(_l("Ward"), validators=[DataRequired(_l("Write the ward")), MaxLength(200)], filters=STRIP)
    discharge_date = DateInputField(
        _l("Discharge date"), validators=[InputRequired(_l("Write the discharge date"))], window=NEAR_TODAY
    )
    received_on = DateInputField(
        _l("We received the plan on"),
        validators=[InputRequired(_l("Write when we received the plan"))],
        window=UP_TO_TODAY,
        too_late=_l("The plan cannot be received later than today"),
    )
    medical_start_date = DateInputField(_l("Start no earlier than (medical grounds)"), window=NEAR_TODAY)
    level = RadioField(
        _l("Level of the plan"),
        choices=[SelectChoice(str(level), label) for level, label in LEVEL_LABELS.items()],
        validators=[DataRequired(_l("Choose the plan's level"))],
    )
    function_text = TextAreaField(
        _l("The citizen's function at discharge"),
        validators=[DataRequired(_l("Write the hospital's description of the citizen's function")), MaxLength(4000)],
        filters=STRIP,
    )
    goals = TextAreaField(
        _l("The hospital's goals for the training"),
        validators=[DataRequired(_l("Write the hospital's goals for the training")), MaxLength(4000)],
        filters=STRIP,
    )
    citizen_goals = TextAreaField(
        _l("The goals in plain words for the citizen"), validators=[MaxLength(4000)], filters=STRIP
    )
    precautions = TextAreaField(_l("Precautions"), validators=[MaxLength(2000)], filters=STRIP)
    offer = RadioField(_l("Offer"), validators=[DataRequired(_l("Choose the offer"))])
    sessions = StringField(_l("Number of training sessions"))

    def __init__(self, *args: Any, offers: list[Offer], language: str = "da", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offers = {offer.id: offer for offer in offers}
        self.offer.choices = [SelectChoice(offer.id, offer_label(offer, language)) for offer in offers]
        if len(offers) == 1 and not self.offer.data:
            self.offer.data = offers[0].id

    @property
    def chosen_offer(self) -> Offer | None:
        return self.offers.get(self.offer.data or "")

    def validate_medical_start_date(self, field: Any) -> None:
        discharged = self.discharge_date.data
        if field.data is not None and discharged is not None and field.data < discharged:
            raise ValidationError(_l("The start date cannot be before the discharge date"))

    def validate_sessions(self, field: Any) -> None:
        offer = self.chosen_offer
        field.number = sessions_of_offer(field, offer.max_sessions if offer else None)

    @property
    def session_count(self) -> int:
        return self.sessions.number

    @property
    def details(self) -> PlanDetails:
        return PlanDetails(
            hospital=self.hospital.data,
            ward=self.ward.data,
            discharge_date=self.discharge_date.valid_date,
            level=PlanLevel(self.level.data),
            function_text=self.function_text.data,
            goals=self.goals.data,
            citizen_goals=self.citizen_goals.data or None,
            precautions=self.precautions.data or None,
            medical_start_date=self.medical_start_date.data,
            received_on=self.received_on.valid_date,
        )
