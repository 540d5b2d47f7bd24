"""Sager: the visitator's inbox, the case page and the steps taken on a case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import clock
from portal.access_log import services as access_log
from portal.applications import case_labels as labels
from portal.applications import decisions as services
from portal.applications.facts import answer_facts, referral_facts
from portal.auth.access import roles_required
from portal.domain import DomainRefused
from portal.forms import PortalForm
from portal.models import Application, ApplicationStatus, Role
from portal.municipalities.schema import EndNoteRecipient, Profile
from portal.paging import requested_page
from portal.programs import builder as program_builder
from portal.requests import on_refusal
from portal.staff.cases.forms import (
    GrantForm,
    InboxFilterForm,
    QuestionForm,
    RefusalForm,
    TalkForm,
    offer_label,
)

bp = Blueprint("cases", __name__, url_prefix="/medarbejder/sager")

CASEWORKERS = (Role.VISITATOR, Role.ADMIN)


def _profile() -> Profile:
    return current_app.config["PROFILE"]


def get_case_for_staff(case_id: int) -> Application:
    """The case, written in its citizen's access log as read on this page; 404 for a draft or a missing case."""
    application = services.get_case(case_id)
    if application is None:
        abort(404)
    access_log.record_reads(current_user, [application.person_id], "staff", detail=application.case_number)
    return application


def inbox_for_staff(page: int, form: InboxFilterForm) -> services.InboxPage:
    """One page of the inbox; every citizen on it goes into their access log."""
    found = services.inbox(clock.today(), page, form.source, form.status_filter)
    access_log.record_reads(current_user, [row.application.person_id for row in found.rows], "staff")
    return found


def _back_to(application: Application) -> ResponseReturnValue:
    return redirect(url_for("cases.case", case_id=application.id), code=303)


def _refusals_back_to(application: Application) -> None:
    """A step another visitator got to first: the case page, with the refusal's message, after the rollback."""
    case_id = application.id

    def back(refused: DomainRefused) -> ResponseReturnValue:
        flash(refused.message, "warning")
        return redirect(url_for("cases.case", case_id=case_id), code=303)

    on_refusal(back)


def _label_context() -> dict[str, Any]:
    """The case labels, resolved once a page: a lazy label is translated again each time a page prints it, and the
    inbox prints two a row."""
    shown: dict[str, Mapping[Any, Any]] = {
        "status_labels": labels.STATUS_LABELS,
        "source_labels": labels.SOURCE_LABELS,
        "milestone_labels": labels.MILESTONE_LABELS,
        "deadline_labels": labels.DEADLINE_STATUS_LABELS,
    }
    return {name: {key: str(label) for key, label in found.items()} for name, found in shown.items()}


@bp.get("/")
@roles_required(*CASEWORKERS)
def inbox() -> ResponseReturnValue:
    form = InboxFilterForm(request.args)
    form.validate()
    found = inbox_for_staff(requested_page(), form)
    filters = {key: value for key, value in (("kilde", form.source), ("status", form.status_filter)) if value}
    return render_template("staff/cases/inbox.html", form=form, found=found, filters=filters, **_label_context())


@bp.get("/<int:case_id>")
@roles_required(*CASEWORKERS)
def case(case_id: int) -> ResponseReturnValue:
    application = get_case_for_staff(case_id)
    return render_template(
        "staff/cases/case.html",
        application=application,
        promised=services.promised_dates(application, clock.now()),
        others=services.other_cases(application),
        questions=services.questions_for(application),
        form=PortalForm(),
        can_acknowledge=application.status in services.ACKNOWLEDGEABLE,
        can_book=application.status in services.BOOKABLE,
        answer_facts=answer_facts(application.answers),
        referral_facts=referral_facts(application.referral),
        offer_names={offer.id: offer_label(offer, str(get_locale())) for offer in _profile().offers},
        # Only a granted case has a course, and so perhaps an end note; the others spare the query.
        end_note=program_builder.end_note_for(application, _profile(), EndNoteRecipient.VISITATION)
        if application.status == ApplicationStatus.GRANTED
        else None,
        **_label_context(),
    )


@bp.post("/<int:case_id>/kvitter")
@roles_required(*CASEWORKERS)
def acknowledge(case_id: int) -> ResponseReturnValue:
    application = get_case_for_staff(case_id)
    _refusals_back_to(application)
    if PortalForm().validate_on_submit() and services.acknowledge(application, _profile()):
        access_log.record(current_user, application.person_id, "staff", "cases.acknowledged")
        flash(_("The acknowledgement is sent to the citizen."))
    return _back_to(application)


@bp.route("/<int:case_id>/samtale", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def book_talk(case_id: int) -> ResponseReturnValue:
    application = get_case_for_staff(case_id)
    if application.status not in services.BOOKABLE:
        return _back_to(application)
    form = TalkForm()
    if form.validate_on_submit():
        _refusals_back_to(application)
        services.book_talk(application, _profile(), form.talk_at, form.place.data)
        access_log.record(current_user, application.person_id, "staff", "cases.talk_booked")
        flash(_("The talk is booked, and the citizen has a letter with the time and place."))
        return _back_to(application)
    return render_template("staff/cases/book-talk.html", form=form, application=application)


@bp.route("/<int:case_id>/spoergsmaal", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def ask(case_id: int) -> ResponseReturnValue:
    application = get_case_for_staff(case_id)
    if not application.is_open:
        return _back_to(application)
    form = QuestionForm()
    if form.validate_on_submit():
        _refusals_back_to(application)
        services.ask(
            application,
            _profile(),
            current_user.account_id,
            form.question.data,
            lambda asked: url_for(
                "case_questions.answer", case_id=application.id, question_id=asked.id, _external=True
            ),
        )
        access_log.record(current_user, application.person_id, "staff", "cases.asked")
        flash(_("The question is sent. The citizen answers in the portal, and you will see the answer here."))
        return _back_to(application)
    return render_template("staff/cases/ask.html", form=form, application=application)


@bp.route("/<int:case_id>/bevilg", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def grant(case_id: int) -> ResponseReturnValue:
    application = get_case_for_staff(case_id)
    if not application.is_open:
        return _back_to(application)
    form = GrantForm(offers=services.decidable_offers(_profile()), language=str(get_locale()))
    if form.validate_on_submit() and form.chosen_offer is not None:
        _refusals_back_to(application)
        services.grant(
            application,
            _profile(),
            current_user.account_id,
            form.chosen_offer,
            form.session_count,
            form.goals.data,
            shortfall=form.shortfall_reason,
        )
        access_log.record(current_user, application.person_id, "staff", "cases.granted")
        flash(_("The application is granted, and the citizen has the decision letter."))
        return _back_to(application)
    return render_template("staff/cases/grant.html", form=form, application=application)


@bp.route("/<int:case_id>/afslaa", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def refuse(case_id: int) -> ResponseReturnValue:
    application = get_case_for_staff(case_id)
    if not application.is_open:
        return _back_to(application)
    form = RefusalForm()
    if form.validate_on_submit():
        _refusals_back_to(application)
        services.refuse(application, _profile(), current_user.account_id, form.reason.data)
        access_log.record(current_user, application.person_id, "staff", "cases.refused")
        flash(_("The application is refused, and the citizen has the decision letter with how to complain."))
        return _back_to(application)
    return render_template("staff/cases/refuse.html", form=form, application=application)
