"""Mine pårørende (the citizen gives and takes back fuldmagter) and the relative's chooser."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal import cpr, rate_limits
from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.held import held_by
from portal.auth.policy import Action
from portal.auth.scope_labels import SCOPE_HELP, SCOPE_LABELS
from portal.clock import today
from portal.delegations import services
from portal.delegations.forms import GrantForm
from portal.forms import PortalForm
from portal.models import Role

bp = Blueprint("delegations", __name__)


@bp.get("/mine-paaroerende")
@roles_required(Role.CITIZEN)
def relatives() -> ResponseReturnValue:
    me = acting.own_person(Action.MANAGE_RELATIVES)
    return render_template(
        "delegations/relatives.html",
        delegations=services.given_by(me.id),
        today=today(),
        scope_labels=SCOPE_LABELS,
        scope_help=SCOPE_HELP,
        form=PortalForm(),
    )


@bp.route("/mine-paaroerende/ny", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
@rate_limits.cpr_entry
def grant() -> ResponseReturnValue:
    me = acting.own_person(Action.MANAGE_RELATIVES)
    form = GrantForm(own_cpr=cpr.decrypt(me.cpr_encrypted))
    if form.validate_on_submit():
        try:
            services.grant(
                current_user, me, form.relative_cpr, form.name.data, form.chosen_scopes, form.end_date, today()
            )
        except services.GrantRefused:
            form.cpr_number.errors.append(_("You have already given this person a power of attorney"))
        else:
            flash(_("%(name)s must accept the power of attorney the next time they log in.", name=form.name.data))
            return redirect(url_for("delegations.relatives"), code=303)
    return render_template("delegations/grant.html", form=form, scope_help=SCOPE_HELP)


@bp.post("/mine-paaroerende/<int:delegation_id>/tilbagekald")
@roles_required(Role.CITIZEN)
def revoke(delegation_id: int) -> ResponseReturnValue:
    acting.own_person(Action.MANAGE_RELATIVES)
    delegation = services.get_given_for(current_user, delegation_id)
    if PortalForm().validate_on_submit() and delegation.revoked_at is None:
        services.revoke(delegation, current_user, "self")
        flash(_("The power of attorney is revoked. It no longer works, also not for someone logged in right now."))
    return redirect(url_for("delegations.relatives"), code=303)


@bp.get("/jeg-hjaelper")
@roles_required(Role.CITIZEN)
def choose() -> ResponseReturnValue:
    held = held_by(current_user.person_id) if current_user.person_id else []
    day = today()
    return render_template(
        "delegations/choose.html",
        active=[d for d in held if d.is_active_on(day)],
        pending=[d for d in held if d.is_pending_on(day)],
        scope_labels=SCOPE_LABELS,
        scope_help=SCOPE_HELP,
        form=PortalForm(),
    )


@bp.post("/jeg-hjaelper/<int:delegation_id>/godkend")
@roles_required(Role.CITIZEN)
def accept(delegation_id: int) -> ResponseReturnValue:
    delegation = services.get_held_for(current_user, delegation_id)
    pending = PortalForm().validate_on_submit() and delegation.is_pending_on(today())
    if pending and services.accept(delegation, current_user):
        flash(_("You can now act for %(name)s.", name=delegation.grantor.full_name))
    return redirect(url_for("delegations.choose"), code=303)


@bp.post("/jeg-hjaelper/<int:delegation_id>/afvis")
@roles_required(Role.CITIZEN)
def decline(delegation_id: int) -> ResponseReturnValue:
    delegation = services.get_held_for(current_user, delegation_id)
    pending = PortalForm().validate_on_submit() and delegation.is_pending_on(today())
    if pending and services.decline(delegation, current_user):
        flash(_("You have declined the power of attorney from %(name)s.", name=delegation.grantor.full_name))
    return redirect(url_for("delegations.choose"), code=303)


@bp.post("/jeg-hjaelper/<int:delegation_id>/vaelg")
@roles_required(Role.CITIZEN)
def act_for(delegation_id: int) -> ResponseReturnValue:
    delegation = services.get_held_for(current_user, delegation_id)
    if not delegation.is_active_on(today()):
        return redirect(url_for("delegations.choose"), code=303)
    acting.act_for(delegation.grantor)
    return redirect(url_for("overview.index"), code=303)


@bp.post("/jeg-hjaelper/mig-selv")
@roles_required(Role.CITIZEN)
def act_for_myself() -> ResponseReturnValue:
    acting.act_for_myself()
    return redirect(url_for("overview.index"), code=303)
