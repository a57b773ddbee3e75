"""The attachment table: files kept outside the database, found by their SHA-256 checksum."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, written_after


class Attachment(Base):
    """An uploaded file. Unlinked (grievance_id null) until the lodging or task that uses it commits."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    grievance_id: Mapped[int | None] = mapped_column(ForeignKey("grievance.id"), index=True)
    grievance = written_after("Grievance")
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
