"""The exercise page a QR code of the printed program opens: the drawing, the steps and the dose, as printed.

No login: a relative or a neighbour may scan the sheet on the fridge. So the page holds nothing personal (no name, no
date, no program, none of the therapist's free-text notes or aids, which may name the person), and the address holds
only the link's random token (see links.py). A revoked link, from a program since replaced, says so and shows nothing.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from portal.auth.access import public
from portal.exercises.services import ACCEPTED
from portal.programs import links
from portal.programs.labels import dose
from portal.programs.pictures import start_drawing

bp = Blueprint("exercise_page", __name__, url_prefix="/oevelse")

# A token is 22 characters; anything much longer is not one, and is not looked up.
MAX_TOKEN = 64


def _link(token: str) -> links.FoundLink:
    found = links.find(token) if len(token) <= MAX_TOKEN else None
    if found is None:
        abort(404)
    return found


@bp.get("/<token>")
@public
def show(token: str) -> ResponseReturnValue:
    link, item = _link(token)
    if link.revoked_at is not None:
        return render_template("programs/exercise-page-revoked.html"), 410
    exercise = item.exercise
    picture = url_for("exercise_page.image", token=token) if exercise.image_mime else None
    return render_template(
        "programs/exercise-page.html",
        exercise=exercise,
        dose=dose(item),
        picture_url=picture,
        start_drawing=start_drawing,
        lang=str(get_locale()),
    )


@bp.get("/<token>/billede")
@public
def image(token: str) -> ResponseReturnValue:
    link, item = _link(token)
    exercise = links.with_image(item.exercise_id)
    if link.revoked_at is not None or exercise is None or exercise.image_mime not in ACCEPTED.values():
        abort(404)
    response = Response(exercise.image, mimetype=exercise.image_mime)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
