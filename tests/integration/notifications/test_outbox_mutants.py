"""A busy outbox does not starve new messages: the dispatcher takes its batch from the messages that are due now,
so those already sent and those still waiting out a backoff never fill a batch ahead of a fresh acknowledgement;
and a message another dispatcher took after this one listed it is skipped, not the end of the batch."""
from __future__ import annotations

from sqlalchemy import select

from core.db import transaction
from notifications.models import MessageStatus, OutboxMessage
from notifications.senders import TemporaryFailure
from notifications.service import dispatch_pending
from tests.support.races import second_worker_at


def dispatch(app, sender, **kwargs) -> int:
    with app.app_context():
        return dispatch_pending(app.extensions["db"], senders={"sms": sender, "email": sender}, **kwargs)


def acknowledgement_of(app, reg_no) -> OutboxMessage:
    with app.app_context(), transaction(readonly=True) as session:
        return session.scalar(select(OutboxMessage).where(
            OutboxMessage.idempotency_key == f"{reg_no}:grievance_lodged"))


def busy(message):
    raise TemporaryFailure("operator busy")


def test_sent_and_backing_off_messages_do_not_hold_up_a_due_acknowledgement(app, api, frozen_clock):
    operator = api.login("operator")
    sent = api.lodge(operator, mobile="9830012345").get_json()["reg_no"]
    assert dispatch(app, lambda m: "delivered") >= 2
    waiting = api.lodge(operator, mobile="9830012346").get_json()["reg_no"]
    assert dispatch(app, busy) == 0
    fresh = api.lodge(operator, mobile="9830012347").get_json()["reg_no"]
    assert [acknowledgement_of(app, r).status for r in (sent, waiting, fresh)] == [
        MessageStatus.SENT, MessageStatus.PENDING, MessageStatus.PENDING]

    assert dispatch(app, lambda m: "delivered", batch=1) == 1
    assert acknowledgement_of(app, fresh).status == MessageStatus.SENT, "the due message is sent first"
    assert acknowledgement_of(app, waiting).status == MessageStatus.PENDING, "still waiting out its backoff"


def test_a_message_another_dispatcher_took_is_skipped_and_the_rest_are_sent(app, api):
    api.lodge(api.login("operator"), mobile="9830012345")
    with app.app_context(), transaction(readonly=True) as session:
        due = len(list(session.scalars(select(OutboxMessage))))
    db, theirs, ours = app.extensions["db"], [], []

    def other_dispatcher_takes_the_first():
        with app.app_context():
            return dispatch_pending(db, senders={"sms": theirs.append, "email": theirs.append}, batch=1)

    with app.app_context(), second_worker_at(db, "ORDER BY outbox_message.id", other_dispatcher_takes_the_first) \
            as race:
        sent = dispatch_pending(db, senders={"sms": ours.append, "email": ours.append})
    assert not race.errors, race.errors
    assert due >= 3 and race.results == [1] and sent == due - 1
    assert sorted(m.id for m in theirs + ours) == sorted({m.id for m in theirs + ours}), "nobody gets one twice"
