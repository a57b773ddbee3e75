"""Read-side queries of the outbox."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from notifications.models import OutboxMessage


def list_messages(session: Session, *, recipient: str | None = None, channel: str | None = None,
                  limit: int = 50) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if recipient:
        stmt = stmt.where(OutboxMessage.recipient == recipient)
    if channel:
        stmt = stmt.where(OutboxMessage.channel == channel)
    return list(session.scalars(stmt))
