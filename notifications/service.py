"""Queueing messages into the outbox (in the caller's transaction) and dispatching them.

Delivery is at least once: a message is marked sent only after the sender accepted it, so a crash in
between sends it again, under the same idempotency key, which the SMS operator and mail headers carry.
Each message is recorded as sent exactly once: the row is locked while it is being sent.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import clock
from core.db import Database, insert_unless_exists, lock_for_update
from notifications.models import MessageStatus, OutboxMessage
from notifications.senders import PermanentFailure, Sender, console

logger = logging.getLogger(__name__)

REDACTED = "[redacted after delivery]"
MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(hours=1)
_BATCH = "outbox_batch"  # session.info: the messages of an open `queued_together` block, by key


def _outbox_row(*, channel: str, to: str, body: str, key: str, subject: str | None = None,
                sensitive: bool = False) -> dict:
    """An outbox row, due now."""
    now = clock.now()
    return dict(channel=channel, recipient=to, subject=subject, body=body, idempotency_key=key, is_sensitive=sensitive,
                status=MessageStatus.PENDING, attempts=0, created_at=now, next_attempt_at=now)


@contextmanager
def queued_together(session: Session) -> Iterator[None]:
    """Messages queued inside the block reach the outbox with one statement as it ends, in the order queued (a
    block inside another: as the outermost ends). Nothing is queued when the block raises."""
    if _BATCH in session.info:
        yield
        return
    batch = session.info[_BATCH] = {}
    try:
        yield
    finally:
        del session.info[_BATCH]
    if batch:
        insert_unless_exists(session, OutboxMessage.__table__, list(batch.values()), key="idempotency_key")


def queue_message(session: Session, *, channel: str, to: str, body: str, key: str, subject: str | None = None,
                  sensitive: bool = False) -> None:
    """Add a message to the outbox; the same `key` is queued only once, however often this is called (insert-or-
    ignore on the key, so concurrent units of work cannot queue it twice either)."""
    row = _outbox_row(channel=channel, to=to, subject=subject, body=body, key=key, sensitive=sensitive)
    if _BATCH in session.info:
        session.info[_BATCH].setdefault(key, row)
    else:
        insert_unless_exists(session, OutboxMessage.__table__, row, key="idempotency_key")


def queue_sms(session: Session, *, to: str, body: str, key: str, sensitive: bool = False) -> None:
    queue_message(session, channel="sms", to=to, body=body, key=key, sensitive=sensitive)


def queue_email(session: Session, *, to: str, subject: str, body: str, key: str) -> None:
    queue_message(session, channel="email", to=to, subject=subject, body=body, key=key)


def tell_complainant(session: Session, grievance, *, body: str, key: str) -> None:
    """A message to the complainant of `grievance`: by SMS to their mobile, or by e-mail when a partner system
    lodged the case with an e-mail address only."""
    if grievance.mobile:
        queue_sms(session, to=grievance.mobile, body=body, key=key)
    elif grievance.email:
        queue_email(session, to=grievance.email, subject=f"CM's grievance portal: {grievance.reg_no}",
                    body=body, key=key)


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** min(attempts - 1, 10)), MAX_BACKOFF)


def _deliver(message: OutboxMessage, sender: Sender) -> None:
    message.attempts += 1
    try:
        message.provider_ref = sender(message)
    except PermanentFailure as exc:
        logger.warning("message %s refused for good: %s", message.id, exc)
        message.status, message.last_error = MessageStatus.FAILED, str(exc)[:1000]
        return
    except Exception as exc:  # any other trouble is temporary: retried with backoff, never dropped
        logger.warning("message %s not delivered (attempt %s): %s", message.id, message.attempts, exc)
        message.last_error = str(exc)[:1000]
        message.next_attempt_at = clock.now() + _backoff(message.attempts)
        if message.attempts >= MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
        return
    message.status, message.sent_at, message.last_error = MessageStatus.SENT, clock.now(), None
    if message.is_sensitive:
        message.body = REDACTED


def dispatch_pending(db: Database, *, senders: dict[str, Sender] | None = None, batch: int = 100) -> int:
    """Send due messages, each in its own transaction with its row locked. Returns how many were sent."""
    senders = senders or {"sms": console, "email": console}
    now = clock.now()
    with db.transaction(readonly=True) as session:
        ids = list(session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id).limit(batch)))
    sent = 0
    for message_id in ids:
        with db.transaction() as session:
            message = session.scalar(lock_for_update(select(OutboxMessage).where(
                OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.PENDING,
                OutboxMessage.next_attempt_at <= now), session, skip_locked=True))
            if message is None:
                continue  # another dispatcher has it, or it was sent meanwhile
            _deliver(message, senders.get(message.channel, console))
            sent += message.status == MessageStatus.SENT
    return sent
