"""The progress chart as geometry: a pure function of the log, drawn as inline SVG by a template.

Effort and pain share one 0-10 scale, so one y axis serves both. Effort is a solid line with round marks and pain
a dashed line with square marks, so the two read apart in black and white and for colour-blind readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH = 640
HEIGHT = 300
LEFT = 44
RIGHT = 32
TOP = 16
BOTTOM = 44
TOP_VALUE = 10


@dataclass(frozen=True)
class Point:
    day: date
    value: int
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    label: str
    position: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    first: date
    last: date
    effort: list[Point]
    pain: list[Point]
    x_ticks: list[Tick]
    y_ticks: list[Tick]

    @property
    def effort_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.effort)

    @property
    def pain_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.pain)

    @property
    def is_empty(self) -> bool:
        return not self.effort


def x_for(day: date, first: date, last: date) -> float:
    span = max((last - first).days, 1)
    return LEFT + (day - first).days / span * (WIDTH - LEFT - RIGHT)


def y_for(value: int) -> float:
    return TOP + (TOP_VALUE - value) / TOP_VALUE * (HEIGHT - TOP - BOTTOM)


def build(entries: Iterable[tuple[date, int, int]], today: date, weeks: int = 8) -> Chart:
    """`entries` are (day, effort, pain); days outside the last `weeks` weeks up to today are left out."""
    first = today - timedelta(weeks=weeks) + timedelta(days=1)
    rows = sorted((day, effort, pain) for day, effort, pain in entries if first <= day <= today)
    effort = [Point(day, value, x_for(day, first, today), y_for(value)) for day, value, _ in rows]
    pain = [Point(day, value, x_for(day, first, today), y_for(value)) for day, _, value in rows]
    # A tick on each Monday, labelled day/month, so the weeks are easy to count.
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    x_ticks = []
    while monday <= today:
        x_ticks.append(Tick(f"{monday.day}/{monday.month}", x_for(monday, first, today)))
        monday += timedelta(weeks=1)
    y_ticks = [Tick(str(value), y_for(value)) for value in range(0, TOP_VALUE + 1, 2)]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        first=first,
        last=today,
        effort=effort,
        pain=pain,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
    )
