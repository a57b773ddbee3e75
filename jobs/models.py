"""Background work's own table: when each periodic job last ran, so /healthz can tell a dead worker."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class WorkerHeartbeat(Base):
    """One row per periodic job (`sweep`, `outbox`): the last time it finished and whether it went through."""

    __tablename__ = "worker_heartbeat"

    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
