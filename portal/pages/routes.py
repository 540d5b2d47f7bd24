"""Pages every public-sector site must have: accessibility, privacy and cookies."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from portal.auth.access import public

bp = Blueprint("pages", __name__)


@bp.get("/tilgaengelighed")
@public
def accessibility() -> ResponseReturnValue:
    return render_template("pages/accessibility.html")


@bp.get("/privatliv")
@public
def privacy() -> ResponseReturnValue:
    return render_template("pages/privacy.html")


@bp.get("/cookies")
@public
def cookies() -> ResponseReturnValue:
    return render_template("pages/cookies.html")
