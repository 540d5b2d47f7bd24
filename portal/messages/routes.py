"""Beskeder: the letters and notices the citizen has had, for them or a relative with the scope to see."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action
from portal.extensions import db
from portal.models import Message, Role
from portal.paging import requested_page

bp = Blueprint("messages", __name__)
PAGE_SIZE = 20


@bp.get("/beskeder")
@roles_required(Role.CITIZEN)
def index() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    page = requested_page()
    rows = db.session.scalars(
        sa.select(Message)
        .where(Message.person_id == person.id)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    return render_template(
        "messages/index.html", messages=rows[:PAGE_SIZE], page=page, has_older=len(rows) > PAGE_SIZE, person=person
    )


@bp.get("/beskeder/<int:message_id>")
@roles_required(Role.CITIZEN)
def show(message_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    message = db.session.get(Message, message_id)
    if message is None or message.person_id != person.id:
        abort(404)
    return render_template("messages/show.html", message=message)
