"""Deadlines on the West Bengal working-day calendar, and the SLA colour."""
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from escalation_rules.calendar import IST, WorkingCalendar
from escalation_rules.rules import Policy, sla_colour
from escalation_rules.service import read_policy_file, validate_policy

SEED = Path(__file__).resolve().parents[2] / "escalation_rules" / "data" / "sla.yaml"
POLICY = Policy(1, validate_policy(read_policy_file(SEED)))
MONDAY_10AM = datetime(2026, 11, 2, 10, 0, tzinfo=IST)  # Monday 2 November 2026


def ist(day: int, month: int = 11, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=IST)


@pytest.mark.parametrize("day, working", [
    (date(2026, 11, 1), False),   # Sunday
    (date(2026, 11, 7), True),    # first Saturday
    (date(2026, 11, 14), False),  # second Saturday
    (date(2026, 11, 28), False),  # fourth Saturday
    (date(2026, 11, 21), True),   # third Saturday
    (date(2026, 8, 1), True),     # first Saturday on the 1st
    (date(2026, 8, 8), False),    # second Saturday on the 8th (the earliest it can fall)
    (date(2026, 8, 22), False),   # fourth Saturday on the 22nd (the earliest it can fall)
    (date(2026, 8, 29), True),    # fifth Saturday
    (date(2026, 10, 20), False),  # Mahanavami (Durga Puja), a Tuesday
    (date(2026, 11, 11), False),  # Bhai Duj, a Wednesday
    (date(2026, 11, 12), True),
])
def test_west_bengal_working_days(day, working):
    assert WorkingCalendar().is_working_day(day) is working


def test_normal_atr_is_due_in_seven_working_days_skipping_sunday():
    level, calendar = POLICY.level("normal"), POLICY.calendar("FOOD")
    # Tue 3 .. Sat 7 (first Saturday works) = 5, Sun 8 off, Mon 9 = 6, Tue 10 = 7.
    assert level.due(MONDAY_10AM, calendar) == ist(10)
    # Two working days before Tue 10: Mon 9, then Sat 7 (Sunday skipped).
    assert level.reminder(MONDAY_10AM, calendar) == ist(7)


def test_working_days_are_counted_in_india_whatever_the_zone_given():
    # Sunday 8 Nov 20:00 UTC is Monday 9 Nov 01:30 in India: one working day before it is Saturday 7 in India.
    late_sunday_utc = datetime(2026, 11, 8, 20, 0, tzinfo=UTC)
    assert WorkingCalendar().subtract_working_days(late_sunday_utc, 1) == datetime(2026, 11, 6, 20, 0, tzinfo=UTC)
    assert WorkingCalendar().add_working_days(late_sunday_utc, 1) == datetime(2026, 11, 9, 20, 0, tzinfo=UTC)


def test_a_policy_without_a_calendar_keeps_the_states_saturdays_and_a_policy_may_change_them():
    bare = Policy(3, validate_policy({k: v for k, v in POLICY.body.items() if k != "calendar"})).calendar("FOOD")
    assert not bare.is_working_day(date(2026, 11, 14)) and not bare.is_working_day(date(2026, 11, 28))
    assert bare.is_working_day(date(2026, 11, 21))
    second_only = Policy(4, validate_policy({**POLICY.body, "calendar": {"saturdays_off": [2]}})).calendar("FOOD")
    assert second_only.is_working_day(date(2026, 11, 28)) and not second_only.is_working_day(date(2026, 11, 14))


def test_a_level_not_on_the_ladder_is_named_in_the_error():
    with pytest.raises(ValueError, match="'governor' is not a level of the escalation ladder"):
        POLICY.escalation_at("governor", MONDAY_10AM)


def test_a_run_of_holidays_pushes_the_deadline_out():
    # From Tue 10 Nov: Wed 11 Bhai Duj, Sat 14 second Saturday and Sun 15 are off.
    assert POLICY.level("normal").due(ist(10), POLICY.calendar("FOOD")) == ist(20)


def test_departments_that_never_close_count_every_day():
    assert POLICY.level("urgent").due(MONDAY_10AM, POLICY.calendar("POLICE")) == ist(5)
    assert POLICY.level("urgent").due(MONDAY_10AM, POLICY.calendar("FOOD")) == ist(5)
    assert POLICY.level("urgent").due(ist(6), POLICY.calendar("FOOD")) == ist(10)
    assert POLICY.level("urgent").due(ist(6), POLICY.calendar("POLICE")) == ist(9)


