"""Trained text models, kept in the database so every web process and worker reads the same one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class TextModel(Base):
    """One trained model: its kind, when, on which cases (the lodging period and count), how it measured on the
    held-out cases, and the fitted pipeline (joblib; written only by the training command or job)."""

    __tablename__ = "text_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime())
    first_lodged: Mapped[datetime] = mapped_column(UTCDateTime())
    last_lodged: Mapped[datetime] = mapped_column(UTCDateTime())
    cases: Mapped[int] = mapped_column(Integer)
    metrics: Mapped[dict] = mapped_column(JSON)
    blob: Mapped[bytes] = mapped_column(LargeBinary)
