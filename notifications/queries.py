"""Read-side queries of the outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from notifications.models import MessageStatus, OutboxMessage


def list_messages(session: Session, *, recipient: str | None = None, channel: str | None = None,
                  limit: int = 50) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if recipient:
        stmt = stmt.where(OutboxMessage.recipient == recipient)
    if channel:
        stmt = stmt.where(OutboxMessage.channel == channel)
    return list(session.scalars(stmt))


def oldest_due_pending(session: Session, *, now) -> datetime | None:
    """When the longest-waiting message that is due to be sent was queued (None when nothing is waiting)."""
    return session.scalar(select(func.min(OutboxMessage.created_at)).where(
        OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.next_attempt_at <= now))
