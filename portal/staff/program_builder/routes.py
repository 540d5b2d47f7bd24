"""Selvtræningsprogram og slutstatus: the therapist builds the course's program, writes the end note and issues both.

Every page works without JavaScript: the search is a GET form, each change a small POST form.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from portal.access_log import services as access_log
from portal.auth.access import roles_required
from portal.domain import DomainRefused
from portal.exercises.labels import AREA_LABELS, LEVEL_LABELS
from portal.forms import PortalForm
from portal.models import Course, CourseStatus, Program, ProgramItem, Role
from portal.municipalities.schema import EndNoteRecipient, Profile
from portal.paging import requested_page
from portal.programs import builder as services
from portal.programs.builder_labels import REFUSALS
from portal.requests import on_refusal
from portal.sessions import services as sessions
from portal.staff.program_builder.forms import DoseForm, EndNoteForm, IntroductionForm, PickerForm, TemplateForm
from portal.staff.program_builder.labels import RECOMMENDATION_HINTS

bp = Blueprint("program_builder", __name__, url_prefix="/medarbejder")

THERAPIST = Role.THERAPIST


def _profile() -> Profile:
    return current_app.config["PROFILE"]


def get_course_for_therapist(course_id: int) -> Course:
    """The course, written in its citizen's access log as read on this page."""
    course = sessions.get_course(course_id)
    if course is None:
        abort(404)
    access_log.record_reads(current_user, [course.person_id], "staff")
    return course


def get_issue_check_for_therapist(course_id: int) -> services.IssueCheck:
    """The course, the GP's address and the end note in one query (the issue check page's budget); logged as read."""
    found = services.issue_check(course_id)
    if found is None:
        abort(404)
    access_log.record_reads(current_user, [found.course.person_id], "staff")
    return found


def get_draft_for(course: Course, with_items: bool = False) -> Program | None:
    """The course's program while it can still change; None once it is issued or the course has ended."""
    program = services.get_program(course.id) if with_items else services.get_program_row(course.id)
    if program is None or program.is_issued or course.status != CourseStatus.ACTIVE:
        return None
    return program


def get_item_for(program: Program, item_id: int) -> ProgramItem:
    item = services.get_item(program, item_id)
    if item is None:
        abort(404)
    return item


def _to_program(course: Course) -> ResponseReturnValue:
    return redirect(url_for("program_builder.program", course_id=course.id), code=303)


