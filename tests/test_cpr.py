from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from portal import cpr
from portal.demo import DEMO_PEOPLE


@pytest.mark.parametrize(
    ("raw", "digits", "born"),
    [
        ("150344-1236", "1503441236", date(1944, 3, 15)),
        ("1503441236", "1503441236", date(1944, 3, 15)),
        (" 150344 1236 ", "1503441236", date(1944, 3, 15)),
        ("010120-4000", "0101204000", date(2020, 1, 1)),
        ("010160-4000", "0101604000", date(1960, 1, 1)),
        ("010158-5000", "0101585000", date(1858, 1, 1)),
        ("010157-5000", "0101575000", date(2057, 1, 1)),
    ],
)
def test_a_cpr_number_is_read_with_its_century(raw: str, digits: str, born: date) -> None:
    assert cpr.normalise(raw) == digits
    assert cpr.birth_date(digits) == born


@pytest.mark.parametrize("raw", ["", "12345", "3102441234", "150344-12345", "abcdefghij", "321344-1234"])
def test_a_wrong_cpr_number_is_refused(raw: str) -> None:
    with pytest.raises(cpr.InvalidCPR):
        cpr.normalise(raw)


def test_encryption_round_trips_and_hides_the_number(app: Flask) -> None:
    token = cpr.encrypt("1503441236")
    assert "1503441236" not in token
    assert cpr.decrypt(token) == "1503441236"


def test_the_lookup_hash_is_keyed_and_stable(app: Flask) -> None:
    first = cpr.lookup_hash("1503441236")
    assert first == cpr.lookup_hash("1503441236")
    assert "1503441236" not in first
    app.config["CPR_HASH_KEY"] = "another key"
    assert cpr.lookup_hash("1503441236") != first


def test_a_cpr_number_is_shown_masked() -> None:
    assert cpr.masked("1503441236") == "150344-XXXX"


def modulus_11_holds(digits: str) -> bool:
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


@pytest.mark.parametrize("person", DEMO_PEOPLE, ids=lambda p: p.key)
def test_demo_cpr_numbers_cannot_belong_to_real_people(person) -> None:
    # Numbers without modulus 11 are only issued for a few 1 January birth dates; these are not such dates.
    digits = cpr.normalise(person.cpr)
    assert not modulus_11_holds(digits)
    assert (cpr.birth_date(digits).day, cpr.birth_date(digits).month) != (1, 1)
