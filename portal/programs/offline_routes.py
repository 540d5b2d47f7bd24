"""The program on a phone without network: the service worker and the two pages it keeps for when the phone is offline.

The worker is a static file of ours (static/js/program-sw.js) served from the root, so it may see the program pages
and the logout; the strict CSP stays as it is. What it does is written at the top of the file. The two pages here say
what happened in words from the catalogue, and hold nothing personal, since the worker keeps them for anyone.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, render_template
from flask.typing import ResponseReturnValue

from portal.auth.access import public

bp = Blueprint("offline", __name__)

WORKER = Path(__file__).resolve().parent.parent / "static" / "js" / "program-sw.js"


@bp.get("/traeningsprogram-sw.js")
@public
def worker() -> ResponseReturnValue:
    # Read whole, not streamed: a small script, and nothing is left open if the answer is not read to the end.
    # It is no-store as every file the portal sends, so a browser that looks for a new worker always finds it.
    return Response(WORKER.read_bytes(), mimetype="text/javascript")


@bp.get("/mit-traeningsprogram/offline")
@public
def offline() -> ResponseReturnValue:
    return render_template("programs/offline/offline.html")


@bp.get("/mit-traeningsprogram/gemt-paa-telefonen")
@public
def saved() -> ResponseReturnValue:
    return render_template("programs/offline/saved.html")
