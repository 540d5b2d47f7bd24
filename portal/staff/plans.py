"""Genoptræningsplaner for staff: register a plan from the hospital, see a plan, and the newest plans with how their
starts stand. A registered plan makes its § 140 course at once (portal.plans.services)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import people
from portal.access_log import services as access_log
from portal.auth.access import roles_required
from portal.clock import today
from portal.models import Role
from portal.plans import free_choice, labels, services
from portal.staff.plan_forms import PlanForm

bp = Blueprint("staff_plans", __name__, url_prefix="/medarbejder/genoptraeningsplaner")

# Visitators and therapists both receive plans from the hospitals.
PLAN_STAFF = (Role.VISITATOR, Role.THERAPIST, Role.ADMIN)


def _label_context() -> dict[str, object]:
    return {
        "level_labels": labels.LEVEL_LABELS,
        "standing_labels": labels.STANDING_LABELS,
        "basis_labels": labels.BASIS_LABELS,
    }


@bp.get("/")
@roles_required(*PLAN_STAFF)
def index() -> ResponseReturnValue:
    plans = services.recent_plans()
    access_log.record_reads(current_user, [plan.person_id for plan in plans], "staff")
    starts = free_choice.first_starts(plan.course_id for plan in plans)
    day, national = today(), current_app.config["NATIONAL"]
    rows = [(plan, free_choice.standing(plan, starts.get(plan.course_id), day, national)) for plan in plans]
    # The late ones first: they are what someone must act on.
    rows.sort(key=lambda row: row[1] not in free_choice.LATE_STANDINGS)
    return render_template("staff/plans/index.html", rows=rows, late=free_choice.LATE_STANDINGS, **_label_context())


@bp.route("/ny", methods=["GET", "POST"])
@roles_required(*PLAN_STAFF)
def new() -> ResponseReturnValue:
    profile = current_app.config["PROFILE"]
    offers = services.plan_offers(profile)
    language = str(get_locale())
    form = PlanForm(offers=offers, language=language, data={"received_on": today()})
    if form.validate_on_submit() and form.chosen_offer is not None:
        given, family = people.split_name(form.name.data)
        person = people.find_or_create(form.cpr_number.digits, given, family)
        plan = services.register(
            person,
            form.details,
            form.chosen_offer,
            form.session_count,
            current_user.account_id,
            profile,
            current_app.config["NATIONAL"],
        )
        # A change, written at once; the form before it shows no citizen's data.
        access_log.record(current_user, person.id, "staff", "staff_plans.new")
        flash(_("The plan is registered, and the course is ready for booking."))
        return redirect(url_for("staff_plans.plan", plan_id=plan.id), code=303)
    return render_template("staff/plans/new.html", form=form)


@bp.get("/<int:plan_id>")
@roles_required(*PLAN_STAFF)
def plan(plan_id: int) -> ResponseReturnValue:
    found = services.get_plan(plan_id)
    if found is None:
        abort(404)
    access_log.record_reads(current_user, [found.person_id], "staff")
    first = free_choice.first_starts([found.course_id]).get(found.course_id)
    return render_template(
        "staff/plans/plan.html",
        plan=found,
        first_start=first,
        standing=free_choice.standing(found, first, today(), current_app.config["NATIONAL"]),
        **_label_context(),
    )
