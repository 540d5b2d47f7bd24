"""The case-system API, version 1: the same steps as the staff pages, through the same services.

Every view: the client's scope (`client_required`), the object through a helper that answers 404 for what is not
there (or not this municipality's), the service, the access log with the client as the actor, the body.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, cast

from flask import Blueprint, Response, current_app, json, render_template, request, url_for
from flask.typing import ResponseReturnValue
from spectree import Response as Answers
from sqlalchemy.exc import IntegrityError

from portal import clock, cpr, people, rate_limits
from portal.access_log import services as access_log
from portal.api import problems, schemas
from portal.api import services as api
from portal.api.access import ACTING_AS, as_actor, client_required, current_client, same_municipality
from portal.api.oauth import authorization_server
from portal.api.problems import Problem
from portal.api.spec import spec
from portal.applications import decisions as cases
from portal.auth.access import public
from portal.database import utcnow
from portal.domain import DomainRefused
from portal.extensions import db
from portal.models import Application, Course, RehabilitationPlan, SessionKind, SessionStatus, TrainingSession
from portal.municipalities.national import PlanLevel
from portal.municipalities.schema import Offer
from portal.plans import free_choice
from portal.plans import services as plans
from portal.sessions import granted_elsewhere
from portal.sessions import services as sessions

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(DomainRefused)
def refused(refusal: DomainRefused) -> Any:
    """A service that refuses (another visitator decided first, the time was taken a moment ago) answers 409 with
    its reason; the request edge rolls back, since the status is 400 or more."""
    return problems.response(Problem(409, code=f"refused:{refusal.reason}"))


PROBLEMS = {status: schemas.Problem for status in ("HTTP_401", "HTTP_403", "HTTP_404", "HTTP_422", "HTTP_429")}
CHANGE_PROBLEMS = {**PROBLEMS, "HTTP_400": schemas.Problem, "HTTP_409": schemas.Problem}


def answers(ok: str, model: type, changes: bool = False) -> Answers:
    return Answers(**{ok: model}, **(CHANGE_PROBLEMS if changes else PROBLEMS))


def _profile() -> Any:
    return current_app.config["PROFILE"]


def idempotent(view: Callable[..., Any]) -> Callable[..., Any]:
    """A POST with an `Idempotency-Key` the client used before gets the answer it got then, and changes nothing; the
    same key with another request is refused. The key is kept with the change, in the same transaction."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = request.headers.get("Idempotency-Key", "")
        if not key or len(key) > 200 or not key.isascii() or not key.isprintable():
            raise Problem(400, code="idempotency_key_missing", detail="Send an Idempotency-Key header on every POST.")
        client = current_client()
        hashed = api.request_hash(request.endpoint or "", request.view_args or {}, request.get_data())
        seen = api.remembered(client.id, key)
        if seen is not None:
            if seen.request_hash != hashed:
                raise Problem(422, code="idempotency_key_reused")
            replay = Response(json.dumps(seen.body), status=seen.status, mimetype="application/json")
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        answer = view(*args, **kwargs)
        if isinstance(answer, Response) and answer.status_code < 400:
            try:
                with db.session.begin_nested():
                    api.remember(client.id, key, hashed, answer.status_code, answer.get_json())
            except IntegrityError as error:
                # The same key at the same moment: the other request's change stands, this one's is rolled back.
                raise Problem(409, code="idempotency_key_in_use") from error
        return answer

    return wrapper


def change(
    scope: str, answer: type, tag: str, body: type | None = None, status: int = 200
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A POST that changes something: the client's scope, the Idempotency-Key, and the body and answers the OpenAPI
    document states (with the problems a change can meet). One decorator, so no change can miss a part of it."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        validated = spec.validate(
            headers=schemas.IdempotencyHeaders,
            json=body,
            resp=answers(f"HTTP_{status}", answer, changes=True),
            tags=[tag],
        )(view)
        return client_required(scope)(idempotent(validated))

    return decorator


def _found(row: Any) -> Any:
    if row is None or not same_municipality():
        raise Problem(404, code="not_found")
    return row


def _read(person_id: int) -> None:
    access_log.record_reads(as_actor(), [person_id], ACTING_AS)


def _changed(person_id: int, action: str) -> None:
    access_log.record(as_actor(), person_id, ACTING_AS, action)


def _cpr_digits(raw: str) -> str:
    try:
        return cpr.normalise(raw)
    except (cpr.InvalidCPR, ValueError) as error:
        raise Problem(422, code="invalid_cpr") from error


