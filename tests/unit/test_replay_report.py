"""The replay report's comparisons, on plain history rows."""
from __future__ import annotations

from datetime import UTC, datetime

from processes.replay_report import Row, deadline_changes, divergence, opened_tasks, path

AT = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)


def row(event_type: str, element_id: str | None = None, **data) -> Row:
    return Row(event_type, element_id, data, AT)


def test_the_path_is_completions_and_timer_firings_not_openings_nor_the_handling_of_the_case():
    rows = [row("process_started", process="grievance"), row("case_forwarded", "Task_forward", office="FOOD-PUR"),
            row("task_opened", "Task_submit_atr", lane="nodal_officer"), row("timer_fired", "Timer_atr_reminder"),
            row("incident_opened", "Task_close"), row("atr_submitted", "Task_submit_atr")]
    assert path(rows) == ["Task_forward", "Timer_atr_reminder", "Task_submit_atr"]


def test_paths_part_at_the_first_difference_and_a_shorter_path_ends_with_nothing():
    assert divergence(["a", "b", "c"], ["a", "b", "c"]) is None
    assert divergence(["a", "b", "c"], ["a", "x", "c"]) == {"index": 1, "recorded": "b", "replayed": "x"}
    assert divergence(["a", "b"], ["a"]) == {"index": 1, "recorded": "b", "replayed": None}


def test_each_opening_is_with_the_office_the_case_was_with_then():
    rows = [row("task_opened", "Task_review_category", lane="cmo_cell"),
            row("case_forwarded", "Task_forward", office="FOOD-PUR"),
            row("task_opened", "Task_submit_atr", lane="nodal_officer", deadlines=["2026-11-07 04:30:00+00:00"])]
    assert [(o["element_id"], o["office"]) for o in opened_tasks(rows, None)] == [
        ("Task_review_category", None), ("Task_submit_atr", "FOOD-PUR")]


def test_a_deadline_change_is_measured_by_its_largest_shift():
    was = [{"element_id": "Task_submit_atr", "deadlines": ["2026-11-07 04:30:00+00:00", "2026-11-10 04:30:00+00:00"]}]
    now = [{"element_id": "Task_submit_atr", "deadlines": ["2026-11-07 04:30:00+00:00", "2026-11-07 04:30:00+00:00"]}]
    [change] = deadline_changes(was, now)
    assert change["shift_hours"] == -72.0
    assert deadline_changes(was, was) == []
