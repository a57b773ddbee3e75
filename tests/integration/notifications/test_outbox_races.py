"""A message is stored once under its idempotency key, even when two workers queue it at the same moment
(two schedulers both running the evening synopsis), and so it is sent once."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core import clock
from core.db import transaction
from jobs.periodic import daily_synopsis
from notifications.models import MessageStatus, OutboxMessage
from notifications.service import dispatch_pending
from tests.conftest import START
from tests.fixtures.databases import backend
from tests.support.races import second_worker_at

HOD = "+919000000006"
EVENING = START.replace(hour=13, minute=0)  # 18:30 in Kolkata, after the synopsis hour


def synopses(app) -> list[OutboxMessage]:
    with app.app_context(), transaction(readonly=True) as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key.like("synopsis:%"))))


@pytest.mark.skipif(backend() != "postgresql", reason="a race between writers needs PostgreSQL")
def test_two_workers_queueing_the_same_synopsis_at_once_send_it_once(app, api, frozen_clock):
    api.lodge(api.login("operator"), mobile="9830012345")
    frozen_clock.set(EVENING)
    with second_worker_at(app.extensions["db"], "INSERT INTO outbox_message", lambda: daily_synopsis(app)) as race:
        assert daily_synopsis(app) == 1
    assert not race.errors, race.errors
    assert len(synopses(app)) == 1, "stored once"
    assert race.second_was_blocked, "the second worker waited on the first's uncommitted message"
    [message] = synopses(app)
    assert message.recipient == HOD and "1 grievances pending" in message.body
    delivered = []
    with app.app_context():
        dispatch_pending(app.extensions["db"], senders={"sms": delivered.append, "email": delivered.append})
    assert [m.recipient for m in delivered if m.body.startswith(message.body[:20])] == [HOD]
    assert [m.status for m in synopses(app)] == [MessageStatus.SENT]


def test_the_schema_itself_refuses_a_second_message_under_one_key(app):
    """Whatever the code checks first, the database keeps one row per key (the migrated schema has the
    unique constraint), so a retried message can never be stored twice."""
    def row() -> OutboxMessage:
        now = clock.now()
        return OutboxMessage(channel="sms", recipient=HOD, body="Reminder", idempotency_key="CMO/2026/000001:reminder",
                             status=MessageStatus.PENDING, attempts=0, created_at=now, next_attempt_at=now)

    with app.app_context():
        with transaction() as session:
            session.add(row())
        with pytest.raises(IntegrityError), transaction() as session:
            session.add(row())
            session.flush()
        with transaction(readonly=True) as session:
            assert len(list(session.scalars(select(OutboxMessage).where(
                OutboxMessage.idempotency_key == "CMO/2026/000001:reminder")))) == 1