def _offer(offers: list[Offer], offer_id: str) -> Offer:
    """The offer of that id among those the call may give, or 422: an offer the profile lacks is bad input."""
    found = next((offer for offer in offers if offer.id == offer_id), None)
    if found is None:
        raise Problem(422, code="unknown_offer")
    return found


# ---- serialisation ---------------------------------------------------------------------------------------------


def _citizen(person: Any) -> schemas.Citizen:
    return schemas.Citizen(id=person.id, name=person.full_name, cpr=cpr.decrypt(person.cpr_encrypted))


def _summary(row: Application) -> schemas.ApplicationSummary:
    return schemas.ApplicationSummary(
        id=row.id,
        case_number=row.case_number,
        status=row.status,
        source=row.source,
        submitted_at=row.submitted_at,
        changed_at=row.changed_at,
    )


def _application(row: Application) -> schemas.Application:
    course = sessions.course_of_application(row.id)
    return schemas.Application(
        **_summary(row).model_dump(),
        citizen=_citizen(row.person),
        answers=row.answers or {},
        referral=row.referral,
        deadlines=row.deadlines.to_json(),
        acknowledged_at=row.acknowledged_at,
        assessment_talk_at=row.assessment_talk_at,
        assessment_place=row.assessment_place,
        decided_at=row.decided_at,
        granted_offer=row.granted_offer,
        granted_sessions=row.granted_sessions,
        decision_goals=row.decision_goals,
        decision_reason=row.decision_reason,
        course_id=course.id if course else None,
        questions=[
            schemas.Question(
                id=q.id, question=q.question, asked_at=q.asked_at, answer=q.answer, answered_at=q.answered_at
            )
            for q in cases.questions_for(row)
        ],
    )


def _session(row: TrainingSession) -> schemas.Session:
    return schemas.Session(
        id=row.id,
        course_id=row.course_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        kind=row.kind,
        centre_id=row.centre_id,
        place=row.place,
        status=row.status,
        cancel_reason=row.cancel_reason,
        late=row.late,
        replaces_session_id=row.replaces_session_id,
        changed_at=row.changed_at,
    )


def _course(row: Course) -> schemas.Course:
    return schemas.Course(
        id=row.id,
        application_id=row.application_id,
        plan_id=row.plan.id if row.plan else None,
        decision_reference=row.decision_reference,
        decided_on=row.decided_on,
        citizen=_citizen(row.person),
        offer_id=row.offer_id,
        legal_basis=row.legal_basis,
        sessions_allowed=row.sessions_allowed,
        goals=row.goals,
        status=row.status,
        sessions=[_session(s) for s in sessions.course_sessions(row.id)],
    )


def _plan(row: RehabilitationPlan) -> schemas.Plan:
    first = free_choice.first_starts([row.course_id]).get(row.course_id)
    return schemas.Plan(
        id=row.id,
        course_id=row.course_id,
        citizen=_citizen(row.person),
        hospital=row.hospital,
        ward=row.ward,
        discharge_date=row.discharge_date,
        received_on=row.received_on,
        level=row.level,
        start_due=row.start_due,
        start_basis=row.start_basis,
        warn_on=row.warn_on,
        first_session_at=first,
        deadline_state=cast(Any, str(free_choice.standing(row, first, clock.today(), current_app.config["NATIONAL"]))),
        free_choice_letter_at=row.free_choice_letter_at,
    )


# ---- OAuth, the document and its reference page ----------------------------------------------------------------


@bp.post("/token")
@public
@rate_limits.login
def token() -> ResponseReturnValue:
    """OAuth 2.0 client credentials: a client secret (Basic or in the body) or a signed assertion (RFC 7523)."""
    return authorization_server().create_token_response()


@bp.get("/openapi.json")
@public
def openapi() -> ResponseReturnValue:
    return spec.spec


@bp.get("/")
@public
def reference() -> ResponseReturnValue:
    return render_template("api/reference.html", document=spec.spec, token_url=url_for("api.token", _external=True))


# ---- applications ----------------------------------------------------------------------------------------------


