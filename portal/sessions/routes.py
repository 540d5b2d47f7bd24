"""Forløb and træningstider: "Mine træningstider" for the citizen, its .ics files and calendar subscription."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal import clock
from portal.access_log import services as access_log
from portal.auth import acting
from portal.auth.access import public, roles_required
from portal.auth.allowed import see_or_home
from portal.auth.policy import Action, may
from portal.database import utcnow
from portal.forms import PortalForm
from portal.models import CourseStatus, Role, SessionStatus, TrainingSession
from portal.municipalities.schema import NoShowRule, Profile
from portal.sessions import feeds, ics, labels, month, no_shows, services
from portal.sessions.context import bring as _bring
from portal.sessions.context import citizen_context as _context
from portal.sessions.context import places as _places
from portal.sessions.forms import (
    AbsenceForm,
    CitizenCancelForm,
)
from portal.standard.services import no_show_rule

citizen_bp = Blueprint("citizen_sessions", __name__, url_prefix="/mine-traeningstider")
feed_bp = Blueprint("calendar_feed", __name__, url_prefix="/kalender")


# How many upcoming and earlier sessions "Mine træningstider" lists: about five weeks ahead at two sessions a week,
# which a citizen can take in at a glance; the month view and the calendar have the rest, and the page says so.
LIST_UPCOMING = 10
LIST_PAST = 5


def _profile() -> Profile:
    return current_app.config["PROFILE"]


def _rules() -> tuple[NoShowRule, ...]:
    return _profile().absence.no_show_rules


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
    person_id = acting.person_id_for(Action.SEE)
    now = utcnow()
    # The list shows the nearest sessions, read with a limit, so the page costs the same however long the history;
    # the month view shows every session.
    shown = services.person_session_list(person_id, now, LIST_UPCOMING, LIST_PAST)
    # A replacement and the session the therapist cancelled point to each other; both were read with the list.
    by_id = shown.partners
    replaces = {s.id: by_id[s.replaces_session_id] for s in by_id.values() if s.replaces_session_id in by_id}
    replaced_by = {old.id: by_id[new_id] for new_id, old in replaces.items()}
    may_manage = bool(may(current_user, Action.MANAGE_SESSIONS, person_id))
    may_change_contact = bool(may(current_user, Action.MANAGE_CONTACT, person_id))
    # The warning counts the absences of the person's active courses (one, nearly always).
    courses, statuses = services.person_courses_and_absences(person_id)
    active = [course for course in courses if course.status == CourseStatus.ACTIVE]
    return render_template(
        "sessions/mine.html",
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
                person.id, form.first.valid_date, form.last.valid_date, form.reason.data, notice_hours, rules=_rules()
            )
            flash(_("Your absence is registered. %(count)s sessions are cancelled.", count=len(cancelled)))
            return redirect(see_or_home("citizen_sessions.index"), code=303)
        changed = request.form.get("confirm") == "yes"
        found = services.upcoming_in_period(person.id, form.first.valid_date, form.last.valid_date)
        form.previewed.data = form.period
    return render_template("sessions/absence.html", form=form, found=found, changed=changed, **_context())


@citizen_bp.get("/maaned")
@roles_required(Role.CITIZEN)
def month_view() -> ResponseReturnValue:
    person_id = acting.person_id_for(Action.SEE)
    today = clock.today()
    first = month.parse(request.args.get("maaned"), today)
    begin, end = month.bounds(first)
    sessions = services.person_sessions_between(person_id, begin, end)
    # An empty month points on to the month of the next booked session, so nobody is left facing a blank page.
    later = None if sessions else services.next_booked_from(person_id, max(end, clock.utcnow()))
    return render_template(
        "sessions/month.html",
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
    person_id = acting.person_id_for(Action.SEE)
    bring, _general = _bring()
    sessions = services.person_calendar_sessions(person_id, utcnow())
    return _ics(ics.calendar(sessions, _places(), bring), "traeningstider.ics")


@citizen_bp.get("/<int:session_id>/kalender.ics")
@roles_required(Role.CITIZEN)
def session_ics(session_id: int) -> ResponseReturnValue:
    person = acting.person_for(Action.SEE)
    training = get_session_for(person.id, session_id)
    bring, _general = _bring()
    day = training.starts_at.astimezone(clock.COPENHAGEN).date().isoformat()
    return _ics(ics.calendar([ics.Entry.of(training)], _places(), bring), f"traening-{day}.ics")


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
    found = feeds.open_feed(token)
    if found is None:
        abort(404)
    if found.delegation is not None:
        access_log.record(
            None,
            found.person_id,
            "relative",
            "calendar_feed.feed",
            delegation_id=found.delegation.id,
            actor_name=found.delegation.grantee_name,
        )
    bring, _general = _bring()
    return _ics(ics.calendar(found.sessions, _places(), bring, feed=True), "traeningstider.ics")
