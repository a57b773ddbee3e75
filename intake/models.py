"""Tables of intake: the per-year counter behind registration numbers, and every message a channel received."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class RegistrationCounter(Base):
    __tablename__ = "registration_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(Integer)


class InboundMessage(Base):
    """One message a channel received (an SMS, an e-mail, an Open311 POST), keyed by the sender system's own id
    so a redelivery is answered as before instead of lodging twice. `outcome`: lodged, rejected, status_reply."""

    __tablename__ = "inbound_message"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))
    sender: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(20))
    grievance_id: Mapped[int | None] = mapped_column(ForeignKey("grievance.id"))
    reply: Mapped[str | None] = mapped_column(Text)
    media_url: Mapped[str | None] = mapped_column(String(2000))  # Open311: the photo the partner's app holds