@bp.get("/applications")
@client_required("applications:read")
@spec.validate(query=schemas.ApplicationQuery, resp=answers("HTTP_200", schemas.ApplicationPage), tags=["applications"])
def applications() -> Any:
    """Applications and referrals in the order they last changed. The list carries no personal data, so it writes no
    access log; reading one does."""
    query: schemas.ApplicationQuery = request.context.query  # type: ignore[attr-defined]
    after = api.Position.decode(query.cursor) if query.cursor else None
    if query.cursor and after is None:
        raise Problem(422, code="bad_cursor")
    if not same_municipality():
        return schemas.ApplicationPage(items=[], next_cursor=None)
    rows, last = api.application_page(query.status, query.changed_since, after, query.limit)
    return schemas.ApplicationPage(items=[_summary(r) for r in rows], next_cursor=last.encode() if last else None)


@bp.get("/applications/<int:application_id>")
@client_required("applications:read")
@spec.validate(resp=answers("HTTP_200", schemas.Application), tags=["applications"])
def application(application_id: int) -> Any:
    row = _found(api.get_application(application_id))
    _read(row.person_id)
    return _application(row)


@bp.post("/applications/<int:application_id>/acknowledge")
@change("decisions:write", schemas.Application, tag="applications")
def acknowledge(application_id: int) -> Any:
    row = _found(api.get_application(application_id))
    if cases.acknowledge(row, _profile()) is None:
        raise Problem(409, code="not_acknowledgeable", status_now=row.status)
    _changed(row.person_id, "api.acknowledge")
    return _application(row)


@bp.post("/applications/<int:application_id>/questions")
@change("decisions:write", schemas.Question, body=schemas.AskBody, status=201, tag="applications")
def ask(application_id: int) -> Any:
    body: schemas.AskBody = request.context.json  # type: ignore[attr-defined]
    row = _found(api.get_application(application_id))
    asked = cases.ask(
        row,
        _profile(),
        current_client().account_id,
        body.question,
        lambda q: url_for("case_questions.answer", case_id=row.id, question_id=q.id, _external=True),
    )
    if asked is None:
        raise Problem(409, code="case_closed", status_now=row.status)
    _changed(row.person_id, "api.ask")
    question = schemas.Question(
        id=asked.id, question=asked.question, asked_at=asked.asked_at, answer=None, answered_at=None
    )
    return question, 201


@bp.post("/applications/<int:application_id>/assessment-talk")
@change("decisions:write", schemas.Application, body=schemas.TalkBody, tag="applications")
def book_talk(application_id: int) -> Any:
    body: schemas.TalkBody = request.context.json  # type: ignore[attr-defined]
    row = _found(api.get_application(application_id))
    if cases.book_talk(row, _profile(), body.at, body.place) is None:
        raise Problem(409, code="case_closed", status_now=row.status)
    _changed(row.person_id, "api.book_talk")
    return _application(row)


@bp.post("/applications/<int:application_id>/decision")
@change("decisions:write", schemas.Application, body=schemas.DecisionBody, tag="applications")
def decide(application_id: int) -> Any:
    """Grant an offer of the municipality's profile (which makes the course) or refuse with a reason."""
    decision = request.context.json.decision  # type: ignore[attr-defined]
    row = _found(api.get_application(application_id))
    if not row.is_open:
        raise Problem(409, code="case_closed", status_now=row.status)
    account_id = current_client().account_id
    if isinstance(decision, schemas.GrantBody):
        offer = _offer(cases.decidable_offers(_profile()), decision.offer_id)
        cases.grant(row, _profile(), account_id, offer, decision.sessions, decision.goals, shortfall=decision.shortfall)
        _changed(row.person_id, "api.granted")
    else:
        cases.refuse(row, _profile(), account_id, decision.reason)
        _changed(row.person_id, "api.refused")
    return _application(row)


# ---- courses and sessions --------------------------------------------------------------------------------------


def _course_for_client(course_id: int) -> Course:
    return _found(api.get_course(course_id))


def _session_for_client(course: Course, session_id: int) -> TrainingSession:
    return _found(sessions.get_session(course.id, session_id))


def _book(course: Course, starts: list[Any], minutes: int, place: sessions.Place, replaces: int | None = None) -> Any:
    therapist = course.therapist_account_id or current_client().account_id
    try:
        return sessions.book(course, therapist, starts, minutes, place, replaces_session_id=replaces)
    except sessions.BookingRefused as refused:
        raise Problem(409, code=f"booking_refused:{refused.reason}") from refused


