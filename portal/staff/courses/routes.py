"""Forløb: the therapist's courses, bookings, attendance and ending a course (under /medarbejder/forloeb)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal import clock
from portal.access_log import services as access_log
from portal.auth.access import roles_required
from portal.calendar import DanishCalendar
from portal.database import utcnow
from portal.domain import DomainRefused
from portal.models import Course, CourseEndReason, CourseStatus, Role, TrainingSession
from portal.municipalities.schema import NoShowRule, Profile
from portal.paging import requested_page
from portal.plans import free_choice
from portal.plans import labels as plan_labels
from portal.requests import on_refusal
from portal.sessions import course_list, labels, no_shows, notices, services
from portal.sessions import teams as teams
from portal.staff.courses.context import new_cancellations
from portal.staff.courses.forms import (
    AttendanceForm,
    BookForm,
    EndCourseForm,
    KeepCourseForm,
    SeenForm,
    TherapistCancelForm,
)
from portal.standard.services import no_show_rule
from portal.urls import id_arg

bp = Blueprint("staff_sessions", __name__, url_prefix="/medarbejder/forloeb")

READERS = (Role.THERAPIST, Role.VISITATOR, Role.ADMIN)


def _profile() -> Profile:
    return current_app.config["PROFILE"]


def _rules() -> tuple[NoShowRule, ...]:
    return _profile().absence.no_show_rules


def get_course_for_staff(course_id: int) -> Course:
    """The course, written in its citizen's access log as read on this page."""
    course = services.get_course(course_id)
    if course is None:
        abort(404)
    access_log.record_reads(current_user, [course.person_id], "staff")
    return course


def get_session_for_staff(course: Course, session_id: int) -> TrainingSession:
    session = services.get_session(course.id, session_id)
    if session is None:
        abort(404)
    access_log.record_reads(current_user, [session.person_id], "staff")
    return session


@dataclass(frozen=True)
class CoursePage:
    rows: list[course_list.CourseRow]
    page: int
    pages: int


# Rows a page of the course list shows, as many as the visitator's inbox: each row is a citizen read, written in
# their access log, so a page shows what a therapist can take in at once.
COURSES_PER_PAGE = 25


def courses_for_staff(page: int = 1) -> CoursePage:
    """One page of the course list, in its order (late starts and courses to be assessed first); every citizen on
    the page goes into their access log."""
    found = course_list.therapist_course_page(
        current_user.account_id,
        _rules(),
        national=current_app.config["NATIONAL"],
        page=page,
        per_page=COURSES_PER_PAGE,
    )
    access_log.record_reads(current_user, [row.person_id for row in found.rows], "staff")
    return CoursePage(found.rows, found.page, max(math.ceil(found.total / COURSES_PER_PAGE), 1))


def _back_to(course: Course) -> ResponseReturnValue:
    return redirect(url_for("staff_sessions.course", course_id=course.id), code=303)


def _centre_names() -> dict[str, Any]:
    return {centre.id: centre.name for centre in _profile().centres}


@bp.get("/")
@roles_required(*READERS)
def courses() -> ResponseReturnValue:
    found = courses_for_staff(requested_page())
    return render_template(
        "staff/courses/courses.html",
        rows=found.rows,
        found=found,
        standing_labels=plan_labels.STANDING_LABELS,
        **new_cancellations(),
    )


# Where Seen returns to: the page the button was on.
SEEN_RETURNS = {"konsol": "staff.console", "forloeb": "staff_sessions.courses"}


@bp.post("/nye-afbud/set")
@roles_required(Role.THERAPIST)
def seen() -> ResponseReturnValue:
    form = SeenForm()
    if form.validate_on_submit() and form.moment is not None:
        notices.mark_seen(current_user.account_id, form.moment)
        flash(_("The cancellations are marked as seen."))
    back = SEEN_RETURNS.get(request.args.get("til", ""), "staff_sessions.courses")
    return redirect(url_for(back) + "#nye-afbud", code=303)


@bp.get("/<int:course_id>")
@roles_required(*READERS)
def course(course_id: int) -> ResponseReturnValue:
    return _course_page(get_course_for_staff(course_id), AttendanceForm())


