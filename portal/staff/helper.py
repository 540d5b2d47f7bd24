"""Træn med for home care: a home-care helper, logged in as staff with the helper role, finds the citizen by CPR
number and runs their program with them, in the citizen's home.

The step pages are the citizen's own (train_views), at addresses under /medarbejder that name the citizen. Every page
that shows the citizen's data goes through `get_citizen_for_helper`, which notes the read for the citizen's access
log; the day is logged in the helper's name. The helper sees the program, the training days and nothing else.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import people, rate_limits
from portal.access_log import services as access_log
from portal.auth.access import roles_required
from portal.auth.policy import Action, may
from portal.exercises.services import ACCEPTED
from portal.extensions import db
from portal.models import Person, Role
from portal.programs import links, services, train_views
from portal.programs.labels import session_dose
from portal.programs.train_views import Trainee, logger_for
from portal.staff.forms import FindCitizenForm

bp = Blueprint("helper", __name__, url_prefix="/medarbejder/traen-med")

# The training days the citizen's page shows, newest first.
RECENT_DAYS = 5


def get_citizen_for_helper(person_id: int) -> Person:
    """The citizen, if the caller may train with them; the read goes into the citizen's access log. 404 otherwise."""
    person = db.session.get(Person, person_id)
    if person is None or not may(current_user, Action.TRAIN, person.id):
        abort(404)
    access_log.record_reads(current_user, [person.id], "staff")
    return person


def _trainee(person_id: int) -> Trainee:
    person = get_citizen_for_helper(person_id)
    return Trainee(
        person,
        "helper",
        logger_for(Action.TRAIN, person),
        url_values={"person_id": person.id},
        done_url=lambda _program_id: url_for("helper.citizen", person_id=person.id),
        picture_endpoint="helper.image",
    )


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.HELPER)
@rate_limits.cpr_entry
def find_citizen() -> ResponseReturnValue:
    # A POST, so the CPR number never stands in an address or a server log.
    form = FindCitizenForm()
    if form.validate_on_submit():
        person = people.find_by_cpr(form.cpr_number.digits)
        if person is not None and may(current_user, Action.TRAIN, person.id):
            access_log.record(current_user, person.id, "staff", "helper.find_citizen")
            return redirect(url_for("helper.citizen", person_id=person.id), code=303)
        form.cpr_number.errors.append(_("No citizen with this CPR number is known to the portal yet"))
    return render_template("staff/find-citizen.html", form=form)


@bp.get("/borger/<int:person_id>")
@roles_required(Role.HELPER)
def citizen(person_id: int) -> ResponseReturnValue:
    person = get_citizen_for_helper(person_id)
    program = services.newest_issued_program(person.id)
    recent = services.recent_entries(program.id, RECENT_DAYS) if program is not None else []
    return render_template(
        "programs/helper/citizen.html",
        person=person,
        program=program,
        recent=recent,
        session_dose=session_dose,
        lang=str(get_locale()),
    )


@bp.get("/oevelser/<int:exercise_id>/billede")
@roles_required(Role.HELPER)
def image(exercise_id: int) -> ResponseReturnValue:
    # A picture of the exercise library, the same for every citizen: it tells nothing about anyone.
    exercise = links.with_image(exercise_id)
    if exercise is None or exercise.image is None or exercise.image_mime not in ACCEPTED.values():
        abort(404)
    response = Response(exercise.image, mimetype=exercise.image_mime)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/borger/<int:person_id>/program/<int:program_id>/traen")
@roles_required(Role.HELPER)
def start(person_id: int, program_id: int) -> ResponseReturnValue:
    return train_views.start_page(_trainee(person_id), program_id)


@bp.post("/borger/<int:person_id>/program/<int:program_id>/traen/start")
@roles_required(Role.HELPER)
def begin(person_id: int, program_id: int) -> ResponseReturnValue:
    return train_views.begin(_trainee(person_id), program_id)


@bp.get("/borger/<int:person_id>/program/<int:program_id>/traen/<int:number>")
@roles_required(Role.HELPER)
def step(person_id: int, program_id: int, number: int) -> ResponseReturnValue:
    return train_views.step_page(_trainee(person_id), program_id, number)


@bp.post("/borger/<int:person_id>/program/<int:program_id>/traen/<int:number>/saet")
@roles_required(Role.HELPER)
def set_done(person_id: int, program_id: int, number: int) -> ResponseReturnValue:
    return train_views.set_done(_trainee(person_id), program_id, number)


@bp.route("/borger/<int:person_id>/program/<int:program_id>/traen/slut", methods=["GET", "POST"])
@roles_required(Role.HELPER)
def finish(person_id: int, program_id: int) -> ResponseReturnValue:
    return train_views.finish(_trainee(person_id), program_id)