@bp.post("/courses")
@change("decisions:write", schemas.Course, body=schemas.CourseBody, status=201, tag="courses")
def create_course() -> Any:
    """A course the case system granted on its own: book its sessions next. A decision sent again is refused (409)."""
    body: schemas.CourseBody = request.context.json  # type: ignore[attr-defined]
    if not same_municipality():
        raise Problem(404, code="not_found")
    digits = _cpr_digits(body.cpr)
    offer = _offer(cases.decidable_offers(_profile()), body.offer_id)
    if body.decided_on > clock.today():
        raise Problem(422, code="bad_dates")
    person = people.find_or_create(digits, body.given_name, body.family_name)
    row = granted_elsewhere.record(person, offer, body.sessions, body.goals, body.decision_reference, body.decided_on)
    _changed(person.id, "api.course_granted")
    return _course(row), 201


@bp.get("/courses/<int:course_id>")
@client_required("sessions:write")
@spec.validate(resp=answers("HTTP_200", schemas.Course), tags=["courses"])
def course(course_id: int) -> Any:
    row = _course_for_client(course_id)
    _read(row.person_id)
    return _course(row)


@bp.post("/courses/<int:course_id>/sessions")
@change("sessions:write", schemas.SessionList, body=schemas.BookBody, status=201, tag="courses")
def book(course_id: int) -> Any:
    body: schemas.BookBody = request.context.json  # type: ignore[attr-defined]
    row = _course_for_client(course_id)
    centres = {centre.id for centre in _profile().centres}
    if body.kind == SessionKind.INDIVIDUAL and body.centre_id not in centres:
        raise Problem(422, code="unknown_centre")
    if body.kind == SessionKind.HOME and not body.place:
        raise Problem(422, code="place_needed")
    place = sessions.Place(SessionKind(body.kind), centre_id=body.centre_id, place=body.place)
    made = _book(row, list(body.starts), body.minutes, place)
    _changed(row.person_id, "api.book")
    return schemas.SessionList(items=[_session(s) for s in made]), 201


def _cancel(row: Course, session: TrainingSession, reason: str) -> None:
    if session.status != SessionStatus.BOOKED or not sessions.cancel_by_therapist(session, reason):
        raise Problem(409, code="not_booked", status_now=session.status)


@bp.post("/courses/<int:course_id>/sessions/<int:session_id>/cancel")
@change("sessions:write", schemas.CancelResult, body=schemas.CancelBody, tag="courses")
def cancel(course_id: int, session_id: int) -> Any:
    """The municipality cancels; where the profile gives a replacement session, the new time can come in the same
    call, and the citizen gets one letter for each, as when a therapist does it."""
    body: schemas.CancelBody = request.context.json  # type: ignore[attr-defined]
    row = _course_for_client(course_id)
    session = _session_for_client(row, session_id)
    if body.replacement and not _profile().absence.replacement_session:
        raise Problem(422, code="no_replacement_in_profile")
    _cancel(row, session, body.reason)
    replacement = None
    if body.replacement:
        place = sessions.Place(SessionKind(session.kind), centre_id=session.centre_id, place=session.place)
        replacement = _book(row, [body.replacement.starts_at], body.replacement.minutes, place, session.id)[0]
    _changed(row.person_id, "api.cancel")
    db.session.refresh(session)
    return schemas.CancelResult(cancelled=_session(session), replacement=_session(replacement) if replacement else None)


@bp.post("/courses/<int:course_id>/sessions/<int:session_id>/move")
@change("sessions:write", schemas.CancelResult, body=schemas.MoveBody, tag="courses")
def move(course_id: int, session_id: int) -> Any:
    """A new time for a booked session: the old one is cancelled by the municipality and the new one replaces it."""
    body: schemas.MoveBody = request.context.json  # type: ignore[attr-defined]
    row = _course_for_client(course_id)
    session = _session_for_client(row, session_id)
    minutes = body.minutes or session.minutes
    place = sessions.Place(SessionKind(session.kind), centre_id=session.centre_id, place=session.place)
    _cancel(row, session, body.reason)
    new = _book(row, [body.starts_at], minutes, place, session.id)[0]
    _changed(row.person_id, "api.move")
    db.session.refresh(session)
    return schemas.CancelResult(cancelled=_session(session), replacement=_session(new))


