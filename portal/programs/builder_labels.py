"""Why a program cannot be issued, in words: the service raises them, the builder's pages show them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

REFUSALS = {
    "not_active": _l("The course has ended, so the program cannot be issued."),
    "empty": _l("Add at least one exercise to the program."),
    "incomplete": _l("Every exercise needs repetitions or seconds and how many times a week."),
    "no_end_note": _l("Write the end note before you issue the program."),
    "issued": _l("The program is already issued."),
}
