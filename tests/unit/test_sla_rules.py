from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from escalation_rules.rules import ServiceLevel, load_policy, sla_colour

T0 = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
POLICY_FILE = Path(__file__).resolve().parents[2] / "escalation_rules" / "data" / "sla.yaml"


def test_normal_grievance_gets_seven_days_and_a_reminder_two_days_before():
    level = load_policy(POLICY_FILE).level("normal")
    assert level.deadline(T0) == T0 + timedelta(days=7)
    assert level.reminder(T0) == T0 + timedelta(days=5)


def test_emergency_is_due_within_24_hours():
    assert load_policy(POLICY_FILE).level("emergency").deadline(T0) == T0 + timedelta(hours=24)


def test_reminder_never_falls_before_the_case_starts():
    level = ServiceLevel(atr_hours=2, remind_before_hours=6)
    assert T0 < level.reminder(T0) < level.deadline(T0)


def test_unknown_priority_is_an_error():
    with pytest.raises(ValueError, match="no service level"):
        load_policy(POLICY_FILE).level("whenever")


@pytest.mark.parametrize("now, colour", [(T0, "green"), (T0 + timedelta(days=5), "amber"),
                                         (T0 + timedelta(days=7), "red")])
def test_colour_follows_reminder_point_and_deadline(now, colour):
    assert sla_colour(now, T0 + timedelta(days=5), T0 + timedelta(days=7)) == colour
