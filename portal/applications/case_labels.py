"""Case facts in words, for the staff pages and the citizen's question page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.calendar import Status
from portal.models import ApplicationSource, ApplicationStatus
from portal.municipalities.schema import LegalBasis, Milestone

STATUS_LABELS = {
    ApplicationStatus.DRAFT: _l("Draft"),
    ApplicationStatus.SUBMITTED: _l("Received"),
    ApplicationStatus.ACKNOWLEDGED: _l("Acknowledged"),
    ApplicationStatus.IN_ASSESSMENT: _l("In assessment"),
    ApplicationStatus.GRANTED: _l("Granted"),
    ApplicationStatus.REJECTED: _l("Refused"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
}

SOURCE_LABELS = {
    ApplicationSource.CITIZEN: _l("Citizen"),
    ApplicationSource.RELATIVE: _l("Relative"),
    ApplicationSource.GP: _l("GP referral"),
}

MILESTONE_LABELS = {
    Milestone.LETTER: _l("Letter to the citizen"),
    Milestone.CONTACT: _l("Contact with the citizen"),
    Milestone.ASSESSMENT_TALK: _l("Assessment talk"),
    Milestone.DECISION: _l("Decision"),
    Milestone.TRAINING_START: _l("Training starts"),
}

DEADLINE_STATUS_LABELS = {
    Status.MET: _l("Met"),
    Status.MET_LATE: _l("Met late"),
    Status.DUE_TODAY: _l("Due today"),
    Status.OVERDUE: _l("Overdue"),
    Status.PENDING: _l("Not due yet"),
}

LEGAL_BASIS_LABELS = {
    LegalBasis.SERVICELOVEN_86_1: _l("section 86(1) of the Social Services Act"),
    LegalBasis.SERVICELOVEN_86_2: _l("section 86(2) of the Social Services Act"),
    LegalBasis.SUNDHEDSLOVEN_140: _l("section 140 of the Health Act"),
}
