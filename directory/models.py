"""Tables of the master data. Codes are stable identifiers used in BPMN data, URLs and the seed file."""
from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class OfficeLevel(StrEnum):
    STATE = "state"
    DISTRICT = "district"
    SUBDIVISION = "subdivision"


class Department(Base):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200))


class Area(Base):
    """A district, a sub-division of one, a community development block of a sub-division, or a police district
    (`kind`); all but a district name their district, a block also its sub-division."""

    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[str | None] = mapped_column(String(20))
    subdivision_code: Mapped[str | None] = mapped_column(String(20))


class Office(Base):
    """A department's office at state, district or sub-division level; offices form a tree. The police's offices
    also name the police district they belong to (a police district's office and its sub-divisional offices)."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    district_code: Mapped[str | None] = mapped_column(String(20), index=True)
    subdivision_code: Mapped[str | None] = mapped_column(String(20))
    police_district_code: Mapped[str | None] = mapped_column(String(20))


class Category(Base):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    name_bn: Mapped[str] = mapped_column(String(300))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    priority: Mapped[str] = mapped_column(String(20))
