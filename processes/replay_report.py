"""The replay report: recorded history rows against the rows the candidate model would have written, per case
(same path, different path, stuck, error) and overall (deadlines and escalations moved, workload per lane and
office, elements never reached). Pure functions over plain rows; processes.replay gathers them."""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import engine
from core.clock import parse_iso

NOT_ON_PATH = {"task_opened", "task_cancelled"}
# History rows about the case's handling rather than its path (an incident and its retry name an element too).
ADMINISTRATIVE_PREFIXES = ("incident", "process_")


@dataclass(frozen=True)
class Row:
    """One history row, recorded or as the candidate would have written it."""

    event_type: str
    element_id: str | None
    data: dict
    at: datetime
    title: str | None = None
    actor_role: str | None = None


@dataclass
class CaseRecord:
    case: engine.RecordedCase
    status: str
    rows: list[Row]
    start_office: str | None = None


def is_administrative(row: Row) -> bool:
    return row.event_type.startswith(ADMINISTRATIVE_PREFIXES)


def is_engine_step(row: Row) -> bool:
    """A step the engine took on its own under no business event name (a gateway, a script, an event). Gateways'
    and scripts' rows are no longer written (case_api.handlers.history_entry) but older cases hold them, so all such
    rows are left out of both sides."""
    return row.event_type == "task_completed" and row.actor_role == "system"


def path(rows: list[Row]) -> list[str]:
    """The elements a case passed, in order: completions and timer firings (not the opening of tasks)."""
    return [r.element_id for r in rows if r.element_id and r.event_type not in NOT_ON_PATH
            and not is_administrative(r) and not is_engine_step(r)]


def divergence(recorded: list[str], replayed: list[str]) -> dict | None:
    """Where two paths part: the first position and the element each took there (None: that path had ended)."""
    for index in range(max(len(recorded), len(replayed))):
        was = recorded[index] if index < len(recorded) else None
        now = replayed[index] if index < len(replayed) else None
        if was != now:
            return {"index": index, "recorded": was, "replayed": now}
    return None


def opened_tasks(rows: list[Row], office: str | None) -> list[dict]:
    """Every task opening with its lane, the office the case was with then, and the deadlines set on it."""
    out = []
    for row in rows:
        if row.event_type == "task_opened":
            out.append({"element_id": row.element_id, "lane": row.data.get("lane"), "office": office,
                        "deadlines": list(row.data.get("deadlines") or [])})
        elif "office" in row.data:
            office = row.data["office"]
    return out


def timer_firings(rows: list[Row]) -> list[dict]:
    return [{"element_id": r.element_id, "due_at": r.data.get("due_at")} for r in rows if r.event_type == "timer_fired"]


def _hours(later: str | None, earlier: str | None) -> float | None:
    if not later or not earlier:
        return None
    return round((parse_iso(later) - parse_iso(earlier)).total_seconds() / 3600, 2)


def _shift(old: list[str], new: list[str]) -> float:
    """How far the deadlines set on a task move: the largest shift (signed) among them, position by position."""
    shifts = [_hours(n, o) or 0.0 for o, n in zip(old, new, strict=False)]
    return max(shifts, key=abs, default=0.0)


def _by_occurrence(items: list[dict]) -> dict[tuple[str, int], dict]:
    seen: Counter = Counter()
    out = {}
    for item in items:
        out[(item["element_id"], seen[item["element_id"]])] = item
        seen[item["element_id"]] += 1
    return out


def deadline_changes(recorded: list[dict], replayed: list[dict]) -> list[dict]:
    """Each task opening (the nth opening of an element, on both sides) whose deadlines differ."""
    was, now = _by_occurrence(recorded), _by_occurrence(replayed)
    changes = []
    for key in sorted(set(was) & set(now)):
        old, new = was[key]["deadlines"], now[key]["deadlines"]
        if old != new:
            changes.append({"element_id": key[0], "recorded": old, "replayed": new, "shift_hours": _shift(old, new)})
    return changes


def _case_outcome(replayed: engine.CaseReplay, diverged: dict | None) -> str:
    if replayed.outcome in ("error", "stuck"):
        return replayed.outcome
    return "different" if diverged else "same"


def case_report(record: CaseRecord, replayed: engine.CaseReplay, rows: list[Row]) -> tuple[dict, tuple]:
    """One case: its outcome, where its path parts, what failed, which deadlines and escalations moved; and the
    openings and firings of both sides, for the totals."""
    diverged = divergence(path(record.rows), path(rows))
    opened_was = opened_tasks(record.rows, record.start_office)
    opened_now = opened_tasks(rows, record.start_office)
    fired_was, fired_now = timer_firings(record.rows), timer_firings(rows)
    report = {"reg_no": record.case.key, "status": record.status, "outcome": _case_outcome(replayed, diverged),
              "steps": len(record.case.steps), "steps_replayed": replayed.steps_replayed, "diverged_at": diverged,
              "element_id": replayed.element_id, "message": replayed.message, "waiting_at": replayed.waiting_at,
              "deadline_changes": deadline_changes(opened_was, opened_now),
              "escalations": None}
    if [f["element_id"] for f in fired_was] != [f["element_id"] for f in fired_now]:
        report["escalations"] = {"recorded": [f["element_id"] for f in fired_was],
                                 "replayed": [f["element_id"] for f in fired_now]}
    return report, (opened_was, opened_now, fired_was, fired_now)


