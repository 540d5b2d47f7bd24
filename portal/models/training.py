"""Training along with the program at home: the "Træn nu" session in progress, the links behind the QR codes of the
printed program, and the keys of training days sent from a phone."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, TimestampMixin, UTCDateTime


class TrainingRun(TimestampMixin, Base):
    """The "Træn nu" session in progress for a program: which sets are done, so a reload, a lost connection or a
    stop in the middle keeps them. One per program, shared by the citizen and whoever helps them; it is removed when
    the day is logged."""

    __tablename__ = "training_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("programs.id", ondelete="CASCADE"), unique=True)
    # The Copenhagen day the session began: the day it is logged as.
    day: Mapped[date] = mapped_column(sa.Date)
    # Sets done per program item, {"<item id>": count}.
    sets_done: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # The last set, so the rest before the next one counts from it, also after a reload.
    last_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("program_items.id", ondelete="SET NULL"))
    last_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def done(self, item_id: int) -> int:
        return int(self.sets_done.get(str(item_id), 0))


class ExerciseLink(TimestampMixin, Base):
    """The address behind the QR code printed next to an exercise of an issued program (see programs/links.py).

    The token is found by its SHA-256 hash and also kept encrypted, so the same code can be printed again. It is
    revoked when the person gets a new program.
    """

    __tablename__ = "exercise_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_item_id: Mapped[int] = mapped_column(sa.ForeignKey("program_items.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_encrypted: Mapped[str] = mapped_column(sa.Text)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TrainingLogSubmission(TimestampMixin, Base):
    """A training day as sent, by the idempotency key the form carried: a phone that sends a day it saved offline
    again, because it never heard the answer, finds its key here and changes nothing."""

    __tablename__ = "training_log_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("training_log_entries.id", ondelete="CASCADE"), index=True)
