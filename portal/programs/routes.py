"""Mit træningsprogram: the citizen (or a relative with the "see" scope) reads, prints and downloads the programs;
the citizen (or a relative who may manage sessions) logs training days and chooses reminder days.

Logging is the citizen's own act, but many of the citizens are old and a relative often sits beside them and
fills in the form, so a relative may log and choose reminders with the same scope that lets them cancel sessions.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import clock, rate_limits
from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.allowed import see_or_home
from portal.auth.policy import Action, may
from portal.calendar import copenhagen_date
from portal.exercises.services import ACCEPTED
from portal.models import Person, Program, Role
from portal.pdf import render_pdf
from portal.programs import chart, links, qr, services
from portal.programs.forms import LogForm, RemindersForm
from portal.programs.labels import BORG_LABELS, LOGGED_AS_LABELS, WEEKDAY_LABELS, dose
from portal.programs.pictures import inline_svg, start_drawing
from portal.programs.train_views import logger_for

bp = Blueprint("programs", __name__, url_prefix="/mit-traeningsprogram")


@bp.app_template_filter("dose")
def dose_filter(item: Any) -> str:
    return dose(item)


def _lang() -> str:
    return str(get_locale())


def get_program_for(person: Person, program_id: int, with_items: bool = True) -> Program:
    program = services.get_issued_program(person.id, program_id, with_items)
    if program is None:
        abort(404)
    return program


def _may_log(person: Person) -> bool:
    return bool(may(current_user, Action.MANAGE_SESSIONS, person.id))


def _offline_urls(program: Program, may_log: bool, may_train: bool) -> list[str]:
    """What "Gem på denne telefon" keeps of the program: its pages, and its drawings (the CSS and scripts the worker
    keeps anyway)."""
    urls = [url_for("programs.mine"), url_for("programs.program", program_id=program.id)]
    urls.append(url_for("programs.progress", program_id=program.id))
    if may_log:
        urls.append(url_for("programs.log", program_id=program.id))
    if may_train:
        urls.append(url_for("train.start", program_id=program.id))
        urls += [url_for("train.step", program_id=program.id, number=n) for n in range(1, len(program.items) + 1)]
        urls.append(url_for("train.finish", program_id=program.id))
    for item in program.items:
        drawing = item.exercise.svg_file
        if drawing and not item.exercise.image_mime:
            urls.append(url_for("static", filename=f"exercises/{drawing}"))
            start = start_drawing(drawing)
            if start:
                urls.append(url_for("static", filename=f"exercises/{start}"))
    return urls


def _program_page(person_id: int, program: Program, programs: list[Program]) -> str:
    form = RemindersForm(data={"weekdays": sorted(services.weekdays_of(program))})
    may_log = bool(may(current_user, Action.MANAGE_SESSIONS, person_id))
    may_train = bool(may(current_user, Action.TRAIN, person_id))
    return render_template(
        "programs/program.html",
        name=acting.acted_for_name(person_id),
        program=program,
        others=[other for other in programs if other.id != program.id],
        newest=programs[0] if programs else program,
        lang=_lang(),
        may_log=may_log,
        may_train=may_train,
        offline_urls=_offline_urls(program, may_log, may_train),
        form=form,
        weekday_labels=WEEKDAY_LABELS,
        chosen=services.weekdays_of(program),
    )


@bp.get("/")
@roles_required(Role.CITIZEN)
def mine() -> ResponseReturnValue:
    person_id = acting.person_id_for(Action.SEE)
    programs = services.issued_programs(person_id)
    if not programs:
        return render_template("programs/none.html", name=acting.acted_for_name(person_id))
    return _program_page(person_id, services.load_items(programs[0]), programs)


@bp.get("/<int:program_id>")
@roles_required(Role.CITIZEN)
def program(program_id: int) -> ResponseReturnValue:
    person_id = acting.person_id_for(Action.SEE)
    programs = services.issued_programs(person_id)
    chosen = next((p for p in programs if p.id == program_id), None)
    if chosen is None:
        abort(404)
    return _program_page(person_id, services.load_items(chosen), programs)


def _qr_codes(program: Program) -> dict[int, qr.ExerciseCode]:
    return qr.codes_for(links.tokens_for(program), _("QR code that opens the exercise"))


@bp.get("/<int:program_id>/udskriv")
@roles_required(Role.CITIZEN)
def print_view(program_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    program = get_program_for(person, program_id)
    return render_template(
        "programs/print.html", person=person, program=program, lang=_lang(), qr_codes=_qr_codes(program)
    )


@bp.get("/<int:program_id>/program.pdf")
@roles_required(Role.CITIZEN)
@rate_limits.pdf
def pdf(program_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    program = get_program_for(person, program_id)
    html = render_template(
        "programs/program-pdf.html",
        person=person,
        program=program,
        lang=_lang(),
        inline_svg=inline_svg,
        pictures=services.uploaded_pictures(program),
        qr_codes=_qr_codes(program),
    )
    return Response(
        render_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="traeningsprogram-{program_id}.pdf"'},
    )


@bp.route("/<int:program_id>/registrer", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def log(program_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.MANAGE_SESSIONS)
    program = get_program_for(person, program_id)
    issued_on = copenhagen_date(program.issued_at) if program.issued_at else clock.today()
    form = LogForm(program=program, first_day=issued_on, lang=_lang())
    if form.validate_on_submit():
        _entry, updated = services.log_day(
            program,
            form.day.valid_date,
            form.items.data,
            form.effort.data,
            form.pain.data,
            form.note.data or "",
            logger_for(Action.MANAGE_SESSIONS, person),
            form.idempotency_key.data,
        )
        if updated:
            flash(_("The day was already logged. We have updated it with your new answers."))
        else:
            flash(_("Your training day is logged."))
        return redirect(see_or_home("programs.progress", program_id=program.id), code=303)
    return render_template("programs/log.html", form=form, program=program, lang=_lang())


@bp.get("/<int:program_id>/fremskridt")
@roles_required(Role.CITIZEN)
def progress(program_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    program = get_program_for(person, program_id, with_items=False)
    today = clock.today()
    entries = services.log_entries(program.id, since=services.progress_since(today))
    drawn = chart.build(((e.day, e.effort, e.pain) for e in entries), today, services.PROGRESS_WEEKS)
    return render_template(
        "programs/progress.html",
        program=program,
        entries=entries,
        chart=drawn,
        borg_labels=BORG_LABELS,
        logged_as_labels=LOGGED_AS_LABELS,
        may_log=_may_log(person),
        weeks=services.PROGRESS_WEEKS,
    )


@bp.post("/<int:program_id>/paamindelser")
@roles_required(Role.CITIZEN)
def reminders(program_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.MANAGE_SESSIONS)
    program = get_program_for(person, program_id, with_items=False)
    form = RemindersForm()
    if form.validate_on_submit():
        services.set_reminders(program, form.weekdays.data or [])
        if form.weekdays.data:
            flash(_("Your reminders are saved. You get a message on the days you chose."))
        else:
            flash(_("You will not get reminders."))
    return redirect(url_for("programs.program", program_id=program.id) + "#paamindelser", code=303)


@bp.get("/oevelser/<int:exercise_id>/billede")
@roles_required(Role.CITIZEN)
def image(exercise_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    exercise = services.exercise_in_issued_program(person.id, exercise_id)
    if exercise is None or exercise.image is None or exercise.image_mime not in ACCEPTED.values():
        abort(404)
    response = Response(exercise.image, mimetype=exercise.image_mime)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
