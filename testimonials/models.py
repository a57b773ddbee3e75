"""The testimonial table: the citizen's words, an optional file, the consent given and the CMO cell's decision."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class TestimonialStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ConsentMethod(StrEnum):
    """How the citizen said yes."""

    IN_PERSON = "in_person"
    PHONE_CALL = "phone_call"
    IN_WRITING = "in_writing"


class Testimonial(Base):
    """One testimonial of a closed case. The public facts (department, district, month of redressal) are copied
    from the case when it is recorded, so the public page reads nothing personal."""

    __tablename__ = "testimonial"
    __table_args__ = (Index("ix_testimonial_status", "status", "decided_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievance.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    quote: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    district_code: Mapped[str] = mapped_column(String(20))
    redressed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))  # a photo or document
    consent_method: Mapped[str] = mapped_column(String(20))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    consent_recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    consent_covers_photo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str | None] = mapped_column(String(1000))
