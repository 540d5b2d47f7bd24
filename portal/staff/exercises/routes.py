"""Øvelser: the exercise library that staff keep, and that self-training programs are built from."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.auth.access import roles_required
from portal.exercises import services
from portal.exercises.labels import AREA_LABELS, LEVEL_LABELS
from portal.forms import PortalForm
from portal.models import Exercise, Role
from portal.paging import requested_page
from portal.staff.exercises.forms import ExerciseForm, FilterForm, PictureForm

bp = Blueprint("exercises", __name__, url_prefix="/medarbejder/oevelser")

STAFF = (Role.THERAPIST, Role.VISITATOR, Role.ADMIN)
LABELS = {"area_labels": AREA_LABELS, "level_labels": LEVEL_LABELS}


def get_exercise_for_staff(exercise_id: int) -> Exercise:
    exercise = services.get(exercise_id)
    if exercise is None:
        abort(404)
    return exercise


def _to(exercise: Exercise) -> ResponseReturnValue:
    return redirect(url_for("exercises.exercise", exercise_id=exercise.id), code=303)


@bp.get("/")
@roles_required(*STAFF)
def index() -> ResponseReturnValue:
    form = FilterForm(request.args)
    form.validate()
    found = services.search(form.q.data, form.area, form.level, bool(form.udgaaede.data), requested_page())
    return render_template("staff/exercises/index.html", form=form, found=found, **LABELS)


@bp.get("/<int:exercise_id>")
@roles_required(*STAFF)
def exercise(exercise_id: int) -> ResponseReturnValue:
    return render_template(
        "staff/exercises/exercise.html", exercise=get_exercise_for_staff(exercise_id), form=PortalForm(), **LABELS
    )


@bp.route("/ny", methods=["GET", "POST"])
@roles_required(*STAFF)
def new() -> ResponseReturnValue:
    form = ExerciseForm()
    if form.validate_on_submit():
        created = services.save(None, form.values)
        flash(_("The exercise is added to the library."))
        return _to(created)
    return render_template("staff/exercises/edit.html", form=form, exercise=None)


@bp.route("/<int:exercise_id>/ret", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(exercise_id: int) -> ResponseReturnValue:
    exercise = get_exercise_for_staff(exercise_id)
    form = ExerciseForm.for_exercise(exercise)
    if form.validate_on_submit():
        services.save(exercise, form.values)
        flash(_("The exercise is saved."))
        return _to(exercise)
    return render_template("staff/exercises/edit.html", form=form, exercise=exercise)


@bp.post("/<int:exercise_id>/tag-ud-af-brug")
@roles_required(*STAFF)
def retire(exercise_id: int) -> ResponseReturnValue:
    exercise = get_exercise_for_staff(exercise_id)
    if PortalForm().validate_on_submit():
        services.retire(exercise)
        flash(_("The exercise is retired. Programs that have it keep it."))
    return _to(exercise)


@bp.post("/<int:exercise_id>/tag-i-brug")
@roles_required(*STAFF)
def reinstate(exercise_id: int) -> ResponseReturnValue:
    exercise = get_exercise_for_staff(exercise_id)
    if PortalForm().validate_on_submit():
        services.reinstate(exercise)
        flash(_("The exercise is in use again."))
    return _to(exercise)


@bp.route("/<int:exercise_id>/billede", methods=["GET", "POST"])
@roles_required(*STAFF)
def picture(exercise_id: int) -> ResponseReturnValue:
    exercise = get_exercise_for_staff(exercise_id)
    form = PictureForm()
    if form.validate_on_submit():
        services.set_image(exercise, *form.encoded)
        flash(_("The picture is saved."))
        return _to(exercise)
    return render_template("staff/exercises/picture.html", form=form, exercise=exercise)


@bp.get("/<int:exercise_id>/billede/vis")
@roles_required(*STAFF)
def image(exercise_id: int) -> ResponseReturnValue:
    exercise = get_exercise_for_staff(exercise_id)
    if exercise.image is None or exercise.image_mime not in services.ACCEPTED.values():
        abort(404)
    response = Response(exercise.image, mimetype=exercise.image_mime)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
