from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from portal.forms import PortalForm
from portal.referrals.labels import TRANSPORT_CHOICES
from portal.validators import PAGE_MESSAGE, CprNumber, MaxLength

# Shapes only; whether the code exists in the classification is for the municipality's therapist to read.
# ICPC-2: a chapter letter and two digits (L90). ICD-10: a letter, two digits and an optional part after a point
# (M16.1), or as the Danish SKS writes it, with a leading D and no point (DM161).
_ICPC2 = re.compile(r"^[A-Z]\d{2}$")
_ICD10 = re.compile(r"^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$")
_SKS = re.compile(r"^D[A-Z]\d{2}[0-9A-Z]{0,4}$")
_PHONE = re.compile(r"^(\+45)?\d{8}$")


def diagnosis_code_shape(raw: str) -> str | None:
    """The code in capitals without spaces, if it has the shape of an ICPC-2 or ICD-10 code; None otherwise."""
    code = raw.strip().upper().replace(" ", "")
    return code if _ICPC2.match(code) or _ICD10.match(code) or _SKS.match(code) else None


class ReferralForm(PortalForm):
    """The GP's referral: one page, since doctors refer every day and know what each field asks.

    Text that must be there uses DataRequired, so an answer of only spaces counts as missing.
    """

    cpr_number = StringField(
        _l("The patient's CPR number"), validators=[InputRequired(_l("Write the patient's CPR number")), CprNumber()]
    )
    patient_name = StringField(
        _l("The patient's full name"),
        validators=[DataRequired(_l("Write the patient's full name")), MaxLength(200)],
    )
    name_confirmed = BooleanField(
        _l("I have checked that the name and the CPR number belong to the patient I am referring"),
        validators=[DataRequired(_l("Confirm that the name and the CPR number belong to the patient"))],
    )
    reason = TextAreaField(
        _l("Reason for the referral"),
        validators=[DataRequired(_l("Write the reason for the referral")), MaxLength(3000)],
    )
    diagnosis = TextAreaField(_l("Diagnosis"), validators=[DataRequired(_l("Write the diagnosis")), MaxLength(1000)])
    diagnosis_code = StringField(_l("Diagnosis code"), validators=[Optional(), MaxLength(12)])
    history = TextAreaField(_l("Relevant history"), validators=[Optional(), MaxLength(3000)])
    precautions = TextAreaField(_l("Precautions"), validators=[Optional(), MaxLength(2000)])
    patient_agrees = RadioField(
        _l("Does the patient agree to the referral?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(_l("Choose whether the patient agrees to the referral"))],
    )

    def validate_diagnosis_code(self, field: Any) -> None:
        field.code = diagnosis_code_shape(field.data or "")
        if field.code is None:
            raise ValidationError(
                _l("Write the code as ICPC-2, a letter and 2 digits such as L90, or as ICD-10 such as M16.1 or DM161")
            )

    def validate_patient_agrees(self, field: Any) -> None:
        if field.data == "no":
            raise ValidationError(_l("The patient must agree before you can refer them. Talk with the patient first"))

    def clinical_fields(self) -> dict[str, str]:
        return {
            "reason": self.reason.data.strip(),
            "diagnosis": self.diagnosis.data.strip(),
            "diagnosis_code": getattr(self.diagnosis_code, "code", None) or "",
            "history": (self.history.data or "").strip(),
            "precautions": (self.precautions.data or "").strip(),
        }


class SendForm(PortalForm):
    """The "check and send" step: the one-time token says which filled-in referral this click sends."""

    token = HiddenField(validators=[InputRequired(PAGE_MESSAGE)])


class MyAnswersForm(PortalForm):
    """The citizen's own words to a referral from their doctor."""

    daily_life = TextAreaField(
        _l("What do you find hard in your daily life now?"),
        validators=[DataRequired(_l("Write what you find hard in your daily life now")), MaxLength(3000)],
    )
    goal = TextAreaField(
        _l("What do you want to be able to do again?"),
        validators=[DataRequired(_l("Write what you want to be able to do again")), MaxLength(3000)],
    )
    transport = RadioField(
        _l("Can you get to a training centre by yourself?"),
        choices=[SelectChoice(value, label) for value, label in TRANSPORT_CHOICES.items()],
        validators=[InputRequired(_l("Choose whether you can get to a training centre by yourself"))],
    )
    phone = StringField(_l("Phone number"), validators=[Optional(), MaxLength(20)])
    call_times = StringField(_l("When is a good time to call you?"), validators=[Optional(), MaxLength(200)])

    def validate_phone(self, field: Any) -> None:
        number = re.sub(r"[\s-]", "", field.data or "")
        if not _PHONE.match(number):
            raise ValidationError(_l("Write the phone number with 8 digits, for example 12 34 56 78"))
        field.number = number

    def answers(self) -> dict[str, str]:
        return {
            "daily_life": self.daily_life.data.strip(),
            "goal": self.goal.data.strip(),
            "transport": self.transport.data,
            "phone": getattr(self.phone, "number", None) or "",
            "call_times": (self.call_times.data or "").strip(),
        }
