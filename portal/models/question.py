from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, UTCDateTime, utcnow
from portal.models.application import Application


class ApplicationQuestion(Base):
    """A visitator's request for more information about a case, and the citizen's answer in the portal."""

    __tablename__ = "application_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    asked_by_account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"))
    question: Mapped[str] = mapped_column(sa.Text)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The citizen, or a relative answering with the "apply" scope.
    answered_by_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id"))

    application: Mapped[Application] = relationship()

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
