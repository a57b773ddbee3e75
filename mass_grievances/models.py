"""Candidate and accepted mass grievances and their member cases (each case in at most one)."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class ClusterStatus(StrEnum):
    PROPOSED = "proposed"  # found by the job, waiting for the CMO cell
    ACCEPTED = "accepted"  # handled through its parent case
    REJECTED = "rejected"  # not one problem: its cases go on alone and are not proposed again


class MassCluster(Base):
    __tablename__ = "mass_cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    category_code: Mapped[str] = mapped_column(String(40))
    likeness: Mapped[float] = mapped_column(Float)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("grievance.id"))  # the earliest, once accepted
    found_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(Integer)


class MassMember(Base):
    __tablename__ = "mass_member"

    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievance.id"), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("mass_cluster.id"), index=True)
