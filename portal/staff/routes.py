"""The municipality's console: paper fuldmagter and guardianships, and a citizen's access log with a reason."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import people, rate_limits
from portal.access_log import services as access_log
from portal.access_log.labels import ACTING_LABELS, action_label
from portal.auth.access import roles_required
from portal.auth.policy import Action, may
from portal.auth.scope_labels import SCOPE_HELP, SCOPE_LABELS
from portal.clock import today
from portal.delegations import services as delegations
from portal.extensions import db
from portal.forms import PortalForm
from portal.models import Delegation, Person, Role
from portal.models.delegation import DelegationKind
from portal.staff.courses.context import new_cancellations
from portal.staff.forms import FindCitizenForm, PaperForm, ReasonForm

bp = Blueprint("staff", __name__, url_prefix="/medarbejder")

ROLE_NAMES = {
    Role.VISITATOR: _l("Visitator"),
    Role.THERAPIST: _l("Therapist"),
    Role.ADMIN: _l("Administrator"),
    Role.HELPER: _l("Home-care helper"),
}
CASEWORKERS = (Role.VISITATOR, Role.ADMIN)


@bp.get("/")
@roles_required(Role.VISITATOR, Role.THERAPIST, Role.ADMIN, Role.HELPER)
def console() -> ResponseReturnValue:
    return render_template("staff/console.html", role_names=ROLE_NAMES, **new_cancellations())


@bp.route("/borger", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
@rate_limits.cpr_entry
def find_citizen() -> ResponseReturnValue:
    # A POST, so the CPR number never stands in an address or a server log.
    form = FindCitizenForm()
    if form.validate_on_submit():
        person = people.find_by_cpr(form.cpr_number.digits)
        if person is not None:
            return redirect(url_for("staff.citizen", person_id=person.id), code=303)
        form.cpr_number.errors.append(_("No citizen with this CPR number is known to the portal yet"))
    return render_template("staff/find-citizen.html", form=form)


def _citizen(person_id: int, action: Action) -> Person:
    """The citizen, if the staff member may do `action` for them; written in their access log as read."""
    person = db.session.get(Person, person_id)
    if person is None or not may(current_user, action, person.id):
        abort(404)
    access_log.record_reads(current_user, [person.id], "staff")
    return person


def _citizen_page(person: Person, reason_form: ReasonForm) -> str:
    return render_template(
        "staff/citizen.html",
        person=person,
        delegations=delegations.given_by(person.id),
        today=today(),
        scope_labels=SCOPE_LABELS,
        scope_help=SCOPE_HELP,
        reason_form=reason_form,
        form=PortalForm(),
    )


@bp.get("/borger/<int:person_id>")
@roles_required(*CASEWORKERS)
def citizen(person_id: int) -> ResponseReturnValue:
    person = _citizen(person_id, Action.REGISTER_DELEGATION)
    return _citizen_page(person, ReasonForm())


@bp.route("/borger/<int:person_id>/fuldmagt", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
@rate_limits.cpr_entry
def register_paper(person_id: int) -> ResponseReturnValue:
    person = _citizen(person_id, Action.REGISTER_DELEGATION)
    form = PaperForm()
    if form.validate_on_submit():
        delegations.register_on_paper(
            current_user,
            person,
            form.relative_cpr,
            form.name.data,
            DelegationKind(form.kind.data),
            form.chosen_scopes,
            form.end_date,
            form.paper_reference.data,
            today(),
        )
        flash(_("The power of attorney is registered and holds from today."))
        return redirect(url_for("staff.citizen", person_id=person.id), code=303)
    return render_template("staff/register-paper.html", form=form, person=person, scope_help=SCOPE_HELP)


@bp.post("/fuldmagt/<int:delegation_id>/afslut")
@roles_required(*CASEWORKERS)
def end_delegation(delegation_id: int) -> ResponseReturnValue:
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or not may(current_user, Action.REGISTER_DELEGATION, delegation.grantor_person_id):
        abort(404)
    if PortalForm().validate_on_submit() and delegation.revoked_at is None:
        delegations.revoke(delegation, current_user, "staff")
        flash(_("The power of attorney is ended."))
    return redirect(url_for("staff.citizen", person_id=delegation.grantor_person_id), code=303)


@bp.post("/borger/<int:person_id>/log")
@roles_required(*CASEWORKERS)
def citizen_log(person_id: int) -> ResponseReturnValue:
    person = _citizen(person_id, Action.STAFF_READ_ACCESS_LOG)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _citizen_page(person, form)
    access_log.record(current_user, person.id, "staff", "staff.access_log", detail=form.reason.data)
    entries, _more = access_log.page_for(person.id, 1)
    return render_template(
        "staff/citizen-log.html",
        person=person,
        entries=entries,
        reason=form.reason.data,
        acting_labels=ACTING_LABELS,
        action_label=action_label,
    )