def _shift_summary(shifts: list[float]) -> dict:
    moved = [s for s in shifts if s]
    return {"compared": len(shifts), "moved": len(moved),
            "mean_shift_hours": round(statistics.fmean(moved), 2) if moved else 0.0,
            "max_shift_hours": max(moved, key=abs) if moved else 0.0}


def deadline_summary(pairs: list[tuple], titles: dict[str, str]) -> list[dict]:
    """Per task (its earliest deadline) and per timer (its due time and how often it fired): how far they move."""
    task_shifts: dict[str, list[float]] = {}
    timers: dict[str, dict] = {}
    for opened_was, opened_now, fired_was, fired_now in pairs:
        was, now = _by_occurrence(opened_was), _by_occurrence(opened_now)
        for key in set(was) & set(now):
            old, new = was[key]["deadlines"], now[key]["deadlines"]
            if old or new:
                task_shifts.setdefault(key[0], []).append(_shift(old, new) if old != new else 0.0)
        for side, fired in (("recorded_firings", fired_was), ("replayed_firings", fired_now)):
            for item in fired:
                timers.setdefault(item["element_id"], {"recorded_firings": 0, "replayed_firings": 0, "shifts": []})
                timers[item["element_id"]][side] += 1
        was_fired, now_fired = _by_occurrence(fired_was), _by_occurrence(fired_now)
        for key in set(was_fired) & set(now_fired):
            timers[key[0]]["shifts"].append(_hours(now_fired[key]["due_at"], was_fired[key]["due_at"]) or 0.0)
    out = [{"element_id": e, "title": titles.get(e, e), "kind": "task", **_shift_summary(s)}
           for e, s in sorted(task_shifts.items())]
    for element_id, t in sorted(timers.items()):
        out.append({"element_id": element_id, "title": titles.get(element_id, element_id), "kind": "timer",
                    "recorded_firings": t["recorded_firings"], "replayed_firings": t["replayed_firings"],
                    **_shift_summary(t["shifts"])})
    return out


def workload(pairs: list[tuple]) -> dict:
    """Tasks opened per lane (role) and per office, recorded and replayed."""
    counts = {key: (Counter(), Counter()) for key in ("lane", "office")}
    for opened_was, opened_now, _fired_was, _fired_now in pairs:
        for side, opened in ((0, opened_was), (1, opened_now)):
            for item in opened:
                for key, pair in counts.items():
                    pair[side][item[key] or "-"] += 1
    return {f"by_{key}": [{key: name, "recorded": was[name], "replayed": now[name], "change": now[name] - was[name]}
                          for name in sorted(set(was) | set(now))]
            for key, (was, now) in counts.items()}


def build_report(*, process_id: str, criteria: dict, records: list[CaseRecord],
                 replayed: dict[str, tuple[engine.CaseReplay, list[Row]]], elements: list[engine.Element]) -> dict:
    titles = {r.element_id: r.title for record in records for r in record.rows if r.element_id and r.title}
    titles.update({e.element_id: e.title for e in elements})
    cases, pairs, reached = [], [], set()
    for record in records:
        result, rows = replayed[record.case.key]
        report, pair = case_report(record, result, rows)
        cases.append(report)
        pairs.append(pair)
        reached.update(r.element_id for r in rows if r.element_id)
        reached.update(e.task.bpmn_id for e in result.events if getattr(e, "task", None))  # steps kept no row of
        if result.outcome == "error" and result.element_id:
            reached.add(result.element_id)  # reached, and failed there
    outcomes = Counter(c["outcome"] for c in cases)
    errors = Counter((c["element_id"], c["message"]) for c in cases if c["outcome"] == "error")
    return {
        "process_id": process_id, "criteria": criteria, "cases_replayed": len(cases),
        "outcomes": {k: outcomes.get(k, 0) for k in ("same", "different", "stuck", "error")},
        "errors": [{"element_id": e, "title": titles.get(e or "", e), "message": m, "cases": n}
                   for (e, m), n in errors.most_common()],
        "deadlines": deadline_summary(pairs, titles), "workload": workload(pairs),
        "never_reached": [{"element_id": e.element_id, "title": e.title, "kind": e.kind}
                          for e in elements if e.element_id not in reached],
        "cases": cases,
    }
