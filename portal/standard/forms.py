"""The forms of the public pages: one per question of "Kan jeg få træning?", and "Var siden nyttig?"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from wtforms import HiddenField, RadioField, ValidationError
from wtforms.fields.choices import SelectChoice

from portal.public_forms import PublicForm
from portal.standard import services
from portal.standard.check import DONT_KNOW, NO, YES


def _yes_no(*, dont_know: bool = False) -> list[SelectChoice]:
    choices = [SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))]
    if dont_know:
        choices.append(SelectChoice(DONT_KNOW, _l("I do not know")))
    return choices


class QuestionForm(PublicForm):
    """A question on a page of its own. The hint says what the words mean; the message says what to do."""

    hint: LazyString | None = None
    answer: RadioField


class PlanForm(QuestionForm):
    hint = _l(
        "You get a rehabilitation plan from the hospital if you need training when you go home. "
        "The plan says what you need to train."
    )
    answer = RadioField(
        _l("Did the hospital give you a rehabilitation plan?"),
        choices=_yes_no(dont_know=True),
        invalid_choice_message=_l("Choose yes if the hospital gave you a rehabilitation plan"),
    )


class EverydayForm(QuestionForm):
    hint = _l(
        "For example walking, getting up from a chair, washing or shopping. It may be after an illness or a fall."
    )
    answer = RadioField(
        _l("Has everyday life become hard for you?"),
        choices=_yes_no(),
        invalid_choice_message=_l("Choose yes if everyday life has become hard for you"),
    )


class FreePhysiotherapyForm(QuestionForm):
    hint = _l(
        "It is called vederlagsfri fysioterapi. It is for people with a severe physical disability "
        "or an illness that gets worse over time."
    )
    answer = RadioField(
        _l("Has your doctor referred you to free physiotherapy?"),
        choices=_yes_no(),
        invalid_choice_message=_l("Choose yes if your doctor has referred you to free physiotherapy"),
    )


class OwnTrainingForm(QuestionForm):
    hint = _l(
        "For example with exercises at home, at a club or at a gym. We mean training without help from a therapist."
    )
    answer = RadioField(
        _l("Can you train on your own or somewhere else?"),
        choices=_yes_no(),
        invalid_choice_message=_l("Choose yes if you can train on your own or somewhere else"),
    )


class FeedbackForm(PublicForm):
    page = HiddenField()
    helpful = RadioField(choices=[SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))])

    def validate_page(self, field: HiddenField) -> None:
        if not field.data or services.page_url(field.data) is None:
            raise ValidationError(_l("This page does not ask for feedback."))


# The form of each question of "Kan jeg få træning?", by the question's slug in the address.
QUESTION_FORMS: dict[str, type[QuestionForm]] = {
    "genoptraeningsplan": PlanForm,
    "hverdag": EverydayForm,
    "vederlagsfri-fysioterapi": FreePhysiotherapyForm,
    "egen-traening": OwnTrainingForm,
}
