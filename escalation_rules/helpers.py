"""Script helpers the BPMN calls: `sla_due` and `sla_reminder` apply the active policy at the app clock's now,
so a policy change reaches new cases without touching the diagram."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from core import clock
from escalation_rules.service import active_policy


def make_helpers(current_session: Callable[[], Session]) -> dict:
    def _level_and_calendar(priority, category, department):
        policy = active_policy(current_session())
        return policy.level(priority, category), policy.calendar(department)

    def sla_due(priority: str, category: str | None = None, department: str | None = None) -> str:
        level, calendar = _level_and_calendar(priority, category, department)
        return level.due(clock.now(), calendar).isoformat()

    def sla_reminder(priority: str, category: str | None = None, department: str | None = None) -> str:
        level, calendar = _level_and_calendar(priority, category, department)
        return level.reminder(clock.now(), calendar).isoformat()

    def sla_escalation(level: str, due: str, department: str | None = None) -> str:
        policy = active_policy(current_session())
        return policy.escalation_at(level, clock.parse_iso(due), department).isoformat()

    def sla_now() -> str:
        return clock.now().isoformat()

    def sla_shift(moment: str, paused_at: str, department: str | None = None) -> str:
        policy = active_policy(current_session())
        return policy.shifted(clock.parse_iso(moment), clock.parse_iso(paused_at), clock.now(), department).isoformat()

    def sla_clarification_due(department: str | None = None) -> str:
        return active_policy(current_session()).clarification_due(clock.now(), department).isoformat()

    def sla_appeal_due(department: str | None = None) -> str:
        return active_policy(current_session()).appeal_due(clock.now(), department).isoformat()

    return {"sla_appeal_due": sla_appeal_due, "sla_due": sla_due, "sla_reminder": sla_reminder,
            "sla_escalation": sla_escalation, "sla_now": sla_now,
            "sla_shift": sla_shift, "sla_clarification_due": sla_clarification_due}
