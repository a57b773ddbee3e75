"""Messages reach people through a real SMS operator protocol and a real SMTP server; none is lost when
delivery fails or the dispatcher dies, none is recorded twice."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select, update

import engine
from accounts.models import User
from core.db import transaction
from notifications.models import MessageStatus, OutboxMessage
from notifications.senders import senders_for
from notifications.service import dispatch_pending
from tests.support.sms_gateway import FakeSmsGateway
from tests.support.smtp_server import SmtpServer

CITIZEN = "+919830012345"
NODAL = "+919000000007"
HOD = "+919000000006"


def dispatch_all(app, senders) -> None:
    with app.app_context():
        dispatch_pending(app.extensions["db"], senders=senders, batch=1000)


def outbox(app) -> list[OutboxMessage]:
    with app.app_context(), transaction(readonly=True) as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture
def smtp(tmp_path):
    with SmtpServer(tmp_path) as server:
        yield server


@pytest.fixture
def gateway():
    with FakeSmsGateway() as fake:
        yield fake


def test_people_are_told_as_the_case_moves(app, api, frozen_clock, gateway, smtp):
    with app.app_context(), transaction() as session:
        session.execute(update(User).where(User.username == "nodal.food.pur").values(email="nodal.pur@wb.gov.in"))
    senders = senders_for(app.extensions["settings"].with_(sms_gateway_url=gateway.url, smtp_host="127.0.0.1",
                                                           smtp_port=smtp.port))
    citizen = api.login_citizen("9830012345")
    reg_no = api.lodge(citizen, language="bn").get_json()["reg_no"]
    dispatch_all(app, senders)
    to_citizen = gateway.texts_to(CITIZEN)
    assert any(reg_no in t and "নথিভুক্ত" in t for t in to_citizen), to_citizen
    assert any("ব্যবস্থা গ্রহণের জন্য" in t for t in to_citizen), "forwarding, in Bengali"
    assert [t for t in gateway.texts_to(NODAL) if reg_no in t and "ATR due by" in t]
    [mail] = smtp.messages()
    assert mail["To"] == "nodal.pur@wb.gov.in" and reg_no in mail["Subject"]

    frozen_clock.advance(days=5, minutes=1)
    with app.app_context():
        assert engine.fire_due_timers(app.extensions["db"]).timers_fired == 1
    dispatch_all(app, senders)
    assert [t for t in gateway.texts_to(NODAL) if t.startswith("Reminder") and reg_no in t]
    assert len(smtp.messages()) == 2

    frozen_clock.advance(days=3)
    with app.app_context():
        engine.fire_due_timers(app.extensions["db"])
    dispatch_all(app, senders)
    assert [t for t in gateway.texts_to(HOD) if reg_no in t and "escalated" in t]

    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    api.complete(nodal, atr["task_id"], {"action_taken": "Card issued to the complainant.", "outcome": "redressed"})
    cmo = api.login("cmo.cell")
    [verify] = api.worklist(cmo, task="Task_verify")
    api.complete(cmo, verify["task_id"], {"call_result": "reached_satisfied", "decision": "close"})
    dispatch_all(app, senders)
    texts = gateway.texts_to(CITIZEN)
    assert any("নিষ্পত্তি" in t for t in texts) and any("গৃহীত ব্যবস্থার" in t for t in texts)
    assert all(m.status == MessageStatus.SENT for m in outbox(app))
    assert gateway.repeats == 0


def test_a_gateway_failing_half_the_time_loses_nothing_and_records_each_once(app, api, frozen_clock):
    operator = api.login("operator")
    for i in range(40):
        api.lodge(operator, mobile=f"98300{i:05d}")
    with FakeSmsGateway(fail_rate=0.5) as flaky:
        senders = senders_for(app.extensions["settings"].with_(sms_gateway_url=flaky.url))
        for _round in range(30):
            dispatch_all(app, senders)
            if all(m.status != MessageStatus.PENDING for m in outbox(app)):
                break
            frozen_clock.advance(hours=1)  # past every backoff
        messages = outbox(app)
        assert flaky.failures > 20, "the gateway really did fail often"
        assert {m.status for m in messages} == {MessageStatus.SENT}
        sms_keys = {m.idempotency_key for m in messages if m.channel == "sms"}
        assert set(flaky.accepted) == sms_keys and flaky.repeats == 0
        assert len(messages) == len({m.idempotency_key for m in messages})
        assert any(m.attempts > 1 for m in messages)


def test_a_dispatcher_killed_mid_batch_loses_nothing(app, api, tmp_path):
    operator = api.login("operator")
    for i in range(30):
        api.lodge(operator, mobile=f"98300{i:05d}")
    total = len(outbox(app))
    with FakeSmsGateway(delay=0.05) as slow:
        env = {**os.environ, "DATABASE_URL": app.extensions["settings"].database_url, "SECRET_KEY": "x",
               "SMS_GATEWAY_URL": slow.url}
        dispatcher = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "outbox", "dispatch"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while len(slow.accepted) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(dispatcher.pid, signal.SIGKILL)
        dispatcher.wait()
        with app.app_context(), transaction(readonly=True) as session:
            recorded = session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.status == MessageStatus.SENT))
        assert 10 <= len(slow.accepted) < total and recorded < total
        slow.delay = 0
        dispatch_all(app, senders_for(app.extensions["settings"].with_(sms_gateway_url=slow.url)))
        messages = outbox(app)
        assert {m.status for m in messages} == {MessageStatus.SENT}
        assert set(slow.accepted) == {m.idempotency_key for m in messages}
        assert slow.repeats <= 1, "at most the one message in flight at the kill is offered again"


def test_heads_of_department_get_one_synopsis_a_day(app, api, frozen_clock):
    from jobs.periodic import daily_synopsis

    operator = api.login("operator")
    for i in range(3):
        api.lodge(operator, mobile=f"98300{i:05d}")
    assert daily_synopsis(app) == 0, "not before the evening"
    frozen_clock.set(frozen_clock.now().replace(hour=13, minute=0))  # 18:30 in Kolkata
    assert daily_synopsis(app) == 1
    daily_synopsis(app)
    synopses = [m for m in outbox(app) if m.idempotency_key.startswith("synopsis:")]
    assert len(synopses) == 1 and synopses[0].recipient == HOD
    assert "3 grievances pending, 0 overdue, 0 escalated" in synopses[0].body
    frozen_clock.advance(days=8)
    with app.app_context():
        engine.fire_due_timers(app.extensions["db"])
    assert daily_synopsis(app) == 1
    latest = [m for m in outbox(app) if m.idempotency_key.startswith("synopsis:")][-1]
    assert "3 grievances pending, 3 overdue, 3 escalated" in latest.body


def test_the_acknowledgement_is_the_first_message_a_complainant_gets(app, api):
    reg_no = api.lodge(api.login("operator"), mobile="9830012345").get_json()["reg_no"]
    to_complainant = [m for m in outbox(app) if m.recipient == CITIZEN]
    assert [m.idempotency_key.split(":")[1] for m in to_complainant][:2] == ["grievance_lodged", "forwarded"]
    assert reg_no in to_complainant[0].body