@bp.post("/courses/<int:course_id>/sessions/<int:session_id>/attendance")
@change("sessions:write", schemas.Session, body=schemas.AttendanceBody, tag="courses")
def attendance(course_id: int, session_id: int) -> Any:
    body: schemas.AttendanceBody = request.context.json  # type: ignore[attr-defined]
    row = _course_for_client(course_id)
    session = _session_for_client(row, session_id)
    if session.starts_at > utcnow():
        raise Problem(409, code="not_started")
    if not sessions.record_attendance(session, SessionStatus(body.status), _profile().absence.no_show_rules):
        raise Problem(409, code="cancelled", status_now=session.status)
    _changed(row.person_id, "api.attendance")
    db.session.refresh(session)
    return _session(session)


# ---- § 140 plans -----------------------------------------------------------------------------------------------


@bp.post("/plans")
@change("plans:write", schemas.Plan, body=schemas.PlanBody, status=201, tag="plans")
def create_plan() -> Any:
    """The hospital's genoptræningsplan (GGOP), which makes its § 140 course at once with the start deadline."""
    body: schemas.PlanBody = request.context.json  # type: ignore[attr-defined]
    if not same_municipality():
        raise Problem(404, code="not_found")
    digits = _cpr_digits(body.cpr)
    offers = plans.plan_offers(_profile())
    offer = _offer(offers, body.offer_id) if body.offer_id else offers[0]
    if body.received_on < body.discharge_date or body.received_on > clock.today():
        raise Problem(422, code="bad_dates")
    details = plans.PlanDetails(
        hospital=body.hospital,
        ward=body.ward,
        discharge_date=body.discharge_date,
        level=PlanLevel(body.level),
        function_text=body.function_text,
        goals=body.goals,
        citizen_goals=body.citizen_goals,
        precautions=body.precautions,
        medical_start_date=body.medical_start_date,
        received_on=body.received_on,
    )
    person = people.find_or_create(digits, body.given_name, body.family_name)
    registered = plans.register(
        person, details, offer, body.sessions, current_client().account_id, _profile(), current_app.config["NATIONAL"]
    )
    _changed(person.id, "api.plan_registered")
    return _plan(registered), 201


@bp.get("/plans/<int:plan_id>")
@client_required("plans:write")
@spec.validate(resp=answers("HTTP_200", schemas.Plan), tags=["plans"])
def plan(plan_id: int) -> Any:
    row = _found(api.get_plan(plan_id))
    _read(row.person_id)
    return _plan(row)


# ---- programs and end notes ------------------------------------------------------------------------------------


@bp.get("/programs/<int:program_id>")
@client_required("programs:read")
@spec.validate(resp=answers("HTTP_200", schemas.Program), tags=["programs"])
def program(program_id: int) -> Any:
    row = _found(api.get_program(program_id))
    if not row.is_issued:
        raise Problem(404, code="not_found")
    _read(row.person_id)
    note = api.end_note(row.course_id)
    return schemas.Program(
        id=row.id,
        course_id=row.course_id,
        issued_at=row.issued_at,
        introduction=row.introduction,
        items=[
            schemas.ProgramItem(
                exercise=item.exercise.name_da,
                sets=item.sets,
                repetitions=item.repetitions,
                seconds=item.seconds,
                times_per_week=item.times_per_week,
                load=item.load,
                notes=item.notes,
            )
            for item in row.items
        ],
        end_note=schemas.EndNote(
            goals_reached=note.goals_reached, recommendation=note.recommendation, issued_at=note.issued_at
        )
        if note
        else None,
    )


# ---- the change feed -------------------------------------------------------------------------------------------


@bp.get("/changes")
@client_required("cancellations:read")
@spec.validate(query=schemas.ChangesQuery, resp=answers("HTTP_200", schemas.ChangePage), tags=["changes"])
def changes() -> Any:
    """What changed after the cursor: applications, courses, sessions (the citizen's cancellations and absence among
    them) and plans, oldest first. Keep `next_cursor` and poll with it; nothing is missed or given twice."""
    query: schemas.ChangesQuery = request.context.query  # type: ignore[attr-defined]
    after = api.Position.decode(query.after) if query.after else None
    if query.after and after is None:
        raise Problem(422, code="bad_cursor")
    if not same_municipality():
        return schemas.ChangePage(items=[], next_cursor=query.after)
    settle = current_app.config.get("API_FEED_SETTLE_SECONDS", 2)
    found = api.changes(after, query.limit, utcnow() - timedelta(seconds=settle))
    items = [
        schemas.Change(
            kind=cast(Any, c.kind), id=c.id, changed_at=c.changed_at, status=c.status, cursor=c.position.encode()
        )
        for c in found
    ]
    return schemas.ChangePage(items=items, next_cursor=items[-1].cursor if items else query.after)
