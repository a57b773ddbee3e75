"""Messages a unit of work queues together reach the outbox with one statement, in the order queued, each key once;
a block that fails queues nothing, and a rolled-back savepoint takes its messages with it. A lodge's acknowledgement,
the office's new-case SMS and the complainant's forwarded SMS arrive in that order."""
from __future__ import annotations

import pytest
from sqlalchemy import event, select

from core.db import transaction
from notifications.models import OutboxMessage
from notifications.service import queue_email, queue_sms, queued_together


def outbox(app) -> list[tuple[str, str]]:
    with app.app_context(), transaction(readonly=True) as session:
        return [(m.idempotency_key, m.recipient) for m in session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id))]


@pytest.fixture
def inserts(app) -> list[str]:
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("INSERT INTO outbox_message"):
            seen.append(statement)
    event.listen(app.extensions["db"].engine, "before_cursor_execute", note)
    yield seen
    event.remove(app.extensions["db"].engine, "before_cursor_execute", note)


def test_messages_queued_together_arrive_with_one_statement_in_order_each_key_once(app, inserts):
    with app.app_context(), transaction() as session:
        with queued_together(session):
            queue_sms(session, to="+919830000001", body="first", key="k:1")
            with queued_together(session):  # an inner block waits for the outer one
                queue_email(session, to="a@example.org", subject="s", body="second", key="k:2")
            assert not inserts, "nothing is written before the outermost block ends"
            queue_sms(session, to="+919830000009", body="again", key="k:1")  # the same key: the first stands
            queue_sms(session, to="+919830000003", body="third", key="k:3")
    assert len(inserts) == 1
    assert outbox(app) == [("k:1", "+919830000001"), ("k:2", "a@example.org"), ("k:3", "+919830000003")]


def test_a_block_that_fails_queues_nothing_and_a_later_block_still_works(app):
    with app.app_context(), transaction() as session:
        with pytest.raises(RuntimeError), queued_together(session):
            queue_sms(session, to="+919830000001", body="lost", key="k:lost")
            raise RuntimeError("the change failed")
        with queued_together(session):
            queue_sms(session, to="+919830000002", body="kept", key="k:kept")
    assert outbox(app) == [("k:kept", "+919830000002")]


def test_a_key_already_in_the_outbox_is_not_queued_again_by_a_block(app):
    with app.app_context(), transaction() as session:
        queue_sms(session, to="+919830000001", body="earlier", key="k:1")
    with app.app_context(), transaction() as session, queued_together(session):
        queue_sms(session, to="+919830000002", body="repeat", key="k:1")
        queue_sms(session, to="+919830000003", body="new", key="k:2")
    assert outbox(app) == [("k:1", "+919830000001"), ("k:2", "+919830000003")]


def test_messages_of_a_rolled_back_savepoint_are_not_sent(app):
    with app.app_context(), transaction() as session:
        savepoint = session.begin_nested()
        with queued_together(session):
            queue_sms(session, to="+919830000001", body="undone", key="k:undone")
        savepoint.rollback()
        queue_sms(session, to="+919830000002", body="kept", key="k:kept")
    assert outbox(app) == [("k:kept", "+919830000002")]


def test_a_lodge_queues_its_three_messages_in_order_with_one_statement(app, api, inserts):
    operator = api.login("operator")
    inserts.clear()
    reg_no = api.lodge(operator, mobile="9830012345").get_json()["reg_no"]
    assert len(inserts) == 1
    keys = [key for key, _ in outbox(app) if key.startswith(reg_no)]
    assert keys[0] == f"{reg_no}:grievance_lodged", "the acknowledgement first"
    assert [k.split(":")[1] for k in keys] == ["grievance_lodged", "new", "forwarded"], keys
