"""The messages programs send the citizen, in the reader's language (as case letters)."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from portal.models import Program
from portal.outbox.letters import LETTER_LANGUAGE, Letter, letter_locale
from portal.programs.labels import dose

REMINDER_KIND = "program.reminder"


def reminder(program: Program, language: str = LETTER_LANGUAGE) -> Letter:
    with force_locale(letter_locale(language)):
        lines = [f"- {item.exercise.name(language)}: {dose(item)}" for item in program.items]
        return Letter(
            language=language,
            kind=REMINDER_KIND,
            subject=gettext("Remember your exercises today"),
            body="\n\n".join(
                [
                    gettext("This is your reminder to do the exercises in your training program today:"),
                    "\n".join(lines),
                    gettext(
                        "You can see the exercises and log your training day under 'My training program' in the "
                        "training portal. You choose the days for reminders there too."
                    ),
                ]
            ),
        )


FOLLOW_UP_KIND = "program.reminder.follow_up"


def follow_up() -> Letter:
    """The follow-up of a reminder that led to no logged day: a notice only, with no exercise and nothing about
    health, since it may go by e-mail or SMS."""
    with force_locale(LETTER_LANGUAGE):
        return Letter(
            kind=FOLLOW_UP_KIND,
            subject=gettext("A reminder about your exercises"),
            body="\n\n".join(
                [
                    gettext("We reminded you about your exercises a few days ago."),
                    gettext(
                        "Log in to the training portal and open 'My training program'. There you can train and log the"
                        " day."
                    ),
                    gettext("You can turn off this extra reminder under 'Reminders and contact'."),
                ]
            ),
        )
