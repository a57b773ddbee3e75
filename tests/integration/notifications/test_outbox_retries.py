"""A message the operator cannot take now is retried after 30 s, then twice as long each time up to an hour,
and given up after ten attempts; one the operator refuses for good is failed at once. Each keeps its error."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.db import transaction
from notifications.models import MessageStatus, OutboxMessage
from notifications.senders import PermanentFailure, TemporaryFailure
from notifications.service import dispatch_pending

CITIZEN = "+919830012345"


def acknowledgement(app) -> OutboxMessage:
    with app.app_context(), transaction(readonly=True) as session:
        return session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == CITIZEN)
                               .order_by(OutboxMessage.id)).first()


def dispatch(app, sender) -> int:
    with app.app_context():
        return dispatch_pending(app.extensions["db"], senders={"sms": sender, "email": sender})


def test_temporary_failures_back_off_doubling_to_an_hour_then_give_up(app, api, frozen_clock):
    api.lodge(api.login("operator"), mobile="9830012345")
    key, calls = acknowledgement(app).idempotency_key, []

    def busy(message):
        if message.idempotency_key != key:
            return "delivered"
        calls.append(message.idempotency_key)
        raise TemporaryFailure(f"operator busy (try {len(calls)})")

    expected = [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    for attempt, seconds in enumerate(expected, start=1):
        dispatch(app, busy)
        message = acknowledgement(app)
        assert (message.status, message.attempts) == (MessageStatus.PENDING, attempt)
        assert message.next_attempt_at == frozen_clock.now() + timedelta(seconds=seconds), attempt
        assert message.last_error == f"operator busy (try {len(calls)})"
        frozen_clock.set(message.next_attempt_at - timedelta(seconds=1))
        tries = len(calls)
        dispatch(app, busy)
        assert len(calls) == tries, "not before its time"
        frozen_clock.set(message.next_attempt_at)
    dispatch(app, busy)
    message = acknowledgement(app)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 10)
    frozen_clock.advance(days=1)
    tries = len(calls)
    dispatch(app, lambda m: "never called")
    assert len(calls) == tries and acknowledgement(app).status == MessageStatus.FAILED


def test_a_refusal_fails_the_message_at_once_and_a_later_success_is_recorded(app, api, frozen_clock):
    api.lodge(api.login("operator"), mobile="9830012345")

    def refuse(message):
        if message.recipient == CITIZEN:
            raise PermanentFailure("number not on the network")
        return "ref-1"

    dispatch(app, refuse)
    message = acknowledgement(app)
    assert (message.status, message.attempts, message.last_error) == (
        MessageStatus.FAILED, 1, "number not on the network")
    with app.app_context(), transaction(readonly=True) as session:
        others = list(session.scalars(select(OutboxMessage).where(OutboxMessage.recipient != CITIZEN)))
    assert others and all((m.status, m.provider_ref, m.sent_at, m.last_error) ==
                          (MessageStatus.SENT, "ref-1", frozen_clock.now(), None) for m in others)


def test_a_success_after_a_failure_clears_the_error(app, api, frozen_clock):
    api.lodge(api.login("operator"), mobile="9830012345")
    dispatch(app, lambda m: (_ for _ in ()).throw(TemporaryFailure("timeout")))
    frozen_clock.advance(seconds=30)
    assert dispatch(app, lambda m: "ref-2") >= 1
    message = acknowledgement(app)
    assert (message.status, message.attempts, message.last_error, message.provider_ref) == (
        MessageStatus.SENT, 2, None, "ref-2")
    assert message.body != "[redacted after delivery]", "only one-time passwords are redacted"


def test_an_email_keeps_its_text_after_delivery(app):
    from core.db import transaction as unit
    from notifications.service import queue_email

    with app.app_context(), unit() as session:
        queue_email(session, to="hod.food@example.org", subject="Escalated: CMO/2026/000001",
                    body="Grievance CMO/2026/000001 has been escalated to you.", key="escalated:1")
    assert dispatch(app, lambda m: "ref-9") == 1
    with app.app_context(), unit(readonly=True) as session:
        sent = session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == "escalated:1"))
    assert (sent.status, sent.body) == (MessageStatus.SENT, "Grievance CMO/2026/000001 has been escalated to you.")
