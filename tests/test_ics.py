"""The hand-written iCalendar writer against RFC 5545, read back by an independent parser (icalendar)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from portal.sessions import ics

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def test_a_long_line_is_folded_at_75_octets_and_never_inside_a_letter() -> None:
    line = "DESCRIPTION:" + "Æblegrød og rødgrød med fløde, " * 12
    folded = ics.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert physical[0] + "".join(part[1:] for part in physical[1:]) == line


def test_a_short_line_is_left_alone() -> None:
    assert ics.fold("SUMMARY:Træning") == "SUMMARY:Træning"


@pytest.mark.parametrize("value", ["a;b,c\\d\ne", "Sal 2, 1. sal; bag kantinen", "Tag \\ med"])
def test_text_is_escaped_and_read_back_as_written(value: str) -> None:
    written = f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n{ics.fold('LOCATION:' + ics.text(value))}\r\nEND:VEVENT\r\n"
    (event,) = Calendar.from_ical(written + "END:VCALENDAR\r\n").walk("VEVENT")
    assert str(event["LOCATION"]) == value


def test_the_time_zone_gives_the_tz_database_s_offset_every_hour_of_a_decade() -> None:
    calendar = Calendar.from_ical("\r\n".join(["BEGIN:VCALENDAR", *ics.VTIMEZONE, "END:VCALENDAR", ""]))
    (zone,) = calendar.walk("VTIMEZONE")
    written = zone.to_tz()
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    while moment.year < 2034:
        assert moment.astimezone(written).utcoffset() == moment.astimezone(COPENHAGEN).utcoffset(), moment
        moment += timedelta(hours=1)


def test_durations_are_written_as_rfc_5545_durations() -> None:
    assert ics.duration(timedelta(hours=6)) == "PT6H"
    assert ics.duration(timedelta(minutes=90)) == "PT5400S"


def test_local_times_are_copenhagens_wall_clock_every_hour_of_a_year_with_any_fraction_of_a_second() -> None:
    copenhagen = ZoneInfo("Europe/Copenhagen")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for hour in range(366 * 24):
        moment = start + timedelta(hours=hour, seconds=hour % 60, microseconds=(hour * 7919) % 1_000_000)
        assert ics.local_time(moment) == moment.astimezone(copenhagen).strftime("%Y%m%dT%H%M%S")
