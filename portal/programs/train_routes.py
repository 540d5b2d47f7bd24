"""Træn nu on the citizen's side: the citizen, or a relative whose fuldmagt lets them train with the citizen."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action, may
from portal.models import Role
from portal.programs import services, train_views
from portal.programs.train_views import Trainee, logger_for

bp = Blueprint("train", __name__, url_prefix="/mit-traeningsprogram")


def _trainee() -> Trainee:
    person = acting.person_for(Action.TRAIN)
    sees_progress = bool(may(current_user, Action.SEE, person.id))
    return Trainee(
        person,
        "train",
        logger_for(Action.TRAIN, person),
        done_url=_progress if sees_progress else None,
    )


def _progress(program_id: int) -> str:
    return url_for("programs.progress", program_id=program_id)


@bp.get("/traen")
@roles_required(Role.CITIZEN)
def newest() -> ResponseReturnValue:
    trainee = _trainee()
    programs = services.issued_programs(trainee.person.id)
    if not programs:
        abort(404)
    return redirect(trainee.url("start", program_id=programs[0].id), code=303)


@bp.get("/<int:program_id>/traen")
@roles_required(Role.CITIZEN)
def start(program_id: int) -> ResponseReturnValue:
    return train_views.start_page(_trainee(), program_id)


@bp.post("/<int:program_id>/traen/start")
@roles_required(Role.CITIZEN)
def begin(program_id: int) -> ResponseReturnValue:
    return train_views.begin(_trainee(), program_id)


@bp.get("/<int:program_id>/traen/<int:number>")
@roles_required(Role.CITIZEN)
def step(program_id: int, number: int) -> ResponseReturnValue:
    return train_views.step_page(_trainee(), program_id, number)


@bp.post("/<int:program_id>/traen/<int:number>/saet")
@roles_required(Role.CITIZEN)
def set_done(program_id: int, number: int) -> ResponseReturnValue:
    return train_views.set_done(_trainee(), program_id, number)


@bp.route("/<int:program_id>/traen/slut", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def finish(program_id: int) -> ResponseReturnValue:
    return train_views.finish(_trainee(), program_id)
