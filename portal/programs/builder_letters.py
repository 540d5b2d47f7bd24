"""The message the citizen gets when the program is issued, in the citizen's language; the GP's notice in Danish."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from portal.models import Course, EndNote, TrainingSession
from portal.outbox.letters import LETTER_LANGUAGE, Letter, as_message_args, letter_locale, portal_link
from portal.outbox.letters import session_list as _list

__all__ = ["Letter", "as_message_args", "course_ended_reason", "end_note_ready_for_gp", "program_issued"]


def course_ended_reason() -> str:
    """The reason kept on the sessions the issue cancels; the citizen reads it with the session."""
    with force_locale(LETTER_LANGUAGE):
        return gettext("The course has ended")


def program_issued(
    course: Course, note: EndNote, cancelled: list[TrainingSession], language: str = LETTER_LANGUAGE
) -> Letter:
    with force_locale(letter_locale(language)):
        parts = [
            gettext("Your training course has ended. You now have a self-training program to do at home."),
            gettext(
                "Find your program here: %(link)s",
                link=portal_link("programs.mine"),
            ),
            gettext("Your therapist has written an end note: a short account of how your training went."),
            gettext("Your goals: %(goals)s", goals=course.goals),
            gettext("How far you reached them: %(text)s", text=note.goals_reached),
            gettext("What we recommend next: %(text)s", text=note.recommendation),
        ]
        if cancelled:
            parts += [gettext("The course has ended, so we have cancelled these training sessions:"), _list(cancelled)]
        return Letter(
            language=language,
            kind="program.issued",
            subject=gettext("Your training program and end note"),
            body="\n\n".join(parts),
        )


def end_note_ready_for_gp(application_id: int, language: str = LETTER_LANGUAGE) -> Letter:
    """The e-mail to the referring GP. E-mail is not a secure channel: no name, no CPR, no note, only where to look."""
    with force_locale(letter_locale(language)):
        parts = [
            gettext("There is a new end note from the rehabilitation for a citizen you referred."),
            gettext(
                "Read it under the referral when you log in to the training portal: %(path)s",
                path=portal_link("gp.referral", application_id=application_id),
            ),
            gettext("For the sake of confidentiality, this e-mail says no more."),
        ]
        return Letter(
            language=language,
            kind="program.end_note_to_gp",
            subject=gettext("An end note is ready in the training portal"),
            body="\n\n".join(parts),
        )
