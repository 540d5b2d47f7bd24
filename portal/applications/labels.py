from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import ApplicationStatus

STATUS_NAMES = {
    ApplicationStatus.DRAFT: _l("Draft"),
    ApplicationStatus.SUBMITTED: _l("Sent"),
    ApplicationStatus.ACKNOWLEDGED: _l("Received by the municipality"),
    ApplicationStatus.IN_ASSESSMENT: _l("Being assessed"),
    ApplicationStatus.GRANTED: _l("Granted"),
    ApplicationStatus.REJECTED: _l("Refused"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
}

STEP_NAMES = {
    "sent": _l("You sent the application"),
    "acknowledged": _l("We confirm that we have received it"),
    "assessment_talk": _l("A talk about your needs"),
    "decided": _l("The decision"),
    "training_start": _l("Your training starts"),
}
