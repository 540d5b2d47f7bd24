"""The words for a referral's status and its promised steps, shared by the GP's and the citizen's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.calendar import Status
from portal.models import ApplicationStatus
from portal.municipalities.schema import Milestone

STATUS_LABELS = {
    ApplicationStatus.DRAFT: _l("Not sent"),
    ApplicationStatus.SUBMITTED: _l("Sent to the municipality"),
    ApplicationStatus.ACKNOWLEDGED: _l("Received by the municipality"),
    ApplicationStatus.IN_ASSESSMENT: _l("Being assessed"),
    ApplicationStatus.GRANTED: _l("Training granted"),
    ApplicationStatus.REJECTED: _l("Refused"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
}

MILESTONE_LABELS = {
    Milestone.LETTER: _l("Letter from the municipality"),
    Milestone.CONTACT: _l("The municipality makes contact"),
    Milestone.ASSESSMENT_TALK: _l("Talk to plan the training"),
    Milestone.DECISION: _l("Decision"),
    Milestone.TRAINING_START: _l("Training starts"),
}

DEADLINE_STATUS_LABELS = {
    Status.MET: _l("Done in time"),
    Status.MET_LATE: _l("Done, but late"),
    Status.DUE_TODAY: _l("Due today"),
    Status.OVERDUE: _l("Overdue"),
    Status.PENDING: _l("Not yet due"),
}

TRANSPORT_CHOICES = {
    "yes": _l("Yes"),
    "no": _l("No, I need help to get there"),
    "unsure": _l("I am not sure"),
}
