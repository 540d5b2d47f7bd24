"""Doses, Borg words and weekdays in words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.models import ProgramItem

WEEKDAY_LABELS = [
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
]

# Borg CR10: the words that go with the numbers, so "how hard" means the same to everyone. Only the steps the
# published scale names have words; the steps between show only their number, as on the printed scale.
BORG_LABELS = {
    0: _l("No effort, rest"),
    1: _l("Very light"),
    2: _l("Light"),
    3: _l("Moderate"),
    4: _l("Somewhat hard"),
    5: _l("Hard"),
    7: _l("Very hard"),
    10: _l("Extremely hard, maximal"),
}

# How the one who logged a training day acted, said after their name in the log; the citizen's own days need none.
LOGGED_AS_LABELS = {
    "relative": _l("relative"),
    "guardian": _l("guardian"),
    "staff": _l("home care"),
}

PAIN_LABELS = {0: _l("No pain"), 5: _l("Moderate pain"), 10: _l("The worst pain you can imagine")}

DAYS_IN_WEEK = 7


def dose(item: ProgramItem) -> str:
    """How much, in words: "3 gange 10 gentagelser, 4 dage om ugen" or "hold 30 sekunder, 7 dage om ugen"."""
    return ", ".join([*_session_parts(item), _weekly(item)])


def session_dose(item: ProgramItem) -> str:
    """How much in one training, in words: "3 gange 10 gentagelser" or "hold 30 sekunder"."""
    return ", ".join(_session_parts(item)) or ngettext("%(num)s time", "%(num)s times", 1)


def _session_parts(item: ProgramItem) -> list[str]:
    parts = []
    sets = item.sets if item.sets and item.sets > 1 else None
    if item.repetitions:
        if sets:
            parts.append(
                ngettext(
                    "%(sets)s times %(num)s repetition",
                    "%(sets)s times %(num)s repetitions",
                    item.repetitions,
                    sets=sets,
                )
            )
        else:
            parts.append(ngettext("%(num)s repetition", "%(num)s repetitions", item.repetitions))
    elif sets:
        parts.append(ngettext("%(num)s time", "%(num)s times", sets))
    if item.seconds:
        parts.append(ngettext("hold %(num)s second", "hold %(num)s seconds", item.seconds))
    return parts


def _weekly(item: ProgramItem) -> str:
    if item.times_per_week <= DAYS_IN_WEEK:
        return ngettext("%(num)s day a week", "%(num)s days a week", item.times_per_week)
    return ngettext("%(num)s time a week", "%(num)s times a week", item.times_per_week)
