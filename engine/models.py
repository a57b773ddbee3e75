"""Engine tables: deployed process-model versions and running process instances."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime
from engine.state_codec import CompressedState


class InstanceStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    INCIDENT = "incident"  # a step of the model failed: parked at its last saved state until a retry


# Instances that still have work ahead of them (migration and the versions page count these).
OPEN_STATUSES = (InstanceStatus.RUNNING, InstanceStatus.INCIDENT)


class IncidentStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class ProcessModel(Base):
    """One immutable deployed version of a process: its BPMN, DMN and form files, keyed by content hash."""

    __tablename__ = "process_model"
    __table_args__ = (
        UniqueConstraint("process_id", "version"),
        Index("ix_process_model_content", "process_id", "sha256"),  # a restored version repeats an older one
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    files: Mapped[dict] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    deployed_by: Mapped[str] = mapped_column(String(120))
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(String(500))


class ProcessInstance(Base):
    """A running (or finished) process: its serialized SpiffWorkflow state and when a timer next falls due."""

    __tablename__ = "process_instance"
    __table_args__ = (Index("ix_process_instance_due", "next_timer_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_model_id: Mapped[int] = mapped_column(ForeignKey("process_model.id"))
    business_key: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(20), default=InstanceStatus.RUNNING)
    state: Mapped[str] = mapped_column(CompressedState())  # JSON text; compressed in the row (0034)
    serializer_version: Mapped[str] = mapped_column(String(40))
    next_timer_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    timer_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __mapper_args__ = {"version_id_col": lock_version}


class Incident(Base):
    """A unit of work that failed inside the process model (as in Camunda Operate): the instance is parked at its
    last saved state; `action` is what was being done (start, a person's task with its data, timers, a message),
    kept so that a retry after a fix, or after migrating the case to a fixed version, does it again."""

    __tablename__ = "incident"
    __table_args__ = (Index("ix_incident_status", "status", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    business_key: Mapped[str | None] = mapped_column(String(64))
    element_id: Mapped[str | None] = mapped_column(String(200))
    element_name: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str] = mapped_column(Text)
    action: Mapped[dict] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default=IncidentStatus.OPEN)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by: Mapped[str | None] = mapped_column(String(120))
