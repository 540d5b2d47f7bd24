from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, TimestampMixin


class PageFeedback(TimestampMixin, Base):
    """An anonymous answer to "Var siden nyttig?": which page, yes or no, in which language. Nothing about who."""

    __tablename__ = "page_feedback"
    __table_args__ = (sa.Index("ix_page_feedback_page_created_at", "page", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The endpoint of the page (e.g. "standard.offer") and its argument, never a query string.
    page: Mapped[str] = mapped_column(sa.String(200))
    helpful: Mapped[bool]
    language: Mapped[str] = mapped_column(sa.String(5))
