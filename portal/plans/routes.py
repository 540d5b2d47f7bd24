"""Din genoptræningsplan: the citizen (or a relative with the see scope) reads the hospital's plan, when the
training must start, whether it did, and what free choice means."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action
from portal.clock import today
from portal.models import Role
from portal.plans import free_choice, labels, services

bp = Blueprint("plans", __name__, url_prefix="/genoptraeningsplan")


@bp.get("/")
@roles_required(Role.CITIZEN)
def index() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    plans = services.plans_of(person.id)
    return render_template("plans/index.html", person=person, plans=plans, level_labels=labels.LEVEL_LABELS)


@bp.get("/<int:plan_id>")
@roles_required(Role.CITIZEN)
def plan(plan_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    found = services.get_plan_for(person.id, plan_id)
    first = free_choice.first_starts([found.course_id]).get(found.course_id)
    national = current_app.config["NATIONAL"]
    return render_template(
        "plans/plan.html",
        person=person,
        plan=found,
        first_start=first,
        standing=free_choice.standing(found, first, today(), national),
        law=national,
        level_labels=labels.LEVEL_LABELS,
    )
