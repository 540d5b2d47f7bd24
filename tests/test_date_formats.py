"""The portal's compiled date formatters write exactly what Babel writes, for every format the templates and letters
use, in both languages, through a year's hours (summer and winter time, one- and two-digit days and months)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from babel.dates import format_date, format_datetime, format_time
from flask import Flask

from portal.clock import COPENHAGEN

FORMATS = {
    "datetime": ["short", "medium", "long", "EEEE d. MMMM y", "EEEE d. MMMM 'kl.' HH:mm", "d. MMMM", "HH:mm", "y-MM"],
    "date": ["short", "medium", "long", "full", "EEEE d. MMMM", "MMMM y", "MMMM"],
    "time": ["short", "medium"],
}
BABEL = {"datetime": format_datetime, "date": format_date, "time": format_time}


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_format_in_use_matches_babel_through_a_year(app: Flask, language: str) -> None:
    from portal import dates

    locale = dates.format_locale(language)
    start = datetime(2026, 1, 1, 0, 7, tzinfo=UTC)
    moments = [start + timedelta(hours=hours, minutes=hours % 53) for hours in range(0, 366 * 24, 7)]
    with app.test_request_context("/", headers={"Cookie": f"{app.config['LANGUAGE_COOKIE']}={language}"}):
        written = {"datetime": dates.datetimeformat, "date": dates.dateformat, "time": dates.timeformat}
        for kind, formats in FORMATS.items():
            for format in formats:
                for moment in moments:
                    local = moment.astimezone(COPENHAGEN)
                    value = local if kind == "datetime" else (local.date() if kind == "date" else local.timetz())
                    expected = BABEL[kind](value, format, locale=locale)  # type: ignore[operator]
                    assert written[kind](moment, format) == expected, (kind, format, moment)
