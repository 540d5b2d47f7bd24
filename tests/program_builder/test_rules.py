"""The rules of a dose and of a program ready to issue, as a table."""

from __future__ import annotations

import pytest

from portal.programs.builder import Dose, dose_problems


@pytest.mark.parametrize(
    ("sets", "reps", "seconds", "per_week", "problems"),
    [
        (3, 10, None, 3, {}),
        (None, 10, None, 1, {}),
        (None, None, 30, 14, {}),
        (1, 1, 5, 7, {}),
        (10, 100, 3600, 14, {}),
        (None, None, None, 3, {"repetitions": "repetitions_or_seconds"}),
        (0, 10, None, 3, {"sets": "sets_range"}),
        (11, 10, None, 3, {"sets": "sets_range"}),
        (3, 0, None, 3, {"repetitions": "repetitions_range"}),
        (3, 101, None, 3, {"repetitions": "repetitions_range"}),
        (3, None, 4, 3, {"seconds": "seconds_range"}),
        (3, None, 3601, 3, {"seconds": "seconds_range"}),
        (3, 10, None, 0, {"times_per_week": "times_per_week_range"}),
        (3, 10, None, 15, {"times_per_week": "times_per_week_range"}),
        (3, 10, None, None, {"times_per_week": "times_per_week_range"}),
        (
            11,
            None,
            None,
            15,
            {"sets": "sets_range", "repetitions": "repetitions_or_seconds", "times_per_week": "times_per_week_range"},
        ),
    ],
)
def test_dose_rules(
    sets: int | None, reps: int | None, seconds: int | None, per_week: int | None, problems: dict
) -> None:
    assert dose_problems(Dose(sets, reps, seconds, per_week)) == problems