def _course_page(course: Course, attendance_form: AttendanceForm, failed: TrainingSession | None = None) -> str:
    """The course with its sessions; `failed` is the session whose attendance form came back without a choice."""
    sessions = services.course_sessions(course.id)
    # Booked sessions count with attended and no-shows: each takes one of the granted sessions, held or not yet.
    used = sum(1 for session in sessions if session.status in services.COUNTS_AGAINST_COURSE)
    statuses = [session.status for session in sessions]
    return render_template(
        "staff/courses/course.html",
        **_plan_context(course, sessions),
        course=course,
        sessions=sessions,
        used=used,
        left=max(course.sessions_allowed - used, 0),
        attendance={status: statuses.count(status) for status in labels.STATUS_LABELS},
        standing=no_shows.standing(_rules(), statuses, course.no_show_reviewed_count),
        rule_texts=[no_show_rule(rule) for rule in _rules()],
        now=utcnow(),
        attendance_form=attendance_form,
        failed=failed,
        keep_form=KeepCourseForm(),
        centre_names=_centre_names(),
        status_labels=labels.STATUS_LABELS,
        kind_labels=labels.KIND_LABELS,
        end_reason_labels=labels.END_REASON_LABELS,
        is_therapist=current_user.has_role(Role.THERAPIST),
        is_active=course.status == CourseStatus.ACTIVE,
    )


def _plan_context(course: Course, sessions: list[TrainingSession]) -> dict[str, Any]:
    """The course's genoptræningsplan with where its start stands, from the sessions already read."""
    if course.plan is None:
        return {"plan": None}
    offered = [session.starts_at for session in sessions if session.status not in free_choice.NOT_OFFERED]
    first = min(offered, default=None)
    return {
        "plan": course.plan,
        "first_start": first,
        "plan_standing": free_choice.standing(course.plan, first, clock.today(), current_app.config["NATIONAL"]),
        "standing_labels": plan_labels.STANDING_LABELS,
        "level_labels": plan_labels.LEVEL_LABELS,
        "basis_labels": plan_labels.BASIS_LABELS,
    }


