"""A month in the life of 1,000 grievances: lodged across categories and priorities, the clock moved through
30 days in six-hour steps with a sweep at each. Every reminder and escalation fires exactly once, never early,
within one step of its due time; deadlines fall on the working-day calendar; paused cases do not escalate;
the outbox holds exactly the messages those events call for."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import cycle

import holidays
import pytest
from sqlalchemy import select

import engine
from accounts.auth import Actor
from accounts.models import Role
from accounts.queries import department_officers, officers_of_office
from case_api.models import CaseEvent, Grievance
from case_api.service import submit_clarification
from core.clock import parse_iso
from core.db import transaction
from directory.models import Office
from directory.queries import list_categories
from escalation_rules.calendar import IST
from intake.service import lodge_grievance
from notifications.models import OutboxMessage
from tests.conftest import START
from worklists.models import WorkItem
from worklists.service import complete_task

STEP = timedelta(hours=6)
DAYS = 30
CASES = 1000
PAUSED = 40
OPERATOR = Actor(user_id=5, name="operator", role="call_centre_operator")
NODAL = Actor(user_id=0, name="nodal", role="nodal_officer")
EVERY_DAY_DEPARTMENTS = {"POLICE", "HEALTH", "POWER"}
DISTRICTS = ["PUR", "PUR", "PUR", "KOL", "BAN", "NPG"]

pytestmark = pytest.mark.slow


def is_working_day(day: date, department: str) -> bool:
    """The test's own reading of the rules: Sundays, 2nd and 4th Saturdays and WB holidays are off."""
    if department in EVERY_DAY_DEPARTMENTS:
        return True
    if day.weekday() == 6 or (day.weekday() == 5 and (day.day - 1) // 7 + 1 in (2, 4)):
        return False
    return day not in holidays.country_holidays("IN", subdiv="WB", years=day.year)


def working_days_between(start: date, end: date, department: str) -> int:
    return sum(is_working_day(start + timedelta(days=n), department) for n in range(1, (end - start).days + 1))


def lodge_all(app) -> None:
    with app.app_context(), transaction() as session:
        categories = list_categories(session)
    pairs = zip(range(CASES), cycle(categories), strict=False)
    with app.app_context(), transaction() as session:
        for i, category in pairs:
            lodge_grievance(session, actor=OPERATOR, complainant_name=f"Citizen {i}", mobile=f"98{i:08d}",
                            district=DISTRICTS[i % len(DISTRICTS)], category=category.code,
                            description="A grievance lodged by the thirty-day test.", is_emergency=i % 10 == 0)


def ask_for_clarification(app, how_many: int) -> list[str]:
    """The Purulia food office asks `how_many` complainants a question instead of reporting action."""
    with app.app_context(), transaction() as session:
        items = list(session.scalars(select(WorkItem).where(
            WorkItem.element_id == "Task_submit_atr", WorkItem.status == "open",
            WorkItem.office_id.in_(select(WorkItem.office_id).where(WorkItem.reg_no.is_not(None))))
            .order_by(WorkItem.id)))
    asked = []
    for item in items:
        with app.app_context(), transaction() as session:
            grievance = session.get(Grievance, item.grievance_id)
            officers = officers_of_office(session, grievance.office_id)
            if session.get(Office, grievance.office_id).code != "FOOD-PUR" or len(asked) >= how_many:
                continue
            actor = Actor(user_id=officers[0].id, name="nodal", role="nodal_officer",
                          office_ids=frozenset({grievance.office_id}))
            complete_task(session, actor=actor, task_id=item.task_id, claim=True, data={
                "action_taken": "Checked the register first.", "outcome": "needs_clarification",
                "clarification_question": "Which shop do you draw your ration from?"})
            asked.append(grievance.reg_no)
    return asked


def reply(app, reg_nos: list[str]) -> None:
    for reg_no in reg_nos:
        with app.app_context(), transaction() as session:
            submit_clarification(session, actor=Actor(user_id=0, name="CMO cell", role="cmo_cell"), reg_no=reg_no,
                                 text="From the Hura market shop, since 2019.")


def test_a_month_of_timers_fires_each_once_on_time_on_the_calendar(app, frozen_clock):
    lodge_all(app)
    frozen_clock.set(START + timedelta(days=1))
    asked = ask_for_clarification(app, PAUSED)
    assert len(asked) == PAUSED
    replied, silent = asked[: PAUSED // 2], asked[PAUSED // 2:]
    sweeps = []
    at = START
    while at < START + timedelta(days=DAYS):
        at += STEP
        frozen_clock.set(at)
        if at == START + timedelta(days=5):
            reply(app, replied)
        with app.app_context():
            sweeps.append(engine.fire_due_timers(app.extensions["db"]))
    assert sum(s.failures for s in sweeps) == 0

    with app.app_context(), transaction(readonly=True) as session:
        events = list(session.scalars(select(CaseEvent).order_by(CaseEvent.grievance_id, CaseEvent.seq)))
        grievances = {g.id: g for g in session.scalars(select(Grievance))}
        outbox = list(session.scalars(select(OutboxMessage)))
        recipients = _recipients(session, grievances)
        waiting = session.scalar(select(engine.ProcessInstance.id).where(
            engine.ProcessInstance.next_timer_at < at).limit(1))
    assert waiting is None, "a due timer was missed"

    fired = [e for e in events if e.event_type == "timer_fired"]
    assert len(fired) > 3 * CASES
    assert len({e.task_id for e in fired}) == len(fired), "a timer fired twice"
    for e in fired:
        due = parse_iso(json.loads(e.data)["due_at"])
        assert due < e.at <= due + STEP, f"{e.element_id} of case {e.grievance_id} fired at {e.at}, due {due}"

    by_case = defaultdict(list)
    for e in events:
        by_case[e.grievance_id].append(e)
    paused_ids = {g.id for g in grievances.values() if g.reg_no in asked}
    for gid in paused_ids:
        history = by_case[gid]
        paused_at = next(e.at for e in history if e.event_type == "clarification_requested")
        resumed_at = next(e.at for e in history if e.event_type == "sla_resumed")
        assert not [e for e in history if e.event_type == "timer_fired" and paused_at < e.at < resumed_at
                    and e.element_id != "Event_clarification_timeout"], "a paused case escalated"
    assert sum(e.element_id == "Event_clarification_timeout" for e in fired) == len(silent)

    _assert_deadlines_on_the_calendar(events, grievances)
    _assert_outbox_matches_events(events, grievances, outbox, recipients)


def _assert_deadlines_on_the_calendar(events, grievances) -> None:
    """Each fresh ATR deadline (not one shifted after a pause) is 7 working days (normal) or 3 (urgent) after the
    ATR task opened, and falls on a working day, by the test's own reading of the calendar. The deadlines are those
    the ATR task's opening records (earliest first: the reminder, the ATR's due time, the escalations)."""
    checked, paused = 0, set()
    for e in events:
        if e.event_type == "clarification_requested":
            paused.add(e.grievance_id)
        if e.element_id != "Task_submit_atr" or e.event_type != "task_opened" or e.grievance_id in paused:
            continue
        g = grievances[e.grievance_id]
        if g.priority not in ("normal", "urgent"):
            continue
        department = g.category_code.split("_")[0]
        _reminder, due_at, *_escalations = json.loads(e.data)["deadlines"]
        set_on, due = e.at.astimezone(IST).date(), parse_iso(due_at).astimezone(IST).date()
        assert is_working_day(due, department), (g.reg_no, due)
        assert working_days_between(set_on, due, department) == (7 if g.priority == "normal" else 3), g.reg_no
        checked += 1
    assert checked > 500


def _recipients(session, grievances) -> dict:
    counts = {}
    for g in grievances.values():
        counts[g.id] = {"office": len(officers_of_office(session, g.office_id)),
                        "head_of_department": len(department_officers(session, g.department_id,
                                                                     Role.HEAD_OF_DEPARTMENT)),
                        "secretary": len(department_officers(session, g.department_id, Role.SECRETARY))}
    return counts


def _assert_outbox_matches_events(events, grievances, outbox, recipients) -> None:
    expected = Counter()
    for e in events:
        if e.event_type == "atr_reminder_sent":
            expected["reminder"] += recipients[e.grievance_id]["office"]
        elif e.event_type in ("sla_breached", "sla_escalated"):
            level = json.loads(e.data).get("escalation_level")
            expected["escalated"] += recipients[e.grievance_id].get(level, 0)
        elif e.event_type == "task_opened" and json.loads(e.data).get("lane") == "nodal_officer":
            expected["new"] += recipients[e.grievance_id]["office"]
    kinds = [m.idempotency_key.split(":")[1] for m in outbox
             if m.channel == "sms" and m.idempotency_key.startswith("CMO/")]
    actual = Counter(kind for kind in kinds if kind in ("reminder", "escalated", "new"))
    assert actual == expected
    lodged = [m for m in outbox if m.idempotency_key.endswith(":grievance_lodged")]
    assert len(lodged) == CASES
    assert expected["escalated"] > 0 and expected["reminder"] > 0