@bp.get("/forloeb/<int:course_id>/program")
@roles_required(THERAPIST)
def program(course_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    program = services.get_program(course.id)
    return render_template(
        "staff/program_builder/program.html",
        course=course,
        program=program,
        note=services.get_end_note(course.id),
        problems=services.program_problems(program),
        dose_problems=services.dose_problems,
        dose_of=services.dose_of,
        editable=program is not None and not program.is_issued and course.status == CourseStatus.ACTIVE,
        max_items=services.MAX_ITEMS,
        form=PortalForm(),
    )


@bp.post("/forloeb/<int:course_id>/program/opret")
@roles_required(THERAPIST)
def start(course_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    if PortalForm().validate_on_submit() and course.status == CourseStatus.ACTIVE:
        services.start(course, current_user.account_id)
    return redirect(url_for("program_builder.picker", course_id=course.id), code=303)


@bp.get("/forloeb/<int:course_id>/program/oevelser")
@roles_required(THERAPIST)
def picker(course_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    program = get_draft_for(course)
    if program is None:
        return _to_program(course)
    form = PickerForm(request.args)
    form.validate()
    found = services.pick(form.q.data, form.area, form.level, requested_page())
    return render_template(
        "staff/program_builder/picker.html",
        course=course,
        form=form,
        found=found,
        add_form=PortalForm(),
        area_labels=AREA_LABELS,
        level_labels=LEVEL_LABELS,
    )


@bp.post("/forloeb/<int:course_id>/program/oevelser/<int:exercise_id>")
@roles_required(THERAPIST)
def add(course_id: int, exercise_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    exercise = services.get_exercise_in_use(exercise_id)
    if exercise is None:
        abort(404)
    program = get_draft_for(course)
    if program is None or not PortalForm().validate_on_submit():
        return _to_program(course)
    item = services.add(program, exercise)
    if item is None:
        flash(_("The program has room for %(max)s exercises.", max=services.MAX_ITEMS))
        return _to_program(course)
    flash(_("%(name)s is added. Set the dose.", name=exercise.name(str(get_locale()))))
    return redirect(url_for("program_builder.item", course_id=course.id, item_id=item.id), code=303)


@bp.route("/forloeb/<int:course_id>/program/punkter/<int:item_id>", methods=["GET", "POST"])
@roles_required(THERAPIST)
def item(course_id: int, item_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    program = get_draft_for(course)
    if program is None:
        return _to_program(course)
    item = get_item_for(program, item_id)
    form = DoseForm.for_item(item)
    if form.validate_on_submit():
        services.set_dose(item, form.dose)
        flash(_("The dose is saved."))
        return _to_program(course)
    return render_template("staff/program_builder/item.html", course=course, item=item, form=form)


def _move(course_id: int, item_id: int, step: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    program = get_draft_for(course)
    if program is None:
        return _to_program(course)
    item = get_item_for(program, item_id)
    if PortalForm().validate_on_submit():
        if step:
            services.move(program, item, step)
        else:
            services.remove(program, item)
            flash(_("The exercise is removed from the program."))
    return _to_program(course)


@bp.post("/forloeb/<int:course_id>/program/punkter/<int:item_id>/op")
@roles_required(THERAPIST)
def move_up(course_id: int, item_id: int) -> ResponseReturnValue:
    return _move(course_id, item_id, -1)


@bp.post("/forloeb/<int:course_id>/program/punkter/<int:item_id>/ned")
@roles_required(THERAPIST)
def move_down(course_id: int, item_id: int) -> ResponseReturnValue:
    return _move(course_id, item_id, 1)


@bp.post("/forloeb/<int:course_id>/program/punkter/<int:item_id>/fjern")
@roles_required(THERAPIST)
def remove(course_id: int, item_id: int) -> ResponseReturnValue:
    return _move(course_id, item_id, 0)


@bp.route("/forloeb/<int:course_id>/program/introduktion", methods=["GET", "POST"])
@roles_required(THERAPIST)
def introduction(course_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    program = get_draft_for(course)
    if program is None:
        return _to_program(course)
    form = IntroductionForm(obj=program)
    if form.validate_on_submit():
        services.set_introduction(program, form.introduction.data or "")
        flash(_("The introduction is saved."))
        return _to_program(course)
    return render_template("staff/program_builder/introduction.html", course=course, form=form)


@bp.route("/forloeb/<int:course_id>/program/gem-skabelon", methods=["GET", "POST"])
@roles_required(THERAPIST)
def save_template(course_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    program = services.get_program_row(course.id)
    if program is None:
        return _to_program(course)
    form = TemplateForm()
    if form.validate_on_submit():
        services.save_template(program, form.name.data, current_user.account_id)
        flash(_("The template %(name)s is saved.", name=form.name.data))
        return _to_program(course)
    return render_template("staff/program_builder/save-template.html", course=course, form=form)


@bp.get("/forloeb/<int:course_id>/program/skabeloner")
@roles_required(THERAPIST)
def choose_template(course_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    if get_draft_for(course) is None:
        return _to_program(course)
    return render_template(
        "staff/program_builder/choose-template.html", course=course, templates=services.templates(), form=PortalForm()
    )


@bp.post("/forloeb/<int:course_id>/program/skabeloner/<int:template_id>")
@roles_required(THERAPIST)
def use_template(course_id: int, template_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    template = services.get_template(template_id)
    if template is None:
        abort(404)
    program = get_draft_for(course)
    if program is not None and PortalForm().validate_on_submit():
        added = services.use_template(program, template)
        flash(ngettext("%(num)s exercise is added.", "%(num)s exercises are added.", added))
    return _to_program(course)


@bp.get("/programskabeloner")
@roles_required(THERAPIST)
def templates() -> ResponseReturnValue:
    return render_template("staff/program_builder/templates.html", templates=services.templates())


@bp.get("/forloeb/<int:course_id>/program/forhaandsvisning")
@roles_required(THERAPIST)
def preview(course_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    program = services.get_program(course.id)
    if program is None:
        return _to_program(course)
    return render_template("staff/program_builder/preview.html", course=course, program=program)


@bp.route("/forloeb/<int:course_id>/program/slutstatus", methods=["GET", "POST"])
@roles_required(THERAPIST)
def end_note(course_id: int) -> ResponseReturnValue:
    course = get_course_for_therapist(course_id)
    note = services.get_end_note(course.id)
    if course.status != CourseStatus.ACTIVE or (note and note.issued_at):
        return _to_program(course)
    form = EndNoteForm(obj=note)
    if form.validate_on_submit():
        services.save_end_note(course, form.goals_reached.data, form.recommendation.data, current_user.account_id)
        access_log.record(current_user, course.person_id, "staff", "program_builder.end_note_saved")
        flash(_("The end note is saved."))
        return _to_program(course)
    return render_template("staff/program_builder/end-note.html", course=course, form=form, hints=RECOMMENDATION_HINTS)


def _refused_issue(course: Course, refused: DomainRefused) -> ResponseReturnValue:
    # The check page shows what is missing; an issue that already happened, or an ended course, shows the program.
    if refused.reason in ("issued", "not_active"):
        return _to_program(course)
    return redirect(url_for("program_builder.issue", course_id=course.id), code=303)


@bp.route("/forloeb/<int:course_id>/program/udlever", methods=["GET", "POST"])
@roles_required(THERAPIST)
def issue(course_id: int) -> ResponseReturnValue:
    form = PortalForm()
    if form.validate_on_submit():
        course = get_course_for_therapist(course_id)
        program = services.get_program(course.id)
        on_refusal(lambda refused: _refused_issue(course, refused))
        cancelled = services.issue(course, program, services.get_end_note(course.id), profile=_profile())
        access_log.record(current_user, course.person_id, "staff", "program_builder.issued")
        flash(
            ngettext(
                "The program is issued and the course has ended. %(num)s session was cancelled.",
                "The program is issued and the course has ended. %(num)s sessions were cancelled.",
                len(cancelled),
            )
        )
        return _to_program(course)
    # The check page reads the course, the GP's address and the end note in one query (see the page's query budget).
    found = get_issue_check_for_therapist(course_id)
    course, email, note = found.course, found.gp_email, found.end_note
    program = services.get_program(course.id)
    if program is None or program.is_issued or course.status != CourseStatus.ACTIVE:
        return _to_program(course)
    problems = services.program_problems(program) + ([] if note else ["no_end_note"])
    recipients = services.end_note_recipients(course, _profile())
    gp_account_id = services.gp_to_tell(course, _profile())
    return render_template(
        "staff/program_builder/issue.html",
        course=course,
        form=form,
        refusals=[REFUSALS[problem] for problem in problems],
        # Issuing ends the course, so the sessions that have not started are cancelled.
        cancelled=sessions.unstarted(course.id),
        to_gp=gp_account_id is not None,
        gp_email=email if gp_account_id is not None else None,
        to_visitation=EndNoteRecipient.VISITATION in recipients,
    )
