"""Forløb and træningstider: the therapist's courses and bookings; "Mine træningstider" for the citizen."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_datetime, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from portal import clock
from portal.access_log import services as access_log
from portal.auth import acting
from portal.auth.access import public, roles_required
from portal.auth.allowed import see_or_home
from portal.auth.policy import Action, may
from portal.calendar import DanishCalendar
from portal.database import utcnow
from portal.extensions import db
from portal.forms import PortalForm
from portal.models import Course, CourseEndReason, CourseStatus, Role, SessionStatus, TrainingSession
from portal.municipalities.schema import NoShowRule, Profile
from portal.paging import requested_page
from portal.plans import free_choice
from portal.plans import labels as plan_labels
from portal.sessions import feeds, ics, labels, month, no_shows, notices, services
from portal.sessions.forms import (
    AbsenceForm,
    AttendanceForm,
    BookForm,
    CitizenCancelForm,
    EndCourseForm,
    KeepCourseForm,
    SeenForm,
    TherapistCancelForm,
)
from portal.sessions.services import BookingRefused, CourseNotActive
from portal.standard.services import no_show_rule
from portal.teams import services as teams
from portal.urls import id_arg

bp = Blueprint("staff_sessions", __name__, url_prefix="/medarbejder/forloeb")
citizen_bp = Blueprint("citizen_sessions", __name__, url_prefix="/mine-traeningstider")
feed_bp = Blueprint("calendar_feed", __name__, url_prefix="/kalender")

READERS = (Role.THERAPIST, Role.VISITATOR, Role.ADMIN)
# How many upcoming and earlier sessions "Mine træningstider" lists; the month view has the rest.
LIST_UPCOMING = 20
LIST_PAST = 10


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
    rows: list[services.CourseRow]
    page: int
    pages: int


# Rows a page of the course list shows: the busiest caseload (some 150 courses) would be over 40 KB on one page.
COURSES_PER_PAGE = 50


def courses_for_staff(page: int = 1) -> CoursePage:
    """One page of the course list, in its order (late starts and courses to be assessed first); every citizen on
    the page goes into their access log."""
    rows = services.therapist_courses(current_user.account_id, _rules(), national=current_app.config["NATIONAL"])
    pages = max(math.ceil(len(rows) / COURSES_PER_PAGE), 1)
    page = min(page, pages)
    shown = rows[(page - 1) * COURSES_PER_PAGE : page * COURSES_PER_PAGE]
    access_log.record_reads(current_user, [row.course.person_id for row in shown], "staff")
    return CoursePage(shown, page, pages)


def _back_to(course: Course) -> ResponseReturnValue:
    return redirect(url_for("staff_sessions.course", course_id=course.id), code=303)


def _centre_names() -> dict[str, Any]:
    return {centre.id: centre.name for centre in _profile().centres}


def new_cancellations() -> dict[str, Any]:
    """The therapist's "Nye afbud", for the course list and the console."""
    if not current_user.has_role(Role.THERAPIST):
        return {"new": None}
    new = notices.new_cancellations(current_user.account_id)
    access_log.record_reads(current_user, [notice.course.person_id for notice in new.notices], "staff")
    return {"new": new, "seen_form": SeenForm()}


@bp.get("/")
@roles_required(*READERS)
def courses() -> ResponseReturnValue:
    found = courses_for_staff(requested_page())
    return render_template(
        "sessions/courses.html",
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
        "sessions/course.html",
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
        try:
            cancelled = services.end_early(course, CourseEndReason(form.reason.data), form.text.data)
        except CourseNotActive:
            db.session.rollback()
            flash(_("The course has already ended."))
            return _back_to(course)
        access_log.record(current_user, course.person_id, "staff", "sessions.end_course")
        flash(
            ngettext(
                "The course has ended. %(num)s booked session is cancelled, and the citizen has a message.",
                "The course has ended. %(num)s booked sessions are cancelled, and the citizen has a message.",
                len(cancelled),
            )
        )
        return _back_to(course)
    return render_template("sessions/end.html", form=form, course=course)


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


def _refusal(form: BookForm, refused: BookingRefused) -> None:
    when = format_datetime(refused.at, "short") if refused.at else ""
    messages = {
        "course_full": (form.count, _("The course has %(left)s sessions left to book", left=refused.left)),
        "course_not_active": (form.count, _("The course has ended, so no sessions can be booked")),
        "no_days": (form.weekdays, _("No day from the first date falls on the chosen weekdays")),
        "therapist_busy": (form.at, _("You already have a session at %(when)s. Choose another time", when=when)),
        "person_busy": (form.at, _("The citizen already has a session at %(when)s. Choose another time", when=when)),
        "taken": (form.at, _("The time was booked by someone else a moment ago. Choose another time")),
        "team_full": (form.team, _("The team has no free places at %(when)s. Choose another time or team", when=when)),
        "team_busy": (form.at, _("The team already trains at another time that overlaps %(when)s", when=when)),
        "team_closed": (form.team, _("The team is closed. Choose another team")),
    }
    field, message = messages[refused.reason]
    field.errors = [*field.errors, message]


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
                form.first_day.data, form.chosen_weekdays, form.clock, form.number, calendar
            )
        else:
            starts = [services.at_copenhagen(form.first_day.data, form.clock)]
        try:
            made = services.book(
                course,
                current_user.account_id,
                starts,
                form.length,
                form.place,
                replaced.id if replaced else None,
                team=form.chosen_team,
            )
        except BookingRefused as refused:
            db.session.rollback()
            _refusal(form, refused)
        else:
            access_log.record(current_user, course.person_id, "staff", "sessions.book")
            flash(ngettext("%(num)s session is booked.", "%(num)s sessions are booked.", len(made)))
            return _back_to(course)
    return render_template("sessions/book.html", form=form, course=course, replaced=replaced)


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
        "sessions/therapist-cancel.html",
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


