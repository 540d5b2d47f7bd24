"""Dates and times written the way the reader's language writes them: Danish as in Denmark, and English as in Britain
(3 December 2026, 15:45), not as Babel's plain "en" would have them (December 3, 2026, 3:45 PM); pages and letters
alike (the letters' locales are `format_locale`'s). In Copenhagen time unless the user's time zone is another.

The template filters (`datetimeformat`, `dateformat`, `timeformat`) and Python code both come here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Any, cast

from babel import Locale
from babel.dates import DateTimeFormat, get_date_format, get_datetime_format, get_time_format, parse_pattern
from flask import current_app, g
from flask.globals import _cv_app
from flask_babel import get_locale, get_timezone

from portal.clock import COPENHAGEN

# The locale whose conventions a language's dates follow, where it is not the language itself.
FORMAT_LOCALES = {"en": "en_GB"}


# A pattern is turned once (per pattern and language) into the pieces that format it,
# the fixed text and the fields, with the language's month and weekday names looked up once. Babel's own formatter
# builds a formatter object and resolves the locale for every value. Fields the fast path does not know fall back to
# Babel's formatter for that field, so the output is always Babel's.
_NAMED = ("short", "medium", "long", "full")


def _field(name: str, locale: Locale) -> Callable[[datetime | date | time], str]:
    char, width = name[0], len(name)
    if char == "d" and width <= 2:
        return lambda value: str(value.day).zfill(width)  # type: ignore[union-attr]
    if char in "yu" and width != 2:
        return lambda value: str(value.year).zfill(width)  # type: ignore[union-attr]
    if char in "HM" and width <= 2 and not (char == "M" and width > 2):
        attribute = "hour" if char == "H" else "month"
        return lambda value: str(getattr(value, attribute)).zfill(width)
    if char in "ML" and width >= 3:
        context = "format" if char == "M" else "stand-alone"
        names = _plain(locale.months[context][{3: "abbreviated", 4: "wide", 5: "narrow"}[min(width, 5)]])
        return lambda value: names[value.month]  # type: ignore[union-attr]
    if (char == "E" or (char in "ec" and width >= 3)) and width <= 5:
        context = "stand-alone" if char == "c" else "format"
        widths = {1: "abbreviated", 2: "abbreviated", 3: "abbreviated", 4: "wide", 5: "narrow"}
        names = _plain(locale.days[context][widths[width]])
        return lambda value: names[value.weekday()]  # type: ignore[union-attr]
    if char == "m" and width <= 2:
        return lambda value: str(value.minute).zfill(width)  # type: ignore[union-attr]
    if char == "s" and width <= 2:
        return lambda value: str(value.second).zfill(width)  # type: ignore[union-attr]
    return lambda value: DateTimeFormat(value, locale)[name]


def _plain(names: Any) -> dict[int, str]:
    """Babel's locale data as a plain dict: its own mapping resolves aliases on every lookup."""
    return {key: names[key] for key in names}


@lru_cache(maxsize=256)
def _compiled(kind: str, format: str, locale_name: str) -> Callable[[Any], str]:
    frame, fields = _frame(kind, format, Locale.parse(locale_name))
    # One str.format of the whole pattern: no dict of fields, no second pass for a date and time frame.
    return lambda value: frame.format(*[piece(value) for piece in fields])


_Field = Callable[[Any], str]


def _frame(kind: str, format: str, locale: Locale) -> tuple[str, list[_Field]]:
    """The pattern as a `str.format` frame with a `{}` for each field, and the fields in order."""
    if format in _NAMED and kind == "datetime":
        date_frame, date_fields = _frame("date", format, locale)
        time_frame, time_fields = _frame("time", format, locale)
        # Babel's stubs call this a pattern; for a named format it is the plain "{1} {0}" frame.
        around = cast(str, get_datetime_format(cast(Any, format), locale=locale)).replace("'", "")
        frame, fields = "", list[_Field]()
        for part in _split_keeping(around, ("{0}", "{1}")):
            if part == "{0}":
                frame, fields = frame + time_frame, fields + time_fields
            elif part == "{1}":
                frame, fields = frame + date_frame, fields + date_fields
            else:
                frame += _braces_escaped(part)
        return frame, fields
    pattern: Any
    if format in _NAMED:
        pattern = (get_date_format if kind == "date" else get_time_format)(cast(Any, format), locale=locale)
    else:
        pattern = parse_pattern(format)
    frame, fields = "", []
    rest = pattern.format
    while "%(" in rest:
        before, rest = rest.split("%(", 1)
        name, rest = rest.split(")s", 1)
        frame += _braces_escaped(before.replace("%%", "%")) + "{}"
        fields.append(_field(name, locale))
    return frame + _braces_escaped(rest.replace("%%", "%")), fields


def _split_keeping(text: str, markers: tuple[str, ...]) -> list[str]:
    parts, rest = list[str](), text
    while True:
        found = [(rest.index(marker), marker) for marker in markers if marker in rest]
        if not found:
            return [*parts, rest] if rest else parts
        at, marker = min(found)
        parts += [rest[:at], marker] if at else [marker]
        rest = rest[at + len(marker) :]


def _braces_escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _local(value: datetime, zone: str) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(COPENHAGEN if zone == "Europe/Copenhagen" else get_timezone())


def _language_and_zone() -> tuple[str, str]:
    """The request's language and time zone name, found once per request."""
    try:
        context = _cv_app.get().g.__dict__.get("_flask_babel")
        kept = context.__dict__.get("portal_language") if context is not None else None
        if kept is not None and kept[0] is context.__dict__.get("babel_locale"):
            return kept[1]
    except LookupError:
        return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]), str(get_timezone())
    found = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]), str(get_timezone())
    context = g._flask_babel
    context.portal_language = (context.babel_locale, found)
    return found


def format_locale(language: str) -> str:
    """The locale whose conventions the language's dates follow: "en_GB" for English, the language itself otherwise."""
    return FORMAT_LOCALES.get(language, language)


def datetimeformat(value: datetime, format: str = "medium") -> str:
    language, zone = _language_and_zone()
    return _compiled("datetime", _configured("datetime", format), format_locale(language))(_local(value, zone))


def dateformat(value: date | datetime, format: str = "medium") -> str:
    language, zone = _language_and_zone()
    if isinstance(value, datetime):
        value = _local(value, zone)
    return _compiled("date", _configured("date", format), format_locale(language))(value)


def timeformat(value: time | datetime, format: str = "medium") -> str:
    language, zone = _language_and_zone()
    if isinstance(value, datetime):
        value = _local(value, zone)
    return _compiled("time", _configured("time", format), format_locale(language))(value)


def _configured(kind: str, format: str | None) -> str:
    """Flask-Babel's configured formats (`date_formats`), as its own filters read them."""
    key = (kind, format)
    found = _CONFIGURED.get(key)
    if found is None:
        formats = current_app.extensions["babel"].instance.date_formats
        found = format or formats[kind]
        if found in _NAMED:
            found = formats.get(f"{kind}.{found}") or found
        _CONFIGURED[key] = found
    return found


# The configured formats are read once: Flask-Babel's date_formats are set when the app is made.
_CONFIGURED: dict[tuple[str, str | None], str] = {}
