"""The messages programs send the citizen, in the reader's language (as case letters)."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from portal.cases.letters import LETTER_LANGUAGE, Letter, letter_locale
from portal.models import Program
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