def _places() -> dict[str, Any]:
    """Each centre's name, address and a plain map search link, by id."""
    return {
        centre.id: {
            "name": centre.name,
            "address": ", ".join(centre.address),
            "map": "https://www.openstreetmap.org/search?query=" + quote_plus(", ".join(centre.address))
            if centre.address
            else None,
        }
        for centre in _profile().centres
    }


def _bring() -> tuple[str, bool]:
    """What to bring, and whether it is the portal's general advice because the profile does not say."""
    told = _profile().what_to_bring
    if told is not None:
        return told.get(str(get_locale())), False
    return _("Comfortable clothes you can move in, and shoes for indoor use."), True


def citizen_context() -> dict[str, Any]:
    """Where sessions are, what kind, the notice rule and what to bring, as every page of the citizen shows them."""
    return _context()


def _session_words() -> dict[str, str]:
    """The labels of each session's details, translated once a page rather than once a session."""
    return {
        "time": _("Time"),
        "place": _("Place"),
        "map": _("map"),
        "home": _("In your home"),
        "kind": _("Kind"),
        "therapist": _("Therapist"),
        "bring": _("Bring"),
        "general": _("general advice"),
    }


def _context() -> dict[str, Any]:
    bring, general = _bring()
    return {
        "session_words": _session_words(),
        "places": _places(),
        "kind_labels": labels.KIND_LABELS,
        "status_labels": labels.CITIZEN_STATUS_LABELS,
        "notice_hours": _profile().absence.cancellation_notice_hours,
        "bring": bring,
        "bring_is_general": general,
    }


def get_session_for(person_id: int, session_id: int) -> TrainingSession:
    session = services.get_person_session(person_id, session_id)
    if session is None:
        abort(404)
    return session


def _not_cancelled(session: TrainingSession) -> ResponseReturnValue:
    flash(str(labels.ALREADY_CHANGED.get(session.status, labels.ALREADY_STARTED)), "warning")
    return redirect(see_or_home("citizen_sessions.index"), code=303)


@citizen_bp.get("/")
@roles_required(Role.CITIZEN)
def index() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    now = utcnow()
    # The list shows the nearest sessions, read with a limit, so the page costs the same however long the history;
    # the month view shows every session.
    shown = services.person_session_list(person.id, now, LIST_UPCOMING, LIST_PAST)
    # A replacement and the session the therapist cancelled point to each other; both were read with the list.
    by_id = shown.partners
    replaces = {s.id: by_id[s.replaces_session_id] for s in by_id.values() if s.replaces_session_id in by_id}
    replaced_by = {old.id: by_id[new_id] for new_id, old in replaces.items()}
    may_manage = bool(may(current_user, Action.MANAGE_SESSIONS, person.id))
    may_change_contact = bool(may(current_user, Action.MANAGE_CONTACT, person.id))
    courses = services.person_courses(person.id)
    active = [course for course in courses if course.status == CourseStatus.ACTIVE]
    # The warning counts the absences of the person's active courses (one, nearly always).
    statuses = services.active_course_statuses(person.id) if active else []
    return render_template(
        "sessions/mine.html",
        person=person,
        upcoming=shown.upcoming,
        past=shown.past,
        replaces=replaces,
        replaced_by=replaced_by,
        listed={s.id for s in [*shown.upcoming, *shown.past]},
        more=shown.more,
        now=now,
        may_manage=may_manage,
        may_change_contact=may_change_contact,
        ended=[course for course in courses if course.status == CourseStatus.ENDED_EARLY],
        standing=no_shows.standing(_rules(), statuses, sum(course.no_show_reviewed_count for course in active))
        if active
        else None,
        rule_texts=[no_show_rule(rule) for rule in _rules()],
        end_reason_labels=labels.END_REASON_LABELS,
        **_context(),
    )


