from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PIL import Image, UnidentifiedImageError
from sqlalchemy import orm

from portal.database import utcnow
from portal.extensions import db
from portal.models import Exercise

LIBRARY = Path(__file__).with_name("library.toml")
TEXT_FIELDS = ("name_da", "name_en", "steps_da", "steps_en", "caution_da", "caution_en", "aids_da", "aids_en")
MAX_UPLOAD = 2 * 1024 * 1024
# What Pillow calls each accepted format, and the type it is served with after re-encoding.
ACCEPTED = {"PNG": "image/png", "JPEG": "image/jpeg"}
# Re-encoding decodes the image into memory; a bound on its pixels stops a small file that unpacks to gigabytes.
MAX_PIXELS = 25_000_000


class ImageRefused(ValueError):
    pass


def library_entries() -> list[dict[str, Any]]:
    with LIBRARY.open("rb") as file:
        return tomllib.load(file)["exercise"]


def load_library() -> tuple[int, int]:
    """Add the starter exercises that are missing, found by slug. Answers (new, total).

    Exercises already there are left as they are, so loading again never undoes what staff changed or retired.
    """
    entries = library_entries()
    slugs = [entry["slug"] for entry in entries]
    known = set(db.session.scalars(sa.select(Exercise.slug).where(Exercise.slug.in_(slugs))))
    missing = [entry for entry in entries if entry["slug"] not in known]
    for entry in missing:
        values = {field: entry[field].strip() for field in TEXT_FIELDS}
        db.session.add(
            Exercise(
                slug=entry["slug"],
                body_area=entry["area"],
                level=entry["level"],
                svg_file=f"{entry['slug']}.svg",
                **values,
            )
        )
    db.session.flush()
    return len(missing), len(entries)


PAGE_SIZE = 50


@dataclass(frozen=True)
class Found:
    rows: list[Exercise]
    total: int
    page: int

    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def search(
    text: str | None, area: str | None, level: int | None, retired: bool, page: int = 1, page_size: int = PAGE_SIZE
) -> Found:
    """Exercises matching the search, a page at a time, names only (the pictures stay in the database). Two queries."""
    conditions = []
    if text:
        pattern = f"%{text.lower()}%"
        conditions.append(
            sa.or_(sa.func.lower(Exercise.name_da).like(pattern), sa.func.lower(Exercise.name_en).like(pattern))
        )
    if area:
        conditions.append(Exercise.body_area == area)
    if level:
        conditions.append(Exercise.level == level)
    if not retired:
        conditions.append(Exercise.retired_at.is_(None))
    total = db.session.scalar(sa.select(sa.func.count(Exercise.id)).where(*conditions)) or 0
    page = min(max(page, 1), max(1, -(-total // page_size)))
    query = (
        sa.select(Exercise)
        .where(*conditions)
        .options(orm.defer(Exercise.image))
        .order_by(Exercise.name_da, Exercise.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    return Found(list(db.session.scalars(query)), total, page, page_size)


def get(exercise_id: int) -> Exercise | None:
    return db.session.get(Exercise, exercise_id)


def slug_for(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
    words = "".join(c if c.isalnum() else " " for c in name.lower().translate(table)).split()
    base = "-".join(words)[:60] or "oevelse"
    slug, number = base, 1
    while db.session.scalar(sa.select(Exercise.id).where(Exercise.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def save(exercise: Exercise | None, values: dict[str, Any]) -> Exercise:
    if exercise is None:
        exercise = Exercise(slug=slug_for(values["name_da"]))
        db.session.add(exercise)
    for field, value in values.items():
        setattr(exercise, field, value)
    db.session.flush()
    return exercise


def retire(exercise: Exercise) -> None:
    if exercise.retired_at is None:
        exercise.retired_at = utcnow()
        db.session.flush()


def reinstate(exercise: Exercise) -> None:
    exercise.retired_at = None
    db.session.flush()


def reencode(data: bytes) -> tuple[bytes, str]:
    """Check an uploaded picture and draw it anew, so nothing but its pixels is kept (no EXIF, no hidden payload)."""
    if len(data) > MAX_UPLOAD:
        raise ImageRefused("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            if image_format not in ACCEPTED:
                raise ImageRefused("wrong_type")
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRefused("too_large")
            probe.load()
            pixels = probe.convert("RGBA" if probe.mode in ("RGBA", "LA", "P") and image_format == "PNG" else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ImageRefused("wrong_type") from error
    # A new image from the raw pixels alone: no EXIF, ICC, text chunks or trailing bytes come along.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    clean.save(out, format=image_format, **({"quality": 85} if image_format == "JPEG" else {"optimize": True}))
    return out.getvalue(), ACCEPTED[image_format]


def set_image(exercise: Exercise, data: bytes, mime: str) -> None:
    """Store a picture that `reencode` has made; it replaces the drawing on the exercise page."""
    exercise.image, exercise.image_mime = data, mime
    db.session.flush()
