"""The benchmark's generator makes fictitious people and the spread of caseloads it promises (bench/generate.py)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.engine import make_url

from bench import generate
from portal import cpr

WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def test_generated_cpr_numbers_are_valid_unique_and_cannot_be_anyones() -> None:
    days = generate.birth_days()
    made = [generate.fictitious_cpr(person_id, days) for person_id in (*range(1, 3000), *range(99_000, 101_000))]
    numbers = [digits for digits, _born in made]
    assert len(set(numbers)) == len(numbers)
    for digits, born in made:
        assert cpr.normalise(digits) == digits
        assert cpr.birth_date(digits) == born
        assert (born.month, born.day) != (1, 1)
        assert sum(int(digit) * weight for digit, weight in zip(digits, WEIGHTS, strict=True)) % 11 != 0
        # The demo personas' seventh digit is 1: no generated number can be one of theirs.
        assert digits[6] in "04"


@pytest.mark.parametrize("scale", [1, 2])
def test_one_therapist_in_two_hundred_carries_a_heavy_caseload_at_any_scale(scale: int) -> None:
    bounds = generate.therapist_bounds(generate.THERAPISTS * scale)
    shares = [(upper - lower) / 1_000_000 for lower, upper in zip(bounds, [*bounds[1:], 1_000_000], strict=True)]
    active_courses = 22_500 * scale
    heavy = [share * active_courses for share in shares[::200]]
    light = [share * active_courses for number, share in enumerate(shares) if 1 <= number % 200 <= 20]
    normal = [share * active_courses for number, share in enumerate(shares) if number % 200 > 20]
    assert len(heavy) == scale
    assert all(450 < courses < 550 for courses in heavy)
    assert all(courses < 20 for courses in light)
    assert all(100 < courses < 150 for courses in normal)


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="the generator writes PostgreSQL's own SQL (set TEST_DATABASE_URL)"
)
def test_the_generator_fills_a_small_municipality_on_the_newest_schema() -> None:
    """`make bench` never runs in CI, so a migration that adds a required column breaks it unseen (migration 0025's
    changed_at did): the generator fills a few hundred citizens into a database of its own, never the test one."""
    url = make_url(os.environ["TEST_DATABASE_URL"]).set(database="bench_selftest").render_as_string(hide_password=False)
    generate.drop_database(url)
    generate.ensure_database(url)
    try:
        generate.migrate(url)
        meta = generate.fill(url, 1, 300)
        assert meta.counts["persons"] >= 300
        assert meta.counts["training_sessions"] > 0 and meta.counts["open cases"] > 0
        assert set(meta.personas) == {"typical", "heavy", "therapist", "visitator"}
        # The suite's own environment is as it was: no later test runs as the bench.
        assert "bench" not in os.environ.get("PORTAL_ENV", "")
    finally:
        generate.drop_database(url)
