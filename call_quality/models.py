"""Tables of call-centre quality: the call kept with a lodging, and a quality lead's review of that lodging."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class CallRecord(Base):
    """The call an operator lodged a grievance from: the telephony system's reference and/or the recording."""

    __tablename__ = "call_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievance.id"), unique=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    call_reference: Mapped[str | None] = mapped_column(String(80))
    recording_sha256: Mapped[str | None] = mapped_column(String(64))
    recording_content_type: Mapped[str | None] = mapped_column(String(60))
    recording_name: Mapped[str | None] = mapped_column(String(200))
    recording_size: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReviewStatus(StrEnum):
    ACCEPTED = "accepted"        # registered faithfully enough; nothing to correct
    SENT_BACK = "sent_back"      # the operator must correct the registration
    CORRECTED = "corrected"      # the operator corrected it


class LodgingReview(Base):
    """A quality lead's rating of one lodging: category, district and text each right or wrong, with a remark.
    `lodged_at` and `operator_id` are copied from the case so weekly scores need no join."""

    __tablename__ = "lodging_review"
    __table_args__ = (Index("ix_lodging_review_operator_lodged", "operator_id", "lodged_at"),
                      Index("ix_lodging_review_status", "operator_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievance.id"), unique=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    lodged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    category_ok: Mapped[bool] = mapped_column(Boolean)
    district_ok: Mapped[bool] = mapped_column(Boolean)
    text_ok: Mapped[bool] = mapped_column(Boolean)
    remark: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def score(self) -> float:
        """The share of the three registered facts that were right, 0 to 1."""
        return (self.category_ok + self.district_ok + self.text_ok) / 3
