"""An application's answers and a GP referral's facts in words: each under the question the person saw, never a key.

The staff case page and the citizen's own data ("Hent mine data") show them the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from portal.applications.questions import STEPS, field_names

# The questions of the apply journey, by the key their answers are kept under, worded as the citizen saw them.
# The GP referral's own questions to the citizen use the same keys.
ANSWER_LABELS = {name: getattr(step.form, name).args[0] for step in STEPS for name in field_names(step)} | {
    "answered_at": _l("Answered"),
    "answered_by": _l("Answered by"),
}

# The words for chosen answers ("yes", "home_care") as the citizen saw them.
ANSWER_CHOICES = {
    name: {choice.value: choice.label for choice in getattr(step.form, name).kwargs["choices"]}
    for step in STEPS
    for name in field_names(step)
    if "choices" in getattr(step.form, name).kwargs
}

REFERRAL_LABELS = {
    "reason": _l("Reason for the referral"),
    "diagnosis": _l("Diagnosis"),
    "diagnosis_text": _l("Diagnosis"),
    "diagnosis_code": _l("Diagnosis code (ICPC or ICD)"),
    "code": _l("Diagnosis code (ICPC or ICD)"),
    "history": _l("Relevant history"),
    "precautions": _l("Precautions"),
    "patient_agrees": _l("The patient agrees to the referral"),
    "consent": _l("The patient agrees to the referral"),
    "patient_name": _l("The patient's name as the doctor wrote it"),
    "doctor": _l("Referring doctor"),
    "gp_name": _l("Referring doctor"),
    "clinic": _l("Clinic"),
    "organisation_name": _l("Clinic"),
    "cvr": _l("CVR number"),
}

# The portal's own bookkeeping in the referral (the form's double-submit token, the confirmation tick): not facts.
INTERNAL_KEYS = frozenset({"form_token", "name_confirmed"})
TIMESTAMP_KEYS = frozenset({"answered_at"})
# An answer kept under a key no question has any longer is still shown, under this label rather than its key.
OTHER = _l("Other information")


@dataclass(frozen=True)
class Fact:
    label: Any
    value: Any


def _value(key: str, value: Any, choices: Mapping[str, Any], labels: Mapping[str, Any]) -> Any:
    if isinstance(value, Mapping):
        return {
            labels.get(inner_key, OTHER): inner for inner_key, inner in value.items() if inner_key not in INTERNAL_KEYS
        }
    if key in TIMESTAMP_KEYS and isinstance(value, str):
        try:
            return format_datetime(datetime.fromisoformat(value), "long")
        except ValueError:
            return value
    if isinstance(value, str):
        return str(choices.get(value, value))
    if isinstance(value, list):
        return [str(choices.get(item, item)) for item in value]
    return value


def _facts(
    data: Mapping[str, Any] | None, labels: Mapping[str, Any], choices: Mapping[str, Mapping[str, Any]]
) -> list[Fact]:
    return [
        Fact(labels.get(key, OTHER), _value(key, value, choices.get(key, {}), labels))
        for key, value in (data or {}).items()
        if key not in INTERNAL_KEYS
    ]


def answer_facts(answers: Mapping[str, Any] | None) -> list[Fact]:
    return _facts(answers, ANSWER_LABELS, ANSWER_CHOICES)


def referral_facts(referral: Mapping[str, Any] | None) -> list[Fact]:
    return _facts(referral, REFERRAL_LABELS, {})
