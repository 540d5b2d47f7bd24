"""Reads a profile's TOML file into the dataclasses of `schema`, checking every key against their type hints."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import tomllib
import types
import typing
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

from portal.municipalities.schema import GO_LIVE_FIELDS, Profile, Text

PROFILE_DIR = Path(__file__).resolve().parent
# Ids end up in URLs, so they stay plain.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PATH_STEP = re.compile(r"([a-z_]+)(?:\[(\d+|\*)\])?")


class ProfileError(ValueError):
    pass


# The law under every profile (`national.py`), kept beside the profiles but not one of them.
NOT_PROFILES = frozenset({"national"})


def available() -> list[str]:
    return sorted(path.stem for path in PROFILE_DIR.glob("*.toml") if path.stem not in NOT_PROFILES)


def load(slug: str) -> Profile:
    # Checked against the list rather than joined into a path, so a slug cannot reach outside the folder.
    if slug not in available():
        raise ProfileError(f"No municipality profile {slug!r}; choose one of: {', '.join(available())}")
    return load_file(PROFILE_DIR / f"{slug}.toml")


def load_file(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProfileError(f"{path.name}: cannot be read ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{path.name}: is not valid TOML: {error}") from None
    if "slug" in data:
        raise ProfileError(f"{path.name}: slug is not a field; the file name gives the slug")
    reader = _Reader(path.name)
    profile = reader.table(Profile, {**data, "slug": path.stem}, "")
    _check(profile, reader)
    return profile


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _show(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


class _Reader:
    def __init__(self, filename: str) -> None:
        self.filename = filename

    def fail(self, message: str) -> NoReturn:
        raise ProfileError(f"{self.filename}: {message}")

    def table(self, cls: type, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            example = ' like { da = "...", en = "..." }' if cls is Text else ""
            self.fail(f"{path} must be a table{example}, not {_show(value)}")
        fields = {field.name: field for field in dataclasses.fields(cls)}
        for key in value:
            if key not in fields:
                close = difflib.get_close_matches(key, fields, n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                self.fail(f"{_join(path, key)} is not a known field{hint}")
        values = {}
        for name, field in fields.items():
            if name in value:
                values[name] = self.value(_hints(cls)[name], value[name], _join(path, name))
            elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                self.fail(f"{_join(path, name)} is missing")
        return cls(**values)

    def value(self, hint: Any, value: Any, path: str) -> Any:
        origin = typing.get_origin(hint)
        if origin in (types.UnionType, typing.Union):
            # Only `X | None` occurs; TOML has no null, so a present value is always an X.
            (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            return self.value(inner, value, path)
        if origin is tuple:
            if not isinstance(value, list):
                self.fail(f"{path} must be a list, not {_show(value)}")
            item_hint = typing.get_args(hint)[0]
            return tuple(self.value(item_hint, item, f"{path}[{index}]") for index, item in enumerate(value))
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self.table(hint, value, path)
        if isinstance(hint, type) and issubclass(hint, Enum):
            choices = [member.value for member in hint]
            if value not in choices:
                self.fail(f"{path} must be one of {', '.join(choices)}, not {_show(value)}")
            return hint(value)
        if hint is date:
            # TOML has dates of its own (2018-07-01); a datetime or a text is not meant here.
            if not isinstance(value, date) or isinstance(value, datetime):
                self.fail(f"{path} must be a date like 2018-07-01, not {_show(value)}")
            return value
        if hint is bool:
            if not isinstance(value, bool):
                self.fail(f"{path} must be true or false, not {_show(value)}")
            return value
        if hint is int:
            # bool is an int in Python, but `true` is never meant as a number.
            if not isinstance(value, int) or isinstance(value, bool):
                self.fail(f"{path} must be a whole number, not {_show(value)}")
            if value < 1:
                self.fail(f"{path} must be 1 or more, not {value}")
            return value
        if hint is str:
            if not isinstance(value, str):
                self.fail(f"{path} must be a text, not {_show(value)}")
            if not value.strip():
                self.fail(f"{path} must not be empty")
            return value
        raise TypeError(f"the schema uses {hint!r}, which the reader does not know")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _is_empty(value: Any) -> bool:
    return value is None or value == ()


def _resolve(profile: Profile, path: str) -> list[tuple[str, Any]]:
    """The (concrete path, value) pairs a field path names; `[*]` names every item of a list."""
    found: list[tuple[str, Any]] = [("", profile)]
    for step in path.split("."):
        match = PATH_STEP.fullmatch(step)
        if not match:
            raise LookupError(f"{step!r} is not a field name")
        name, index = match.groups()
        next_found = []
        for where, current in found:
            if current is None:
                raise LookupError(f"{where} is absent, so list {where} itself")
            if not dataclasses.is_dataclass(current) or name not in {f.name for f in dataclasses.fields(current)}:
                raise LookupError(f"{_join(where, name)} is not a known field")
            value, where = getattr(current, name), _join(where, name)
            if index is None:
                next_found.append((where, value))
            elif not isinstance(value, tuple):
                raise LookupError(f"{where} is not a list")
            elif index == "*":
                next_found.extend((f"{where}[{position}]", item) for position, item in enumerate(value))
            elif int(index) < len(value):
                next_found.append((f"{where}[{index}]", value[int(index)]))
            else:
                raise LookupError(f"{where} has no item [{index}] (lists count from 0)")
        found = next_found
    return found


def _check(profile: Profile, reader: _Reader) -> None:
    for name in ("groups", "offers", "service_goals", "centres"):
        seen: set[str] = set()
        for index, item in enumerate(getattr(profile, name)):
            if not ID_PATTERN.fullmatch(item.id):
                reader.fail(f"{name}[{index}].id must be lower-case letters, digits and dashes, not {item.id!r}")
            if item.id in seen:
                reader.fail(f"{name}[{index}].id {item.id!r} is used twice")
            seen.add(item.id)

    group_ids = {group.id for group in profile.groups}
    for index, offer in enumerate(profile.offers):
        where = f"offers[{index}]"
        if offer.group not in group_ids:
            choices = ", ".join(sorted(group_ids))
            reader.fail(f"{where}.group must be one of the groups' ids ({choices}), not {offer.group!r}")
        if not offer.legal_basis:
            reader.fail(f"{where}.legal_basis must name at least one")
        if offer.general and offer.code:
            reader.fail(f"{where}.code must be left out: a general offer stands for a standard that names no codes")
        for name in ("minutes_per_week", "sessions_per_week", "span", "typical_span"):
            bounds = getattr(offer, name)
            if bounds is not None and bounds.min is not None and bounds.min > bounds.max:
                reader.fail(f"{where}.{name}.min must not be more than max ({bounds.min} > {bounds.max})")

    for index, centre in enumerate(profile.centres):
        for position, group_id in enumerate(centre.groups):
            if group_id not in group_ids:
                reader.fail(f"centres[{index}].groups[{position}] must be one of the groups' ids, not {group_id!r}")

    for index, complaint in enumerate(profile.complaints):
        deadline = (complaint.deadline_amount, complaint.deadline_unit, complaint.counts_from)
        if any(part is not None for part in deadline) and any(part is None for part in deadline):
            reader.fail(f"complaints[{index}] needs all of deadline_amount, deadline_unit and counts_from, or none")

    for index, day in enumerate(profile.closing_days):
        try:
            date(2024, day.month, day.day)  # a leap year, so 29 February is allowed
        except ValueError:
            reader.fail(f"closing_days[{index}] is not a date: month {day.month}, day {day.day}")

    _check_to_fill(profile, reader)


def _check_to_fill(profile: Profile, reader: _Reader) -> None:
    for index, path in enumerate(profile.to_fill):
        if "*" in path:
            reader.fail(f"to_fill[{index}] must name one field, not every item ({path!r})")
        if path in profile.to_fill[:index]:
            reader.fail(f"to_fill[{index}] lists {path} twice")
        try:
            ((_, value),) = _resolve(profile, path)
        except LookupError as error:
            reader.fail(f"to_fill[{index}]: {error}")
        if not _is_empty(value):
            reader.fail(f"to_fill[{index}] lists {path}, but it is filled in; remove it from to_fill")

    for pattern in GO_LIVE_FIELDS:
        for path, value in _resolve(profile, pattern):
            if _is_empty(value) and path not in profile.to_fill:
                reader.fail(f"{path} is empty; fill it in, or list it in to_fill until it is known")
