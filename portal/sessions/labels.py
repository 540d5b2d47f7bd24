"""Session kinds, statuses and weekdays in words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import CourseEndReason, CourseStatus, SessionKind, SessionStatus

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

# What the citizen (or relative) is told when the session changed before their cancellation got there.
ALREADY_CHANGED = {
    SessionStatus.CANCELLED_BY_CITIZEN: _l("The training session was already cancelled."),
    SessionStatus.CANCELLED_BY_THERAPIST: _l("The therapist had already cancelled the training session."),
    SessionStatus.ATTENDED: _l(
        "The therapist has already noted if you came, so the session cannot be cancelled. Call the training centre "
        "if it is wrong."
    ),
}
ALREADY_CHANGED[SessionStatus.ABSENT_WITH_NOTICE] = ALREADY_CHANGED[SessionStatus.ATTENDED]
ALREADY_CHANGED[SessionStatus.NO_SHOW] = ALREADY_CHANGED[SessionStatus.ATTENDED]
ALREADY_STARTED = _l("The training session has started, so you cannot cancel it here. Call the training centre.")

# What the therapist is told when attendance could not be saved because the session is cancelled.
ATTENDANCE_REFUSED = {
    SessionStatus.CANCELLED_BY_CITIZEN: _l(
        "The citizen has cancelled the session, so the attendance was not saved. If the citizen came after all, "
        "use Correct the cancellation."
    ),
    SessionStatus.CANCELLED_BY_THERAPIST: _l("The session is cancelled by the therapist, so it has no attendance."),
}
ALL_WEEKDAY_LABELS = [*WEEKDAY_LABELS, _l("Saturday"), _l("Sunday")]
# Why a course ended early, in words the citizen reads.
END_REASON_LABELS = {
    CourseEndReason.GOAL_REACHED: _l("You have reached the goal of the training"),
    CourseEndReason.NO_SHOWS: _l("Absence from the training"),
    CourseEndReason.CITIZEN_STOPPED: _l("You have chosen to stop"),
    CourseEndReason.OTHER: _l("Another reason"),
    CourseEndReason.PROGRAM_ISSUED: _l("You have got your own training program"),
}

# The reasons a therapist can choose when ending a course early.
EARLY_END_REASONS = (
    CourseEndReason.GOAL_REACHED,
    CourseEndReason.NO_SHOWS,
    CourseEndReason.CITIZEN_STOPPED,
    CourseEndReason.OTHER,
)

EARLY_END_CHOICE_LABELS = {
    CourseEndReason.GOAL_REACHED: _l("The citizen has reached the goal"),
    CourseEndReason.NO_SHOWS: _l("Absences (the no-show rule)"),
    CourseEndReason.CITIZEN_STOPPED: _l("The citizen has chosen to stop"),
    CourseEndReason.OTHER: _l("Another reason"),
}

# A course's status in the citizen's words, on "Mine sager".
COURSE_STATUS_LABELS = {
    CourseStatus.ACTIVE: _l("Your training is going on"),
    CourseStatus.COMPLETED: _l("Your training is completed"),
    CourseStatus.ENDED_EARLY: _l("Your training ended early"),
}
