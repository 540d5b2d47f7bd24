"""The builder's words for the rules of a dose and why a program cannot be issued."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

DOSE_MESSAGES = {
    "sets_range": _l("Write a number of sets from 1 to 10"),
    "repetitions_range": _l("Write a number of repetitions from 1 to 100"),
    "seconds_range": _l("Write a number of seconds from 5 to 3600"),
    "repetitions_or_seconds": _l("Write the repetitions or the seconds"),
    "times_per_week_range": _l("Write how many times a week, from 1 to 14"),
}

# Hints for the recommendation: what a citizen can do after the course.
RECOMMENDATION_HINTS = (
    _l("Keep training at home with the program"),
    _l("Join an association, for example a senior sports club (forening)"),
    _l("Private offers, for example a fitness centre or a physiotherapist"),
)