def test_emergencies_count_clock_hours_and_categories_override():
    saturday_night = datetime(2026, 11, 7, 22, 0, tzinfo=IST)
    assert POLICY.level("emergency").due(saturday_night, POLICY.calendar("PRD")) == saturday_night + timedelta(hours=24)
    ambulance = POLICY.level("emergency", "HEALTH_AMBULANCE")
    assert ambulance.due(saturday_night, POLICY.calendar("HEALTH")) == saturday_night + timedelta(hours=2)
    assert ambulance.reminder(saturday_night, POLICY.calendar("HEALTH")) == saturday_night + timedelta(minutes=90)


def test_extra_holidays_from_the_policy_are_honoured():
    body = validate_policy({**POLICY.body, "calendar": {**POLICY.body["calendar"],
                                                        "extra_holidays": [{"date": "2026-11-03", "reason": "x"}]}})
    calendar = Policy(2, body).calendar("FOOD")
    assert not calendar.is_working_day(date(2026, 11, 3))
    # Tue 3 now off too, and Wed 11 (Bhai Duj): Wed 4..Sat 7 = 4, Mon 9 = 5, Tue 10 = 6, Thu 12 = 7.
    assert Policy(2, body).level("normal").due(MONDAY_10AM, calendar) == ist(12)


@pytest.mark.parametrize("bad, field", [
    ({"priorities": {"normal": {"deadline": {"working_days": 7}}}}, "priorities"),
    ({"priorities": {p: {"deadline": {}} for p in ("normal", "urgent", "emergency")}}, "priorities"),
    ({"priorities": {p: {"deadline": {"working_days": -1}} for p in ("normal", "urgent", "emergency")}},
     "priorities"),
    ({"ladder": {"head_of_department": {"after": {"hours": 0}}}}, "ladder"),
])
def test_invalid_policies_are_refused_with_the_reason(bad, field):
    from core.errors import AppError

    with pytest.raises(AppError) as caught:
        validate_policy({**POLICY.body, **bad})
    assert caught.value.status == 422 and field in caught.value.fields


@pytest.mark.parametrize("now, colour", [(0, "green"), (5, "amber"), (7, "red")])
def test_colour_follows_reminder_point_and_deadline(now, colour):
    t0 = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
    assert sla_colour(t0 + timedelta(days=now), t0 + timedelta(days=5), t0 + timedelta(days=7)) == colour


def test_a_holiday_file_adds_state_holidays_and_reopens_listed_days(tmp_path):
    """A state notification the package lacks becomes a holiday; a listed holiday the state kept open becomes a
    working day, both through the policy the seed reads (`holiday_file` beside sla.yaml)."""
    from escalation_rules.calendar import load_holiday_file

    (tmp_path / "holidays.yaml").write_text(
        "extra:\n  - {date: 2026-11-12, reason: Chhath Puja (state notification)}\n"
        "working:\n  - {date: 2026-11-11, reason: offices open on Bhai Duj this year}\n", encoding="utf-8")
    assert load_holiday_file(tmp_path / "holidays.yaml") == (frozenset({date(2026, 11, 12)}),
                                                            frozenset({date(2026, 11, 11)}))
    (tmp_path / "sla.yaml").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert load_holiday_file(tmp_path / "empty.yaml") == (frozenset(), frozenset())
    policy = Policy(2, validate_policy(read_policy_file(tmp_path / "sla.yaml")))
    calendar = policy.calendar()
    assert not calendar.is_working_day(date(2026, 11, 12)) and calendar.is_working_day(date(2026, 11, 11))
    assert POLICY.calendar().is_working_day(date(2026, 11, 12))
    assert policy.calendar("POWER").is_working_day(date(2026, 11, 12)), "power works every day"


def test_an_appeal_is_decided_by_the_policys_own_span_on_the_departments_calendar():
    body = {**POLICY.body, "appeal_decision": {"working_days": 3},
            "calendar": {**POLICY.body.get("calendar", {}),
                         "departments": {"FOOD": {"extra_holidays": ["2026-11-04"]}}}}
    policy = Policy(2, body)
    # Tue 3, Thu 5, Fri 6 for Food (its own holiday on Wednesday 4); Tue 3, Wed 4, Thu 5 elsewhere.
    assert policy.appeal_due(MONDAY_10AM, "FOOD") == ist(6)
    assert policy.appeal_due(MONDAY_10AM, "PRD") == ist(5)
    without = Policy(3, {k: v for k, v in POLICY.body.items() if k != "appeal_decision"})
    assert without.appeal_due(MONDAY_10AM) == MONDAY_10AM + timedelta(hours=720), "30 days unless the policy says"
