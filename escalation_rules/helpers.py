"""Script helpers the BPMN calls (`sla_due`, `sla_reminder`): the policy applied at the app clock's now."""
from __future__ import annotations

from core import clock
from escalation_rules.rules import Policy


def make_helpers(policy: Policy) -> dict:
    def sla_due(priority: str) -> str:
        return policy.level(priority).deadline(clock.now()).isoformat()

    def sla_reminder(priority: str) -> str:
        return policy.level(priority).reminder(clock.now()).isoformat()

    return {"sla_due": sla_due, "sla_reminder": sla_reminder}
