"""Session kinds, statuses and weekdays in words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import SessionKind, SessionStatus

KIND_LABELS = {
    SessionKind.INDIVIDUAL: _l("Individual training"),
    SessionKind.TEAM: _l("Team training"),
    SessionKind.HOME: _l("Training at home"),
}

STATUS_LABELS = {
    SessionStatus.BOOKED: _l("Booked"),
    SessionStatus.CANCELLED_BY_CITIZEN: _l("Cancelled by the citizen"),
    SessionStatus.CANCELLED_BY_THERAPIST: _l("Cancelled by the therapist"),
    SessionStatus.ABSENT_WITH_NOTICE: _l("Absent with notice"),
    SessionStatus.NO_SHOW: _l("Did not come"),
    SessionStatus.ATTENDED: _l("Attended"),
}

# The citizen's words for the same statuses.
CITIZEN_STATUS_LABELS = {
    SessionStatus.BOOKED: _l("Booked"),
    SessionStatus.CANCELLED_BY_CITIZEN: _l("You cancelled"),
    SessionStatus.CANCELLED_BY_THERAPIST: _l("Cancelled by the therapist"),
    SessionStatus.ABSENT_WITH_NOTICE: _l("Absent with notice"),
    SessionStatus.NO_SHOW: _l("Not attended"),
    SessionStatus.ATTENDED: _l("Attended"),
}

WEEKDAY_LABELS = [_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday")]

ALL_WEEKDAY_LABELS = [*WEEKDAY_LABELS, _l("Saturday"), _l("Sunday")]
