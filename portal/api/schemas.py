"""The API's request and response bodies. Pydantic gives their JSON Schema (2020-12, as OpenAPI 3.1 uses) and
spectree puts it into the document, so the contract is the code. CPR numbers appear only in bodies."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Cpr = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}-?[0-9]{4}$")]
Cursor = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_-]{1,200}$")]


ISO_MOMENT = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_moment(value: Any) -> Any:
    # Pydantic would take a number as seconds since 1970; the API takes only what its document says.
    if isinstance(value, str) and ISO_MOMENT.match(value):
        return value
    raise ValueError("an ISO 8601 date and time with its offset, e.g. 2026-03-09T10:00:00+01:00")


def _iso_day(value: Any) -> Any:
    if isinstance(value, str) and ISO_DAY.match(value):
        return value
    raise ValueError("an ISO 8601 date, e.g. 2026-03-09")


Moment = Annotated[AwareDatetime, BeforeValidator(_iso_moment), Field(strict=False)]
Day = Annotated[date, BeforeValidator(_iso_day), Field(strict=False)]


class Strict(BaseModel):
    """A request body: no unknown fields, and no quiet conversions (a string for a number, a number for a date)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Query(BaseModel):
    """Query strings arrive as text, so numbers are read from it; dates still only in ISO 8601."""

    model_config = ConfigDict(extra="forbid")


class Problem(BaseModel):
    """RFC 9457 problem details; `title` in Danish, `title_en` in English."""

    type: str
    title: str
    title_en: str
    status: int
    instance: str | None = None
    code: str | None = None
    detail: str | None = None


class Citizen(BaseModel):
    id: int
    name: str
    cpr: str


class Question(BaseModel):
    id: int
    question: str
    asked_at: datetime
    answer: str | None
    answered_at: datetime | None


class ApplicationSummary(BaseModel):
    id: int
    case_number: str | None
    status: str
    source: str
    submitted_at: datetime | None
    changed_at: datetime


class ApplicationPage(BaseModel):
    items: list[ApplicationSummary]
    next_cursor: str | None = Field(description="Give as `cursor` for the next page; null on the last page.")


class Application(ApplicationSummary):
    citizen: Citizen
    answers: dict[str, Any]
    referral: dict[str, Any] | None
    deadlines: dict[str, Any]
    acknowledged_at: datetime | None
    assessment_talk_at: datetime | None
    assessment_place: str | None
    decided_at: datetime | None
    granted_offer: str | None
    granted_sessions: int | None
    decision_goals: str | None
    decision_reason: str | None
    course_id: int | None
    questions: list[Question]


class ApplicationQuery(Query):
    status: Literal["submitted", "acknowledged", "in_assessment", "granted", "rejected", "withdrawn"] | None = None
    changed_since: Moment | None = None
    cursor: Cursor | None = None
    limit: int = Field(default=50, ge=1, le=200)


class AskBody(Strict):
    question: Text


class TalkBody(Strict):
    at: Moment
    place: ShortText


class GrantBody(Strict):
    outcome: Literal["grant"]
    offer_id: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    sessions: int = Field(ge=1, le=999)
    goals: Text
    shortfall: Text | None = Field(default=None, description="Why the citizen gets less than asked for.")


class RefuseBody(Strict):
    outcome: Literal["refuse"]
    reason: Text


class DecisionBody(BaseModel):
    decision: GrantBody | RefuseBody = Field(discriminator="outcome")


class Session(BaseModel):
    id: int
    course_id: int
    starts_at: datetime
    ends_at: datetime
    kind: str
    centre_id: str | None
    place: str | None
    status: str
    cancel_reason: str | None
    late: bool
    replaces_session_id: int | None
    changed_at: datetime


class Course(BaseModel):
    id: int
    application_id: int | None
    plan_id: int | None
    decision_reference: str | None = Field(description="The case system's reference, when it granted the course.")
    decided_on: date | None
    citizen: Citizen
    offer_id: str
    legal_basis: str
    sessions_allowed: int
    goals: str
    status: str
    sessions: list[Session]


class CourseBody(Strict):
    """A course the case system granted on its own (the citizen applied by phone or on paper): the decision and its
    letter are the case system's, the portal holds the course so its sessions can be booked and seen."""

    cpr: Cpr
    given_name: ShortText
    family_name: ShortText
    decision_reference: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)] = Field(
        description="The case system's own id of the decision; one course per decision."
    )
    decided_on: Day
    offer_id: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    sessions: int = Field(ge=1, le=999)
    goals: Text


class BookBody(Strict):
    starts: list[Moment] = Field(min_length=1, max_length=50)
    minutes: int = Field(ge=15, le=480)
    kind: Literal["individual", "home"] = "individual"
    centre_id: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    place: ShortText | None = None


class SessionList(BaseModel):
    items: list[Session]


class Replacement(Strict):
    starts_at: Moment
    minutes: int = Field(ge=15, le=480)


class CancelBody(Strict):
    reason: Text
    replacement: Replacement | None = Field(
        default=None, description="A new time, booked in the same step where the profile gives a replacement."
    )


class MoveBody(Strict):
    starts_at: Moment
    minutes: int | None = Field(default=None, ge=15, le=480)
    reason: Text


class CancelResult(BaseModel):
    cancelled: Session
    replacement: Session | None


class AttendanceBody(Strict):
    status: Literal["attended", "no_show", "absent_with_notice"]


class PlanBody(Strict):
    cpr: Cpr
    given_name: ShortText
    family_name: ShortText
    hospital: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    ward: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    discharge_date: Day
    received_on: Day
    level: Literal["basic", "advanced", "specialised", "specialised_rehabilitation"]
    function_text: Text
    goals: Text
    citizen_goals: Text | None = None
    precautions: Text | None = None
    medical_start_date: Day | None = None
    offer_id: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    sessions: int = Field(ge=1, le=999)


class Plan(BaseModel):
    id: int
    course_id: int
    citizen: Citizen
    hospital: str
    ward: str
    discharge_date: date
    received_on: date
    level: str
    start_due: date
    start_basis: str
    warn_on: date
    first_session_at: datetime | None
    deadline_state: Literal["waiting", "in_time", "late", "not_booked", "at_hospital"]
    free_choice_letter_at: datetime | None


class ProgramItem(BaseModel):
    exercise: str
    sets: int | None
    repetitions: int | None
    seconds: int | None
    times_per_week: int
    load: str
    notes: str


class EndNote(BaseModel):
    goals_reached: str
    recommendation: str
    issued_at: datetime | None


class Program(BaseModel):
    id: int
    course_id: int
    issued_at: datetime | None
    introduction: str
    items: list[ProgramItem]
    end_note: EndNote | None


class ChangesQuery(Query):
    after: Cursor | None = None
    limit: int = Field(default=100, ge=1, le=500)


class Change(BaseModel):
    kind: Literal["application", "course", "session", "plan"]
    id: int
    changed_at: datetime
    status: str
    cursor: str


class ChangePage(BaseModel):
    items: list[Change]
    next_cursor: str | None = Field(description="Poll again with `after` set to this; unchanged when nothing new.")


class IdempotencyHeaders(BaseModel):
    """Every POST: a key of the client's choosing; the same key again gets the first answer and changes nothing."""

    model_config = ConfigDict(extra="allow")

    idempotency_key: Annotated[str, StringConstraints(pattern=r"^[!-~]{1,200}$")] = Field(alias="Idempotency-Key")
