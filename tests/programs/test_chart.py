"""The progress chart's geometry is a pure function of the log: every logged day lands where its value says."""

from __future__ import annotations

from datetime import date, timedelta

from portal.programs import chart

TODAY = date(2026, 11, 23)  # a Monday


def test_points_follow_the_log_in_day_order() -> None:
    drawn = chart.build([(TODAY, 7, 2), (TODAY - timedelta(days=14), 3, 8)], TODAY)
    assert [(p.day, p.value) for p in drawn.effort] == [(TODAY - timedelta(days=14), 3), (TODAY, 7)]
    assert [(p.day, p.value) for p in drawn.pain] == [(TODAY - timedelta(days=14), 8), (TODAY, 2)]


def test_today_is_at_the_right_edge_and_the_first_day_at_the_left() -> None:
    first = TODAY - timedelta(weeks=8) + timedelta(days=1)
    drawn = chart.build([(first, 0, 10), (TODAY, 10, 0)], TODAY)
    assert drawn.first == first and drawn.last == TODAY
    assert drawn.effort[0].x == drawn.left and drawn.effort[-1].x == drawn.right
    # 0 is on the x axis, 10 at the top.
    assert drawn.effort[0].y == drawn.bottom and drawn.effort[-1].y == drawn.top
    assert drawn.pain[0].y == drawn.top and drawn.pain[-1].y == drawn.bottom


def test_a_value_halfway_is_drawn_halfway_and_days_are_evenly_spaced() -> None:
    days = [TODAY - timedelta(days=n) for n in (0, 7, 14)]
    drawn = chart.build([(day, 5, 5) for day in days], TODAY)
    assert all(p.y == (drawn.top + drawn.bottom) / 2 for p in drawn.effort)
    xs = [p.x for p in drawn.effort]
    assert round(xs[1] - xs[0], 6) == round(xs[2] - xs[1], 6) > 0


def test_days_outside_the_weeks_are_left_out_and_an_empty_log_draws_nothing() -> None:
    drawn = chart.build([(TODAY - timedelta(weeks=8), 4, 4), (TODAY + timedelta(days=1), 4, 4)], TODAY)
    assert drawn.is_empty and drawn.effort_line == "" and drawn.pain_line == ""


def test_the_lines_join_the_points_and_the_axes_are_labelled() -> None:
    drawn = chart.build([(TODAY - timedelta(days=1), 2, 6), (TODAY, 4, 3)], TODAY)
    assert drawn.effort_line == " ".join(f"{p.x:.1f},{p.y:.1f}" for p in drawn.effort)
    assert [tick.label for tick in drawn.y_ticks] == ["0", "2", "4", "6", "8", "10"]
    # A tick each Monday within the 8 weeks: the first day is Tuesday 29/9, so the first tick is Monday 5/10.
    assert [tick.label for tick in drawn.x_ticks][:2] == ["5/10", "12/10"]
    assert drawn.x_ticks[-1].label == "23/11" and drawn.x_ticks[-1].position == drawn.right
    assert len(drawn.x_ticks) == 8
