"""A message is stored once under its idempotency key, even when two workers queue it at the same moment
(two schedulers both running the evening synopsis), and so it is sent once."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
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


def test_a_dispatcher_that_listed_messages_another_then_sent_sends_none_again(app, api):
    """Both backends: dispatcher A lists the due messages; before it takes the first, dispatcher B sends them
    all. A re-checks each inside its lock and sends nothing, so nobody gets an SMS twice."""
    api.lodge(api.login("operator"), mobile="9830012345")
    db, first_sent, late_sent = app.extensions["db"], [], []

    def other_dispatcher():
        with app.app_context():
            return dispatch_pending(db, senders={"sms": first_sent.append, "email": first_sent.append})

    with app.app_context(), second_worker_at(db, "ORDER BY outbox_message.id", other_dispatcher) as race:
        late = dispatch_pending(db, senders={"sms": late_sent.append, "email": late_sent.append})
    assert not race.errors, race.errors
    assert race.results == [len(first_sent)] and len(first_sent) >= 3
    assert (late, late_sent) == (0, [])
    with app.app_context(), transaction(readonly=True) as session:
        assert {m.attempts for m in session.scalars(select(OutboxMessage))} == {1}


def test_dispatch_reports_how_many_it_sent(app, api):
    api.lodge(api.login("operator"), mobile="9830012345")
    with app.app_context(), transaction(readonly=True) as session:
        pending = len(list(session.scalars(select(OutboxMessage))))

    def sms_fails(message):
        if message.channel == "sms" and message.recipient == "+919830012345":
            raise RuntimeError("gateway down")
        return None

    with app.app_context():
        failed_now = 2  # the acknowledgement and the forwarding notice to the complainant
        assert dispatch_pending(app.extensions["db"], senders={"sms": sms_fails, "email": sms_fails}) == \
            pending - failed_now
        assert dispatch_pending(app.extensions["db"], senders={"sms": sms_fails, "email": sms_fails}) == 0


def test_a_message_another_dispatcher_just_failed_waits_for_its_backoff(app, api, frozen_clock):
    """Two dispatchers list the same due message; the other one tries first, fails and sets it back by its backoff.
    This one, locking the row after that, leaves it for later instead of sending it again at once."""
    api.lodge(api.login("operator"), mobile="9830012345")

    def other_dispatcher_fails() -> None:
        with app.app_context(), transaction() as session:
            session.execute(update(OutboxMessage).values(attempts=1, last_error="SMS gateway timed out",
                                                         next_attempt_at=clock.now() + timedelta(seconds=30)))

    delivered = []
    with app.app_context(), second_worker_at(app.extensions["db"], "SELECT outbox_message.id", other_dispatcher_fails) \
            as race:
        sent = dispatch_pending(app.extensions["db"], senders={"sms": delivered.append, "email": delivered.append})
    assert not race.errors, race.errors
    assert (sent, delivered) == (0, []), "nothing is sent before its backoff ends"
    with app.app_context(), transaction(readonly=True) as session:
        assert {(m.status, m.attempts) for m in session.scalars(select(OutboxMessage))} == {(MessageStatus.PENDING, 1)}
