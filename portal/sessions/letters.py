"""The messages sessions send the citizen, in the reader's language (as case letters)."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale, format_date, gettext, ngettext

from portal.models import Course, CourseEndReason, TrainingSession
from portal.municipalities.schema import Centre, NoShowRule
from portal.outbox.letters import LETTER_LANGUAGE, Letter, as_message_args, letter_locale
from portal.outbox.letters import session_list as _list
from portal.outbox.letters import session_time as _when
from portal.sessions.labels import END_REASON_LABELS
from portal.standard.services import no_show_rule

__all__ = [
    "Letter",
    "absence",
    "as_message_args",
    "cancelled_by_citizen",
    "cancelled_by_therapist",
    "course_ended",
    "no_show_limit",
    "reminder",
    "replacement",
]


def cancelled_by_citizen(sessions: list[TrainingSession], late: bool, language: str = LETTER_LANGUAGE) -> Letter:
    with force_locale(letter_locale(language)):
        parts = [gettext("You have cancelled this training session:"), _list(sessions)]
        if late:
            parts.append(gettext("You cancelled after the notice limit, so the cancellation is marked as late."))
        return Letter(
            language=language,
            kind="session.cancelled_by_citizen",
            subject=gettext("Your training session is cancelled"),
            body="\n\n".join(parts),
        )


def cancelled_by_therapist(session: TrainingSession, reason: str, language: str = LETTER_LANGUAGE) -> Letter:
    with force_locale(letter_locale(language)):
        return Letter(
            language=language,
            kind="session.cancelled_by_therapist",
            subject=gettext("We have cancelled your training session"),
            body="\n\n".join(
                [
                    gettext("We have cancelled your training session %(when)s.", when=_when(session)),
                    gettext("Reason: %(reason)s", reason=reason),
                ]
            ),
        )


def absence(
    sessions: list[TrainingSession], first: date, last: date, late: bool, language: str = LETTER_LANGUAGE
) -> Letter:
    with force_locale(letter_locale(language)):
        parts = [
            gettext(
                "You have registered absence from %(first)s to %(last)s. We have cancelled these training sessions:",
                first=format_date(first, "long"),
                last=format_date(last, "long"),
            ),
            _list(sessions),
        ]
        if late:
            parts.append(gettext("Some were cancelled after the notice limit and are marked as late."))
        return Letter(
            language=language,
            kind="session.absence",
            subject=gettext("Your absence is registered"),
            body="\n\n".join(parts),
        )


def _place(session: TrainingSession, centre: Centre | None) -> str:
    where = [centre.name, *centre.address] if centre else [gettext("At your home")]
    return ", ".join([*where, session.place] if session.place else where)


def replacement(sessions: list[TrainingSession], replaced: TrainingSession, language: str = LETTER_LANGUAGE) -> Letter:
    with force_locale(letter_locale(language)):
        return Letter(
            language=language,
            kind="session.replacement",
            subject=gettext("You have a new training time"),
            body="\n\n".join(
                [
                    gettext(
                        "Instead of the cancelled session %(when)s, you have a new training time:",
                        when=_when(replaced),
                    ),
                    _list(sessions),
                    gettext("You can see all your training times in the portal under My training sessions."),
                ]
            ),
        )


def reminder(session: TrainingSession, centre: Centre | None, path: str, language: str = LETTER_LANGUAGE) -> Letter:
    """The day-before reminder: when, where and what to do if the citizen cannot come; nothing about health.

    It names no notice limit: at the reminder hour the limit may already have passed, and an early cancel is
    better than none."""
    with force_locale(letter_locale(language)):
        return Letter(
            language=language,
            kind="session.reminder",
            subject=gettext("Reminder: training tomorrow"),
            body="\n\n".join(
                [
                    gettext("This is a reminder of your training session tomorrow."),
                    gettext("Time: %(when)s", when=_when(session)),
                    gettext("Place: %(place)s", place=_place(session, centre)),
                    gettext(
                        "If you cannot come, cancel as soon as you can on the training portal under "
                        "My training sessions: %(path)s",
                        path=path,
                    ),
                ]
            ),
        )


def no_show_limit(rule: NoShowRule, count: int, language: str = LETTER_LANGUAGE) -> Letter:
    with force_locale(letter_locale(language)):
        return Letter(
            language=language,
            kind="course.no_show_limit",
            subject=gettext("About your training: absences"),
            body="\n\n".join(
                [
                    ngettext(
                        "You have been absent from %(num)d training session.",
                        "You have been absent from %(num)d training sessions.",
                        count,
                    ),
                    gettext("The rule of the municipality: %(rule)s", rule=no_show_rule(rule)),
                    gettext("Your therapist will contact you to talk about how it is going and about your course."),
                ]
            ),
        )


def course_ended(course: Course, cancelled: list[TrainingSession], language: str = LETTER_LANGUAGE) -> Letter:
    # Written only for a course that end_early has just ended, which stores the reason with the end; without one,
    # CourseEndReason(None) would raise the same error further down.
    if course.end_reason is None:
        raise ValueError(f"Course {course.id} has no end reason, so it has not ended")
    with force_locale(letter_locale(language)):
        parts = [
            gettext("We have ended your training course."),
            gettext("Reason: %(reason)s", reason=str(END_REASON_LABELS[CourseEndReason(course.end_reason)])),
            course.end_reason_text or "",
        ]
        if cancelled:
            parts += [gettext("We have cancelled these training sessions:"), _list(cancelled)]
        parts.append(gettext("Contact us if you have questions."))
        return Letter(
            language=language,
            kind="course.ended_early",
            subject=gettext("Your training course has ended"),
            body="\n\n".join(part for part in parts if part),
        )
