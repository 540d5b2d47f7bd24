"""Apply for training, one question per page, with every answer saved at once; then follow the case."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField

from portal import rate_limits
from portal.applications import letters, services
from portal.applications.decisions import open_questions_for
from portal.applications.labels import STATUS_NAMES, STEP_NAMES
from portal.applications.questions import (
    STEP_BY_SLUG,
    STEPS,
    Step,
    answered,
    date_fields,
    field_names,
    next_step,
    previous_step,
)
from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.allowed import see_or_home
from portal.auth.policy import Action, may
from portal.forms import PortalForm
from portal.models import Application, ApplicationSource, Role
from portal.municipalities.schema import LegalBasis
from portal.outbox.services import send_message
from portal.pdf import render_pdf
from portal.plans import services as plan_services
from portal.sessions import labels as session_labels
from portal.sessions import services as sessions
from portal.validators import MaxLength

bp = Blueprint("applications", __name__)
CHECK = "tjek"


class WithdrawForm(PortalForm):
    reason = StringField(_l("Why do you withdraw it?"), validators=[MaxLength(500)])


def _applicant() -> tuple[Any, Any]:
    """The person applied for (oneself, or someone who gave the APPLY scope) and the permission it rests on."""
    person = acting.person_for(Action.APPLY)
    return person, may(current_user, Action.APPLY, person.id)


def _draft_or_start() -> Application:
    person, allowed = _applicant()
    source = ApplicationSource.CITIZEN if allowed.acting_as == "self" else ApplicationSource.RELATIVE
    return services.start_draft(person.id, source, current_user.account_id, allowed.delegation_id)


def _shut_out_by_plan() -> bool:
    """Whether a genoptræningsplan shuts a citizen out of every § 86 offer here: the standard says so for each group
    of § 86 offers (excludes_section_140_plan), as Norddjurs' and Rødovre's do."""
    profile = current_app.config["PROFILE"]
    groups = [
        group
        for group in profile.groups
        if any(set(offer.legal_basis) - {LegalBasis.SUNDHEDSLOVEN_140} for offer in profile.offers_in(group.id))
    ]
    return bool(groups) and all(group.excludes_section_140_plan for group in groups)


def _plan_page(plan: Any) -> str:
    return render_template("applications/hospital-plan.html", plan=plan, shut_out=_shut_out_by_plan())


def _stored(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _form_for(step: Step, answers: dict[str, Any]) -> PortalForm:
    data = {name: answers.get(name) for name in field_names(step)}
    for name in date_fields(step):
        stored = data[name]
        if stored:
            data[name] = date.fromisoformat(stored)
    return step.form(data=data) if request.method == "GET" else step.form()


@bp.get("/ansoeg")
@roles_required(Role.CITIZEN)
def start() -> ResponseReturnValue:
    person, _allowed = _applicant()
    # A citizen with an active plan is told why not, and where the plan is, before any question (§ 86 and § 140 apart).
    plan = plan_services.active_plan_of(person.id) if _shut_out_by_plan() else None
    if plan is not None:
        return _plan_page(plan)
    draft = services.draft_for(person.id)
    first_open = next((step for step in STEPS if not draft or not answered(step, draft.answers)), None)
    return render_template("applications/start.html", draft=draft, first_open=first_open, person=person)


@bp.post("/ansoeg/start")
@roles_required(Role.CITIZEN)
def begin() -> ResponseReturnValue:
    person, _allowed = _applicant()
    if _shut_out_by_plan() and plan_services.active_plan_of(person.id) is not None:
        return redirect(url_for("applications.hospital_plan"), 303)
    draft = _draft_or_start()
    first_open = next((step for step in STEPS if not answered(step, draft.answers)), None)
    return redirect(
        url_for("applications.question", slug=first_open.slug) if first_open else url_for("applications.check"), 303
    )


@bp.route("/ansoeg/<slug>", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def question(slug: str) -> ResponseReturnValue:
    step = STEP_BY_SLUG.get(slug) or abort(404)
    # Reading a question changes nothing; the draft is made with the first answer.
    person, _allowed = _applicant()
    existing = services.draft_for(person.id)
    form = _form_for(step, existing.answers if existing else {})
    if form.validate_on_submit():
        draft = existing or _draft_or_start()
        services.save_answers(draft, {name: _stored(getattr(form, name).data) for name in field_names(step)})
        if step.slug == "genoptraeningsplan" and form.plan.data == "yes":
            return redirect(url_for("applications.hospital_plan"), 303)
        following = next_step(step)
        if request.args.get("fra") == CHECK or following is None:
            return redirect(url_for("applications.check"), 303)
        return redirect(url_for("applications.question", slug=following.slug), 303)
    back = previous_step(step)
    return render_template(
        "applications/question.html",
        form=form,
        step=step,
        number=STEPS.index(step) + 1,
        total=len(STEPS),
        back_url=url_for("applications.check")
        if request.args.get("fra") == CHECK
        else url_for("applications.question", slug=back.slug)
        if back
        else url_for("applications.start"),
        from_check=request.args.get("fra") == CHECK,
    )


@bp.get("/ansoeg/sygehusplan")
@roles_required(Role.CITIZEN)
def hospital_plan() -> ResponseReturnValue:
    person, _allowed = _applicant()
    return _plan_page(plan_services.active_plan_of(person.id))


@bp.get("/ansoeg/tjek")
@roles_required(Role.CITIZEN)
def check() -> ResponseReturnValue:
    person, _allowed = _applicant()
    draft = services.draft_for(person.id)
    if draft is None:
        return redirect(url_for("applications.start"), 303)
    missing = next((step for step in STEPS if not answered(step, draft.answers)), None)
    if missing is not None:
        return redirect(url_for("applications.question", slug=missing.slug), 303)
    if draft.answers.get("plan") == "yes":
        return redirect(url_for("applications.hospital_plan"), 303)
    return render_template("applications/check.html", draft=draft, steps=STEPS, form=PortalForm())


@bp.post("/ansoeg/send")
@roles_required(Role.CITIZEN)
def send() -> ResponseReturnValue:
    person, _allowed = _applicant()
    draft = services.draft_for(person.id)
    if draft is None or not PortalForm().validate_on_submit():
        # Already sent (a second click, another tab): show what was sent instead of sending again.
        latest = services.latest_case_for(person.id)
        return redirect(
            see_or_home("applications.receipt", case_id=latest.id) if latest else url_for("applications.start"), 303
        )
    if any(not answered(step, draft.answers) for step in STEPS) or draft.answers.get("plan") == "yes":
        return redirect(url_for("applications.check"), 303)
    if _shut_out_by_plan() and plan_services.active_plan_of(person.id) is not None:
        return redirect(url_for("applications.hospital_plan"), 303)
    profile = current_app.config["PROFILE"]
    if services.send_draft(draft, profile):
        language = str(get_locale())
        subject, body = letters.receipt(draft, profile, language)
        send_message(person.id, "application.receipt", language, subject, body, application_id=draft.id)
    if not may(current_user, Action.SEE, person.id):
        # A relative who may apply but not see: the receipt holds the citizen's answers, so the home says it is sent.
        flash(_("The application is sent. Its case number is %(number)s.", number=draft.case_number))
    return redirect(see_or_home("applications.receipt", case_id=draft.id), 303)


@bp.post("/ansoeg/slet")
@roles_required(Role.CITIZEN)
def delete_draft() -> ResponseReturnValue:
    person, _allowed = _applicant()
    draft = services.draft_for(person.id)
    if draft is not None and PortalForm().validate_on_submit():
        services.delete_draft(draft)
        flash(_("Your draft is deleted."))
    return redirect(url_for("applications.start"), 303)


@bp.get("/mine-sager")
@roles_required(Role.CITIZEN)
def cases() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    # One query for every case's course, so the list says how the training went however many cases there are.
    every = sessions.person_courses(person.id)
    courses = {course.application_id: course for course in every if course.application_id is not None}
    plans = sorted((course.plan for course in every if course.plan), key=lambda plan: plan.discharge_date, reverse=True)
    # Training granted in the municipality's case system (applied for by phone or on paper) has no case here.
    granted_elsewhere = [course for course in every if course.decision_reference]
    return render_template(
        "applications/cases.html",
        plans=plans,
        granted_elsewhere=granted_elsewhere,
        offer_named=current_app.config["PROFILE"].offer,
        cases=services.open_cases_for(person.id),
        status_names=STATUS_NAMES,
        courses=courses,
        course_status_labels=session_labels.COURSE_STATUS_LABELS,
        end_reason_labels=session_labels.END_REASON_LABELS,
    )


@bp.get("/mine-sager/<int:case_id>")
@roles_required(Role.CITIZEN)
def case(case_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    application = services.get_case_for(person.id, case_id)
    language = str(get_locale())
    profile = current_app.config["PROFILE"]
    questions = [q for q in open_questions_for(person.id) if q.application_id == application.id]
    return render_template(
        "applications/case.html",
        case=application,
        offer=profile.offer(application.granted_offer) if application.granted_offer else None,
        questions=questions,
        timeline=services.timeline(application, current_app.config["PROFILE"], language),
        may_withdraw=application.is_open and bool(may(current_user, Action.APPLY, person.id)),
        form=WithdrawForm(),
        status_names=STATUS_NAMES,
        step_names=STEP_NAMES,
        course=sessions.course_of_application(application.id),
        course_status_labels=session_labels.COURSE_STATUS_LABELS,
        end_reason_labels=session_labels.END_REASON_LABELS,
    )


def _render_receipt(template: str, case_id: int) -> tuple[Application, str]:
    person = acting.person_for(Action.SEE)
    application = services.get_case_for(person.id, case_id)
    dates = letters.promised_dates(application, current_app.config["PROFILE"], str(get_locale()))
    return application, render_template(template, case=application, steps=STEPS, dates=dates)


@bp.get("/mine-sager/<int:case_id>/kvittering")
@roles_required(Role.CITIZEN)
def receipt(case_id: int) -> ResponseReturnValue:
    return _render_receipt("applications/receipt.html", case_id)[1]


@bp.get("/mine-sager/<int:case_id>/kvittering.pdf")
@roles_required(Role.CITIZEN)
@rate_limits.pdf
def receipt_pdf(case_id: int) -> ResponseReturnValue:
    application, html = _render_receipt("applications/receipt-letter.html", case_id)
    filename = f"kvittering-{application.case_number}.pdf"
    return Response(
        render_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.post("/mine-sager/<int:case_id>/traek-tilbage")
@roles_required(Role.CITIZEN)
def withdraw(case_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.APPLY)
    application = services.get_case_for(person.id, case_id)
    form = WithdrawForm()
    if form.validate_on_submit() and application.is_open:
        services.withdraw(application, form.reason.data or "")
        language = str(get_locale())
        subject, body = letters.withdrawn(application, language)
        send_message(person.id, "application.withdrawn", language, subject, body, application_id=application.id)
        flash(_("Your application is withdrawn."))
    return redirect(url_for("applications.case", case_id=application.id), 303)