@bp.route("/<int:course_id>/afslut", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def end(course_id: int) -> ResponseReturnValue:
    course = get_course_for_staff(course_id)
    if course.status != CourseStatus.ACTIVE:
        flash(_("The course has already ended."))
        return _back_to(course)
    form = EndCourseForm()
    if not form.is_submitted() and request.args.get("aarsag") in {str(reason) for reason in labels.EARLY_END_REASONS}:
        form.reason.data = request.args["aarsag"]
    if form.validate_on_submit():
        on_refusal(lambda refused: _refused_back_to(course, refused))
        cancelled = services.end_early(course, CourseEndReason(form.reason.data), form.text.data)
        access_log.record(current_user, course.person_id, "staff", "sessions.end_course")
        flash(
            ngettext(
                "The course has ended. %(num)s booked session is cancelled, and the citizen has a message.",
                "The course has ended. %(num)s booked sessions are cancelled, and the citizen has a message.",
                len(cancelled),
            )
        )
        return _back_to(course)
    return render_template("staff/courses/end.html", form=form, course=course)


@bp.post("/<int:course_id>/fortsaet")
@roles_required(Role.THERAPIST)
def keep(course_id: int) -> ResponseReturnValue:
    course = get_course_for_staff(course_id)
    form = KeepCourseForm()
    if form.validate_on_submit() and course.status == CourseStatus.ACTIVE:
        statuses = services.course_statuses(course.id)
        standing = no_shows.standing(_rules(), statuses, course.no_show_reviewed_count)
        if standing is not None and standing.needs_review:
            services.keep_course(course, standing.count)
            access_log.record(current_user, course.person_id, "staff", "sessions.keep_course")
            flash(_("The course goes on. You get a new task if the citizen is absent again."))
    return _back_to(course)


def _refused_back_to(course: Course, refused: DomainRefused) -> ResponseReturnValue:
    flash(refused.message)
    return _back_to(course)


# The booking form's field each refusal is about.
REFUSAL_FIELDS = {
    "course_full": "count",
    "course_not_active": "count",
    "no_days": "weekdays",
    "therapist_busy": "at",
    "person_busy": "at",
    "taken": "at",
    "team_full": "team",
    "team_busy": "at",
    "team_closed": "team",
}


def _refused_booking(
    form: BookForm, course: Course, replaced: TrainingSession | None, refused: DomainRefused
) -> ResponseReturnValue:
    """The booking form again, with the refusal at the field it is about."""
    field = form[REFUSAL_FIELDS.get(refused.reason, "at")]
    field.errors = [*field.errors, refused.message]
    return render_template("staff/courses/book.html", form=form, course=course, replaced=replaced)


@bp.route("/<int:course_id>/bestil", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def book(course_id: int) -> ResponseReturnValue:
    course = get_course_for_staff(course_id)
    replaces = id_arg("erstatter")
    replaced = get_session_for_staff(course, replaces) if replaces else None
    form = BookForm(centres=_profile().centres, teams=teams.teams(only_active=True))
    if form.validate_on_submit():
        if form.number > 1 or form.chosen_weekdays:
            calendar = DanishCalendar.for_profile(_profile())
            starts = services.series_starts(
                form.first_day.valid_date, form.chosen_weekdays, form.clock, form.number, calendar
            )
        else:
            starts = [services.at_copenhagen(form.first_day.valid_date, form.clock)]
        on_refusal(lambda refused: _refused_booking(form, course, replaced, refused))
        made = services.book(
            course,
            current_user.account_id,
            starts,
            form.length,
            form.place,
            replaced.id if replaced else None,
            team=form.chosen_team,
        )
        access_log.record(current_user, course.person_id, "staff", "sessions.book")
        flash(ngettext("%(num)s session is booked.", "%(num)s sessions are booked.", len(made)))
        return _back_to(course)
    return render_template("staff/courses/book.html", form=form, course=course, replaced=replaced)


@bp.post("/<int:course_id>/traeningstider/<int:session_id>/fremmoede")
@roles_required(Role.THERAPIST)
def attendance(course_id: int, session_id: int) -> ResponseReturnValue:
    course = get_course_for_staff(course_id)
    session = get_session_for_staff(course, session_id)
    form = AttendanceForm()
    if not form.validate_on_submit():
        # The course page again, with the error at the session's choices and in the summary at the top.
        return _course_page(course, form, session)
    if services.record_attendance(session, form.status.data, _rules(), correct=bool(form.correct.data)):
        access_log.record(current_user, course.person_id, "staff", "sessions.attendance")
        flash(_("The attendance is saved."))
    else:
        # Someone else changed the session first; say what it is now.
        flash(str(labels.ATTENDANCE_REFUSED.get(session.status, _("The attendance was not saved."))), "warning")
    return _back_to(course)


@bp.route("/<int:course_id>/traeningstider/<int:session_id>/aflys", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def cancel(course_id: int, session_id: int) -> ResponseReturnValue:
    course = get_course_for_staff(course_id)
    session = get_session_for_staff(course, session_id)
    if session.status != services.SessionStatus.BOOKED:
        return _no_longer_booked(course)
    replacement = bool(_profile().absence.replacement_session)
    form = TherapistCancelForm()
    if form.validate_on_submit():
        if not services.cancel_by_therapist(session, form.reason.data):
            # The citizen cancelled, or attendance was recorded, a moment before.
            return _no_longer_booked(course)
        access_log.record(current_user, course.person_id, "staff", "sessions.cancel_by_therapist")
        flash(_("The session is cancelled, and the citizen has a message."))
        if replacement:
            return redirect(url_for("staff_sessions.book", course_id=course.id, erstatter=session.id), code=303)
        return _back_to(course)
    return render_template(
        "staff/courses/therapist-cancel.html",
        form=form,
        course=course,
        training=session,
        replacement=replacement,
        centre_names=_centre_names(),
        today=clock.today(),
    )


def _no_longer_booked(course: Course) -> ResponseReturnValue:
    flash(_("The session is no longer booked, so it was not cancelled. Its status is in the list."), "warning")
    return _back_to(course)
