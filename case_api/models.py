"""Tables of the case: the grievance (business data in columns) and its append-only history."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, HexDigest, UTCDateTime, UuidText, written_after


class CaseStatus(StrEnum):
    LODGED = "lodged"
    UNDER_REVIEW = "under_review"
    FORWARDED = "forwarded"
    AWAITING_CLARIFICATION = "awaiting_clarification"
    ATR_SUBMITTED = "atr_submitted"
    SENT_BACK = "sent_back"
    CLOSED = "closed"
    UNDER_APPEAL = "under_appeal"


class Channel(StrEnum):
    PORTAL = "portal"
    CALL_CENTRE = "call_centre"
    SERVICE_CENTRE = "service_centre"
    SMS = "sms"
    EMAIL = "email"
    API = "api"


class Grievance(Base):
    __tablename__ = "grievance"
    __table_args__ = (
        Index("ix_grievance_office_status", "office_id", "status"),
        Index("ix_grievance_department_status", "department_id", "status"),
        Index("ix_grievance_lodged_at", "lodged_at"),
        Index("ix_grievance_category_lodged", "category_code", "lodged_at"),  # Open311's lists of a service (0030)
        # The dashboard drill-downs (migration 0009; name search's trigram index is PostgreSQL-only, there too).
        *(Index(name, *columns, postgresql_where=text(where), sqlite_where=text(where))
          for name, columns, where in (
              ("ix_grievance_open_due", ("sla_due_at", "id"), "status <> 'closed'"),
              ("ix_grievance_department_open_due", ("department_id", "sla_due_at", "id"), "status <> 'closed'"),
              ("ix_grievance_district_open_due", ("district_code", "sla_due_at", "id"), "status <> 'closed'"),
              ("ix_grievance_closed_at", ("closed_at", "id"), "status = 'closed'"),
              ("ix_grievance_department_closed_at", ("department_id", "closed_at", "id"), "status = 'closed'"),
              # the office index's deadlines passed without a report this month (migration 0026)
              ("ix_grievance_unreported_due", ("sla_due_at", "office_id"), "last_atr_at IS NULL"),
              # members of mass grievances, counted once with their parent (migration 0028)
              ("ix_grievance_mass_parent", ("mass_parent_id",), "mass_parent_id IS NOT NULL"),
              # the MIS's escalated cases pending at each level (migration 0029)
              ("ix_grievance_escalated_open", ("department_id", "district_code", "escalation_level"),
               "is_escalated IS true AND status <> 'closed' AND mass_parent_id IS NULL"))),
        Index("ix_grievance_department_id", "department_id", "id"),
        Index("ix_grievance_district_code", "district_code", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reg_no: Mapped[str] = mapped_column(String(24), unique=True)
    status: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    lodged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    complainant_name: Mapped[str] = mapped_column(String(200))
    mobile: Mapped[str | None] = mapped_column(String(16), index=True)  # None: a partner's e-mail-only case
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(1000))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    district_code: Mapped[str] = mapped_column(String(20))
    subdivision_code: Mapped[str | None] = mapped_column(String(20))
    block_code: Mapped[str | None] = mapped_column(String(20))  # the community development block, when given
    category_code: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    is_emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    priority: Mapped[str | None] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"))
    instance = written_after("ProcessInstance")
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("grievance.id"))
    sla_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    escalation_level: Mapped[str | None] = mapped_column(String(40))
    send_back_count: Mapped[int] = mapped_column(Integer, default=0)
    lodged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_atr_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # latest atr_submitted (case_counts)
    atr_outcome: Mapped[str | None] = mapped_column(String(30))  # the latest ATR's outcome (redressed, ...)
    # A member of an accepted mass grievance: handled, and counted by the dashboards, as this parent case.
    mass_parent_id: Mapped[int | None] = mapped_column(ForeignKey("grievance.id"))
    feedback_rating: Mapped[int | None] = mapped_column(Integer)
    is_satisfied: Mapped[bool | None] = mapped_column(Boolean)
    feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    appeal_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CaseEvent(Base):
    """One step in a case's life, keyed by the case and its place in it. Append-only; each row's hash covers its
    content and the hash of the row before it, which is not stored a second time: `history` derives `prev_hash`
    from the previous row when it reads a chain (migration 0033)."""

    __tablename__ = "case_event"

    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievance.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_type: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_role: Mapped[str] = mapped_column(String(30))
    actor_name: Mapped[str] = mapped_column(String(200))
    task_id: Mapped[str | None] = mapped_column(UuidText())  # the engine's task id
    element_id: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(300))
    data: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(HexDigest())
    grievance = written_after("Grievance")
    prev_hash = None  # the previous row's hash (GENESIS for the first), set by history when it reads or appends
