"""The citizen's answer to a question the visitator asked on their case (under /mine-sager)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.applications import decisions as services
from portal.applications.forms import AnswerForm
from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action
from portal.extensions import db
from portal.models import ApplicationQuestion, Role

bp = Blueprint("case_questions", __name__, url_prefix="/mine-sager")


def get_question_for_citizen(case_id: int, question_id: int) -> ApplicationQuestion:
    """The question, if it is about the person the user acts for and the user may apply for them; 404 otherwise."""
    person = acting.person_for(Action.APPLY)
    asked = db.session.get(ApplicationQuestion, question_id)
    if asked is None or asked.application_id != case_id or asked.application.person_id != person.id:
        abort(404)
    return asked


@bp.route("/<int:case_id>/spoergsmaal/<int:question_id>", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def answer(case_id: int, question_id: int) -> ResponseReturnValue:
    asked = get_question_for_citizen(case_id, question_id)
    form = AnswerForm()
    if asked.is_open and form.validate_on_submit():
        services.answer(asked, current_user.account_id, form.answer.data)
        flash(_("Thank you. Your answer is sent to the municipality."))
        return redirect(url_for("case_questions.answer", case_id=case_id, question_id=question_id), code=303)
    return render_template("applications/answer.html", form=form, asked=asked, application=asked.application)
