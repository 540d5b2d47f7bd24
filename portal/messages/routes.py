"""Beskeder: the letters and notices the citizen has had, for them or a relative with the scope to see."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user
from markupsafe import Markup, escape

from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action
from portal.messages import services
from portal.models import Role
from portal.paging import requested_page

bp = Blueprint("messages", __name__)

ADDRESS = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,:;!?)]")


@bp.app_template_filter("letter_line")
def letter_line(line: str) -> Markup:
    """One line of a letter as HTML: the portal's own addresses become links, everything else stays text. An
    address elsewhere (in words a person wrote) is not made a link, so a letter cannot send the reader away."""
    own = current_app.config["PORTAL_URL"] + "/"
    parts: list[str] = []
    start = 0
    for found in ADDRESS.finditer(line):
        address = found.group()
        if not address.startswith(own):
            continue
        parts += [escape(line[start : found.start()]), Markup('<a href="{0}">{0}</a>').format(address)]
        start = found.end()
    parts.append(escape(line[start:]))
    return Markup("").join(parts)


@bp.get("/beskeder")
@roles_required(Role.CITIZEN)
def index() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    page = requested_page()
    rows = services.page_of(person.id, page)
    return render_template(
        "messages/index.html",
        messages=rows[: services.PAGE_SIZE],
        page=page,
        has_older=len(rows) > services.PAGE_SIZE,
        person=person,
    )


@bp.get("/beskeder/<int:message_id>")
@roles_required(Role.CITIZEN)
def show(message_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    message = services.get_letter(person.id, message_id) or abort(404)
    # A letter is read when the person it is to has read it; a relative reading it leaves it new for them.
    if person.id == current_user.person_id:
        services.mark_read(message)
    return render_template("messages/show.html", message=message)
