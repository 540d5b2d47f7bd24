"""The GP's referrals under /laege (their list, the form, check and send, the receipt, one referral), and the
citizen's own answers to a referral from their doctor."""

from __future__ import annotations

import secrets

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal import rate_limits
from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action
from portal.database import utcnow
from portal.models import Role
from portal.municipalities.schema import EndNoteRecipient
from portal.paging import requested_page
from portal.programs import builder as program_builder
from portal.referrals import services
from portal.referrals.forms import MyAnswersForm, ReferralForm, SendForm
from portal.referrals.labels import DEADLINE_STATUS_LABELS, MILESTONE_LABELS, STATUS_LABELS, TRANSPORT_CHOICES

# The GP's pages keep the blueprint name the login landing knows (`gp.referrals`).
gp_bp = Blueprint("gp", __name__, url_prefix="/laege")
bp = Blueprint("referrals", __name__)

DRAFT_KEY = "referral_draft"
LABELS = {
    "status_labels": STATUS_LABELS,
    "milestone_labels": MILESTONE_LABELS,
    "deadline_status_labels": DEADLINE_STATUS_LABELS,
    "transport_labels": TRANSPORT_CHOICES,
}


def _draft() -> services.Draft | None:
    return services.Draft.from_session(session.get(DRAFT_KEY))


@gp_bp.get("/henvisninger")
@roles_required(Role.GP)
def referrals() -> ResponseReturnValue:
    page = requested_page()
    rows, has_older = services.referrals_by(current_user, page)
    return render_template(
        "referrals/index.html",
        referrals=rows,
        with_end_note=program_builder.applications_with_end_note(
            [row.id for row in rows], current_app.config["PROFILE"], EndNoteRecipient.GP
        ),
        page=page,
        has_older=has_older,
        masked_cpr=services.masked_cpr,
        **LABELS,
    )


@gp_bp.route("/henvisninger/ny", methods=["GET", "POST"])
@roles_required(Role.GP)
@rate_limits.cpr_entry
def new_referral() -> ResponseReturnValue:
    draft = _draft()
    # Coming back from "check and send" to change something: the form shows what was filled in.
    form = ReferralForm(data=services.form_data(draft) if draft and request.method == "GET" else None)
    if form.validate_on_submit():
        draft = services.draft_from(
            secrets.token_urlsafe(24), form.cpr_number.digits, form.patient_name.data, form.clinical_fields()
        )
        session[DRAFT_KEY] = draft.to_session()
        return redirect(url_for("gp.check_referral"), code=303)
    return render_template("referrals/new.html", form=form)


@gp_bp.route("/henvisninger/ny/tjek", methods=["GET", "POST"])
@roles_required(Role.GP)
def check_referral() -> ResponseReturnValue:
    draft = _draft()
    form = SendForm()
    if form.validate_on_submit():
        token = form.token.data
        # A second click, or the page sent again, finds the referral the first one made and shows its receipt.
        sent = services.sent_with(current_user, token)
        if sent is None and draft is not None and draft.token == token:
            sent = services.send(current_user, draft, current_app.config["PROFILE"])
        if sent is None:
            return redirect(url_for("gp.check_referral" if draft else "gp.new_referral"), code=303)
        if draft is not None and draft.token == token:
            session.pop(DRAFT_KEY, None)
        return redirect(url_for("gp.referral_sent", application_id=sent.id), code=303)
    if draft is None:
        return redirect(url_for("gp.new_referral"), code=303)
    form.token.data = draft.token
    return render_template("referrals/check.html", form=form, draft=draft, cpr_digits=draft.cpr_digits)


@gp_bp.get("/henvisninger/<int:application_id>/kvittering")
@roles_required(Role.GP)
def referral_sent(application_id: int) -> ResponseReturnValue:
    application = services.get_referral_for(current_user, application_id)
    profile = current_app.config["PROFILE"]
    return render_template(
        "referrals/sent.html", application=application, steps=services.steps(application, profile), **LABELS
    )


@gp_bp.get("/henvisninger/<int:application_id>")
@roles_required(Role.GP)
def referral(application_id: int) -> ResponseReturnValue:
    application = services.get_referral_for(current_user, application_id)
    profile = current_app.config["PROFILE"]
    return render_template(
        "referrals/show.html",
        application=application,
        steps=services.steps(application, profile),
        masked_cpr=services.masked_cpr(application.person),
        end_note=program_builder.end_note_for(application, profile, EndNoteRecipient.GP),
        now=utcnow(),
        **LABELS,
    )


@bp.route("/henvisning/<int:application_id>/mine-svar", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def my_answers(application_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.APPLY)
    application = services.get_answerable_referral_for(person, application_id)
    form = MyAnswersForm(data=application.answers or None)
    if form.validate_on_submit():
        services.save_answers(application, form.answers(), current_user)
        flash(_("Thank you. Your answers are saved with the referral, and the municipality can read them."))
        return redirect(url_for("overview.index"), code=303)
    return render_template("referrals/my-answers.html", form=form, application=application, person=person)
