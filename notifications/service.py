"""Queueing messages into the outbox and dispatching them (console sender in the embedded default)."""
from __future__ import annotations

import logging
import sys
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import clock
from core.db import Database, lock_for_update
from notifications.models import MessageStatus, OutboxMessage

logger = logging.getLogger(__name__)

REDACTED = "[redacted after delivery]"
MAX_ATTEMPTS = 8


def queue_sms(session: Session, *, to: str, body: str, key: str, sensitive: bool = False) -> OutboxMessage:
    """Add an SMS to the outbox in the caller's transaction; the same `key` is queued only once."""
    existing = session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
    if existing:
        return existing
    now = clock.now()
    message = OutboxMessage(channel="sms", recipient=to, body=body, idempotency_key=key, is_sensitive=sensitive,
                            status=MessageStatus.PENDING, attempts=0, created_at=now, next_attempt_at=now)
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        return session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
    return message


def console_sender(message: OutboxMessage) -> None:
    """Embedded default with no SMS gateway configured: print the message for the person at the console."""
    print(f"[{message.channel} to {message.recipient}] {message.body}", file=sys.stdout, flush=True)


def dispatch_pending(db: Database, *, sender=console_sender, batch: int = 100) -> int:
    """Send due messages; each is marked sent in its own transaction. Returns how many were sent."""
    sent = 0
    now = clock.now()
    with db.transaction(readonly=True) as session:
        ids = list(session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id).limit(batch)))
    for message_id in ids:
        with db.transaction() as session:
            message = session.scalar(lock_for_update(select(OutboxMessage).where(
                OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.PENDING), session,
                skip_locked=True))
            if message is None:
                continue
            message.attempts += 1
            try:
                sender(message)
            except Exception as exc:  # delivery is retried with backoff; the message is never dropped silently
                logger.warning("delivery of message %s failed (attempt %s): %s", message.id, message.attempts, exc)
                message.last_error = str(exc)[:1000]
                message.next_attempt_at = now + timedelta(seconds=30 * 2 ** min(message.attempts, 8))
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = MessageStatus.FAILED
                continue
            message.status = MessageStatus.SENT
            message.sent_at = clock.now()
            if message.is_sensitive:
                message.body = REDACTED
            sent += 1
    return sent
