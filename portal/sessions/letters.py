"""The messages sessions send the citizen, in Danish whatever language the portal is read in (as case letters)."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale, format_date, format_time, gettext

from portal.calendar import copenhagen_date
from portal.cases.letters import LETTER_LANGUAGE, Letter, as_message_args
from portal.models import TrainingSession

__all__ = ["Letter", "absence", "as_message_args", "cancelled_by_citizen", "cancelled_by_therapist"]


def _when(session: TrainingSession) -> str:
    return gettext(
        "%(date)s at %(time)s",
        date=format_date(copenhagen_date(session.starts_at), "full"),
        time=format_time(session.starts_at, "short"),
    )


def _list(sessions: list[TrainingSession]) -> str:
    return "\n".join(f"- {_when(session)}" for session in sessions)


def cancelled_by_citizen(sessions: list[TrainingSession], late: bool) -> Letter:
    with force_locale(LETTER_LANGUAGE):
        parts = [gettext("You have cancelled this training session:"), _list(sessions)]
        if late:
            parts.append(gettext("You cancelled after the notice limit, so the cancellation is marked as late."))
        return Letter(
            kind="session.cancelled_by_citizen",
            subject=gettext("Your training session is cancelled"),
            body="\n\n".join(parts),
        )


def cancelled_by_therapist(session: TrainingSession, reason: str) -> Letter:
    with force_locale(LETTER_LANGUAGE):
        return Letter(
            kind="session.cancelled_by_therapist",
            subject=gettext("We have cancelled your training session"),
            body="\n\n".join(
                [
                    gettext("We have cancelled your training session %(when)s.", when=_when(session)),
                    gettext("Reason: %(reason)s", reason=reason),
                ]
            ),
        )


def absence(sessions: list[TrainingSession], first: date, last: date, late: bool) -> Letter:
    with force_locale(LETTER_LANGUAGE):
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
            kind="session.absence",
            subject=gettext("Your absence is registered"),
            body="\n\n".join(parts),
        )
