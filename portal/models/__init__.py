"""All models, imported here so Alembic and the app see one metadata."""

from portal.models.access_log import AccessLog
from portal.models.account import Account, AccountRole, Role
from portal.models.api_client import ApiAssertion, ApiClient, ApiIdempotencyKey, ApiToken
from portal.models.application import Application, ApplicationSource, ApplicationStatus
from portal.models.calendar_feed import CalendarFeed
from portal.models.contact_preference import ContactPreference
from portal.models.course import Course, CourseStatus
from portal.models.delegation import Delegation, Scope
from portal.models.exercise import BodyArea, Exercise
from portal.models.feedback import PageFeedback
from portal.models.message import Channel, DeliveryStatus, Message, OutboxItem
from portal.models.person import Person
from portal.models.plan import RehabilitationPlan
from portal.models.program import (
    CourseEndReason,
    EndNote,
    Program,
    ProgramItem,
    ProgramTemplate,
    ProgramTemplateItem,
    TrainingLogEntry,
)
from portal.models.promised_dates import PromisedDate, PromisedDates
from portal.models.question import ApplicationQuestion
from portal.models.session import SessionKind, SessionSlot, SessionStatus, TrainingSession
from portal.models.team import Team
from portal.models.training import ExerciseLink, TrainingLogSubmission, TrainingRun
from portal.models.web_session import WebSession

__all__ = [
    "AccessLog",
    "Account",
    "AccountRole",
    "ApiAssertion",
    "ApiClient",
    "ApiIdempotencyKey",
    "ApiToken",
    "Application",
    "ApplicationQuestion",
    "ApplicationSource",
    "ApplicationStatus",
    "BodyArea",
    "CalendarFeed",
    "Channel",
    "ContactPreference",
    "Course",
    "CourseEndReason",
    "CourseStatus",
    "Delegation",
    "DeliveryStatus",
    "EndNote",
    "Exercise",
    "ExerciseLink",
    "Message",
    "OutboxItem",
    "PageFeedback",
    "Person",
    "Program",
    "ProgramItem",
    "ProgramTemplate",
    "ProgramTemplateItem",
    "PromisedDate",
    "PromisedDates",
    "RehabilitationPlan",
    "Role",
    "Scope",
    "SessionKind",
    "SessionSlot",
    "SessionStatus",
    "Team",
    "TrainingLogEntry",
    "TrainingLogSubmission",
    "TrainingRun",
    "TrainingSession",
    "WebSession",
]