@citizen_bp.route("/<int:session_id>/aflys", methods=["GET", "POST"], endpoint="cancel")
@roles_required(Role.CITIZEN)
def citizen_cancel(session_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.MANAGE_SESSIONS)
    session = get_session_for(person.id, session_id)
    if session.status != SessionStatus.BOOKED or session.starts_at <= utcnow():
        return _not_cancelled(session)
    notice_hours = _profile().absence.cancellation_notice_hours
    form = CitizenCancelForm()
    if form.validate_on_submit():
        if not services.cancel_by_citizen(session, form.reason.data, notice_hours, rules=_rules()):
            # Someone else (the citizen in another window, a relative, the therapist) changed it first.
            return _not_cancelled(session)
        flash(_("The training session is cancelled. You have a message about it."))
        return redirect(see_or_home("citizen_sessions.index"), code=303)
    return render_template(
        "sessions/cancel.html",
        form=form,
        training=session,
        deadline=services.notice_deadline(session.starts_at, notice_hours),
        late=services.is_late(session.starts_at, utcnow(), notice_hours),
        **_context(),
    )


@citizen_bp.route("/fravaer", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def absence() -> ResponseReturnValue:
    person = acting.person_for(Action.MANAGE_SESSIONS)
    form = AbsenceForm()
    found = None
    changed = False
    if form.validate_on_submit():
        notice_hours = _profile().absence.cancellation_notice_hours
        # Only the period the citizen saw may be cancelled; changed dates get a new preview first.
        if request.form.get("confirm") == "yes" and form.previewed.data == form.period:
            cancelled = services.register_absence(
                person.id, form.first.data, form.last.data, form.reason.data, notice_hours, rules=_rules()
            )
            flash(_("Your absence is registered. %(count)s sessions are cancelled.", count=len(cancelled)))
            return redirect(see_or_home("citizen_sessions.index"), code=303)
        changed = request.form.get("confirm") == "yes"
        found = services.upcoming_in_period(person.id, form.first.data, form.last.data)
        form.previewed.data = form.period
    return render_template("sessions/absence.html", form=form, found=found, changed=changed, **_context())


@citizen_bp.get("/maaned")
@roles_required(Role.CITIZEN)
def month_view() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    today = clock.today()
    first = month.parse(request.args.get("maaned"), today)
    begin, end = month.bounds(first)
    sessions = services.person_sessions_between(person.id, begin, end)
    # An empty month points on to the month of the next booked session, so nobody is left facing a blank page.
    later = None if sessions else services.next_booked_from(person.id, max(end, clock.utcnow()))
    return render_template(
        "sessions/month.html",
        person=person,
        month=month.build(first, sessions, today),
        later=later,
        month_key=month.key,
        weekdays=labels.ALL_WEEKDAY_LABELS,
        **_context(),
    )


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@citizen_bp.get("/kalender.ics")
@roles_required(Role.CITIZEN)
def all_ics() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    bring, _general = _bring()
    sessions = services.person_calendar_sessions(person.id, utcnow())
    return _ics(ics.calendar(sessions, _places(), bring), "traeningstider.ics")


@citizen_bp.get("/<int:session_id>/kalender.ics")
@roles_required(Role.CITIZEN)
def session_ics(session_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    training = get_session_for(person.id, session_id)
    bring, _general = _bring()
    day = training.starts_at.astimezone(clock.COPENHAGEN).date().isoformat()
    return _ics(ics.calendar([training], _places(), bring), f"traening-{day}.ics")


@citizen_bp.get("/kalender-abonnement")
@roles_required(Role.CITIZEN)
def subscription() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    feed = feeds.live_feed(current_user.person_id, person.id)
    url = url_for("calendar_feed.feed", token=feeds.token_of(feed), _external=True) if feed else None
    return render_template(
        "sessions/subscription.html",
        person=person,
        feed=feed,
        url=url,
        webcal=url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1) if url else None,
        form=PortalForm(),
    )


@citizen_bp.post("/kalender-abonnement/lav")
@roles_required(Role.CITIZEN)
def subscription_create() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    if PortalForm().validate_on_submit():
        renewed = feeds.live_feed(current_user.person_id, person.id) is not None
        feeds.create(current_user.person_id, person.id)
        flash(_("You have a new link. The old link no longer works.") if renewed else _("Your link is ready."))
    return redirect(url_for("citizen_sessions.subscription"), code=303)


@citizen_bp.post("/kalender-abonnement/slet")
@roles_required(Role.CITIZEN)
def subscription_revoke() -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    if PortalForm().validate_on_submit() and feeds.revoke(current_user.person_id, person.id):
        flash(_("The link is deleted. Calendars that used it get no more updates."))
    return redirect(url_for("citizen_sessions.subscription"), code=303)


@feed_bp.get("/<token>.ics")
@public
def feed(token: str) -> ResponseReturnValue:
    # Calendar apps poll this without a login; the token is the key. It is never logged or shown in an error.
    found = feeds.find(token)
    if found is None:
        abort(404)
    if found.delegation is not None:
        access_log.record(
            None,
            found.feed.person_id,
            "relative",
            "calendar_feed.feed",
            delegation_id=found.delegation.id,
            actor_name=found.delegation.grantee_name,
        )
    bring, _general = _bring()
    response = _ics(
        ics.calendar(feeds.feed_sessions(found.feed.person_id), _places(), bring, feed=True), "traeningstider.ics"
    )
    return response
