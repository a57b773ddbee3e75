"""The work item: one human task of a case, where it sits (role, office, department) and when it is due."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, UuidText, written_after


class ItemStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


OPEN_ONLY = "status = 'open'"


class WorkItem(Base):
    __tablename__ = "work_item"
    __table_args__ = (
        # One per scope and order, ending in the id the keyset cursor breaks ties with (migration 0010), of open
        # items only: the worklists list nothing else, and most items are done (migration 0032).
        *(Index(name, "role", *columns, "id", postgresql_where=text(OPEN_ONLY), sqlite_where=text(OPEN_ONLY))
          for name, columns in (("ix_work_item_office_due", ("office_id", "due_at")),
                                ("ix_work_item_office_opened", ("office_id", "opened_at")),
                                ("ix_work_item_department_due", ("department_id", "due_at")),
                                ("ix_work_item_department_opened", ("department_id", "opened_at")),
                                ("ix_work_item_role_due", ("due_at",)),
                                ("ix_work_item_role_opened", ("opened_at",)))),
        # Who holds what, and a worklist's search by number: open items too (migration 0035).
        Index("ix_work_item_claimed_by", "claimed_by_id", postgresql_where=text(OPEN_ONLY),
              sqlite_where=text(OPEN_ONLY)),
        Index("ix_work_item_reg_no", "reg_no", postgresql_where=text(OPEN_ONLY), sqlite_where=text(OPEN_ONLY)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(UuidText(), unique=True)  # the engine's task id (migration 0036)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    grievance_id: Mapped[int | None] = mapped_column(ForeignKey("grievance.id"), index=True)
    instance = written_after("ProcessInstance")
    grievance = written_after("Grievance")
    reg_no: Mapped[str | None] = mapped_column(String(24))
    element_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    title_bn: Mapped[str | None] = mapped_column(String(300))  # the diagram's name_bn, when it gives one
    role: Mapped[str | None] = mapped_column(String(30))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    status: Mapped[str] = mapped_column(String(12), default=ItemStatus.OPEN)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class SavedFilter(Base):
    """A worklist filter an officer named and kept (its query parameters, as the worklist takes them)."""

    __tablename__ = "saved_filter"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_saved_filter_user_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
