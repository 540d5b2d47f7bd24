"""Citizen texts exist in Danish and English, and eksempel.toml shows every field a profile can have."""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from collections.abc import Iterator
from typing import Any

import pytest

from portal.municipalities import PROFILE_DIR, Profile, Text, available, load


def texts(value: Any, path: str = "") -> Iterator[tuple[str, Text]]:
    if isinstance(value, Text):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from texts(getattr(value, field.name), f"{path}.{field.name}".lstrip("."))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from texts(item, f"{path}[{index}]")


@pytest.mark.parametrize("slug", available())
def test_every_citizen_text_has_danish_and_english(slug: str) -> None:
    found = list(texts(load(slug)))
    assert len(found) > 10
    for path, text in found:
        assert text.da.strip() and text.en.strip(), f"{slug}: {path}"


@pytest.mark.parametrize("slug", available())
def test_the_english_is_written_not_copied_from_the_danish(slug: str) -> None:
    for path, text in texts(load(slug)):
        if len(text.da.split()) > 3:
            assert text.en != text.da, f"{slug}: {path}"


def test_a_text_is_read_in_the_chosen_language() -> None:
    text = Text(da="Hverdage", en="Weekdays")
    assert (text.get("da"), text.get("en"), text.get("de")) == ("Hverdage", "Weekdays", "Hverdage")


def _dataclass_in(hint: Any) -> type | None:
    """The dataclass a field holds, alone, in a tuple or with None; None for plain values."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union, tuple):
        for arg in typing.get_args(hint):
            found = _dataclass_in(arg)
            if found:
                return found
        return None
    return hint if dataclasses.is_dataclass(hint) else None


def _keys_used(cls: type, table: dict[str, Any], used: dict[str, set[str]]) -> None:
    used.setdefault(cls.__name__, set()).update(table)
    hints = typing.get_type_hints(cls)
    for key, value in table.items():
        inner = _dataclass_in(hints[key])
        if inner is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            _keys_used(inner, item, used)


def _all_fields(cls: type, found: dict[str, set[str]]) -> None:
    if cls.__name__ in found:
        return
    found[cls.__name__] = {field.name for field in dataclasses.fields(cls)}
    for hint in typing.get_type_hints(cls).values():
        inner = _dataclass_in(hint)
        if inner:
            _all_fields(inner, found)


def test_eksempel_uses_every_field_of_every_table() -> None:
    raw = tomllib.loads((PROFILE_DIR / "eksempel.toml").read_text(encoding="utf-8"))
    used: dict[str, set[str]] = {}
    _keys_used(Profile, raw, used)
    used["Profile"].add("slug")  # given by the file name
    expected: dict[str, set[str]] = {}
    _all_fields(Profile, expected)
    assert {name: expected[name] - used.get(name, set()) for name in expected} == {name: set() for name in expected}
    assert len(expected) >= 15


def test_eksempel_shows_the_to_fill_mechanism() -> None:
    assert load("eksempel").to_fill == ("centres[1].accessibility",)
