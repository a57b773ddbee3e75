"""Each open case's latest breach-risk score (rewritten by the periodic job; the model itself is a text_model row
of kind "breach_risk", kept with the other trained models)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime

HIGH = 0.5  # a score from here is shown as "likely to be late"


class BreachRisk(Base):
    __tablename__ = "breach_risk"
    __table_args__ = (Index("ix_breach_risk_risk", "risk"),)

    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievance.id"), primary_key=True)
    risk: Mapped[float] = mapped_column(Float)  # 0..1, the probability the ATR deadline is missed
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime())
    model_id: Mapped[int] = mapped_column(Integer)
