from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, TimestampMixin, UTCDateTime, utcnow


class BodyArea(enum.StrEnum):
    LEGS = "legs"
    BALANCE = "balance"
    ARMS_SHOULDERS = "arms_shoulders"
    HANDS = "hands"
    NECK_BACK = "neck_back"
    WHOLE_BODY = "whole_body"
    BREATHING = "breathing"


LEVELS = (1, 2, 3)


class Exercise(TimestampMixin, Base):
    """An exercise in the library that therapists build self-training programs from.

    Retired exercises stay, so a program issued with one still reads as it did.
    """

    __tablename__ = "exercises"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name_da: Mapped[str] = mapped_column(sa.String(120), index=True)
    name_en: Mapped[str] = mapped_column(sa.String(120))
    # One step per line.
    steps_da: Mapped[str] = mapped_column(sa.Text)
    steps_en: Mapped[str] = mapped_column(sa.Text)
    caution_da: Mapped[str] = mapped_column(sa.Text, default="")
    caution_en: Mapped[str] = mapped_column(sa.Text, default="")
    aids_da: Mapped[str] = mapped_column(sa.String(300), default="")
    aids_en: Mapped[str] = mapped_column(sa.String(300), default="")
    body_area: Mapped[str] = mapped_column(sa.String(20), index=True)
    level: Mapped[int] = mapped_column(sa.SmallInteger, index=True)
    # A shipped drawing under static/exercises/, or an image uploaded by staff (re-encoded before it is stored).
    svg_file: Mapped[str | None] = mapped_column(sa.String(120))
    image: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    image_mime: Mapped[str | None] = mapped_column(sa.String(40))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_da

    def steps(self, lang: str) -> list[str]:
        text = self.steps_en if lang == "en" else self.steps_da
        return [line.strip() for line in text.splitlines() if line.strip()]

    def caution(self, lang: str) -> str:
        return self.caution_en if lang == "en" else self.caution_da

    def aids(self, lang: str) -> str:
        return self.aids_en if lang == "en" else self.aids_da
