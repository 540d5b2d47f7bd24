"""Hold: the therapists' teams, each at a centre of the profile with a number of places."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.access import roles_required
from portal.forms import PortalForm
from portal.models import Role, Team
from portal.sessions import teams as services
from portal.staff.teams.forms import TeamForm

bp = Blueprint("staff_teams", __name__, url_prefix="/medarbejder/hold")


@bp.get("/")
@roles_required(Role.THERAPIST)
def index() -> ResponseReturnValue:
    centres = {centre.id: centre.name for centre in current_app.config["PROFILE"].centres}
    return render_template("staff/teams/index.html", teams=services.teams(), centres=centres, form=PortalForm())


def get_team_for_staff(team_id: int) -> Team:
    team = services.get(team_id)
    if team is None:
        abort(404)
    return team


@bp.post("/<int:team_id>/luk")
@roles_required(Role.THERAPIST)
def close(team_id: int) -> ResponseReturnValue:
    team = get_team_for_staff(team_id)
    if PortalForm().validate_on_submit():
        services.set_active(team, False)
        flash(_("The team is closed. It takes no new bookings; the sessions already booked stay."))
    return redirect(url_for("staff_teams.index"), code=303)


@bp.post("/<int:team_id>/aabn")
@roles_required(Role.THERAPIST)
def reopen(team_id: int) -> ResponseReturnValue:
    team = get_team_for_staff(team_id)
    if PortalForm().validate_on_submit():
        services.set_active(team, True)
        flash(_("The team is open for bookings again."))
    return redirect(url_for("staff_teams.index"), code=303)


@bp.route("/ny", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def create() -> ResponseReturnValue:
    form = TeamForm(centres=current_app.config["PROFILE"].centres)
    if form.validate_on_submit():
        services.create(form.name.data, form.centre.data, form.capacity.number, current_user.account_id)
        flash(_("The team is created."))
        return redirect(url_for("staff_teams.index"), code=303)
    return render_template("staff/teams/create.html", form=form)
