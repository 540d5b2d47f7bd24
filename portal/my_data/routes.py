"""Hent mine data: everything the portal holds about you, readable and machine-readable, in one click."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.access_log import services as access_log
from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action
from portal.clock import now
from portal.models import Role
from portal.my_data import readable
from portal.my_data.export import export

bp = Blueprint("my_data", __name__)


@bp.get("/mine-data")
@roles_required(Role.CITIZEN)
def index() -> ResponseReturnValue:
    acting.own_person(Action.DOWNLOAD_DATA)
    return render_template("my_data/index.html")


@bp.get("/mine-data/mine-data.<fmt>")
@roles_required(Role.CITIZEN)
def download(fmt: str) -> ResponseReturnValue:
    if fmt not in ("json", "html"):
        abort(404)
    me = acting.own_person(Action.DOWNLOAD_DATA)
    access_log.record(current_user, me.id, "self", "my_data.download", detail=fmt)
    data = {"generated": now().isoformat(), "municipality": current_app.config["PROFILE"].name, **export(me)}
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2)
        mimetype = "application/json"
    else:
        body = render_template("my_data/export.html", data=data, **readable.context())
        mimetype = "text/html"
    filename = f"traeningsportalen-mine-data.{fmt}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
