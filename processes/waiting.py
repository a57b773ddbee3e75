"""Where cases wait, from their history: for each element of a version's diagram, how many cases passed it, how
long a task waited from opening to completion (median and 90th percentile) and in what share of its waits a
deadline timer on it (reminder or escalation) fired. Cases lodged in a period, optionally of one department and
district. Read in one pass over the cases' events, in order."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median, quantiles

from sqlalchemy import select
from sqlalchemy.orm import Session

import engine
from case_api.models import CaseEvent, Grievance
from case_counts.rules import period_bounds
from event_log.queries import is_work

SKIPPED = ("task_claimed", "task_released", "task_assigned", "task_reassigned", "process_migrated",
           "incident_opened", "incident_resolved", "task_cancelled")


@dataclass
class Waits:
    """One element: the cases that passed it, its waits in hours, and how many waits saw a deadline pass."""

    element_id: str
    name: str
    passed: int = 0
    hours: list[float] = field(default_factory=list)
    late: int = 0

    @property
    def median_hours(self) -> float | None:
        return round(median(self.hours), 1) if self.hours else None

    @property
    def p90_hours(self) -> float | None:
        if not self.hours:
            return None
        return round(quantiles(self.hours, n=10, method="inclusive")[-1], 1) if len(self.hours) > 1 \
            else round(self.hours[0], 1)

    @property
    def late_pct(self) -> float | None:
        return round(100 * self.late / len(self.hours), 1) if self.hours else None


def _events(session: Session, first: date, last: date, department_id: int | None, district: str | None):
    start, end = period_bounds(first, last)
    stmt = (select(CaseEvent.grievance_id, CaseEvent.event_type, CaseEvent.task_id, CaseEvent.element_id,
                   CaseEvent.title, CaseEvent.at)
            .join(Grievance, Grievance.id == CaseEvent.grievance_id)
            .where(Grievance.lodged_at >= start, Grievance.lodged_at < end, CaseEvent.element_id.is_not(None),
                   CaseEvent.event_type.not_in(SKIPPED))
            .order_by(CaseEvent.grievance_id, CaseEvent.seq).execution_options(yield_per=5000))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    if district is not None:
        stmt = stmt.where(Grievance.district_code == district)
    return session.execute(stmt)


def waits(session: Session, *, process_id: str, version: int, first: date, last: date,
          department_id: int | None = None, district: str | None = None) -> list[Waits]:
    """Every step (not gateways) of the version's diagram that cases passed, the longest median wait first."""
    hosts = engine.boundary_hosts(session, process_id=process_id, version=version)
    kinds = engine.element_kinds(session)
    found: dict[str, Waits] = {}
    opened: dict[tuple[int, str], tuple[str, datetime]] = {}  # (case, task id) -> (element, opened at)
    late_tasks: set[tuple[int, str]] = set()
    case = None
    for grievance_id, event_type, task_id, element_id, title, at in _events(session, first, last, department_id,
                                                                            district):
        if grievance_id != case:  # events come case by case: what one case left open does not carry over
            case = grievance_id
            opened.clear()
            late_tasks.clear()
        key = (grievance_id, task_id)
        if event_type == "task_opened":
            opened[key] = (element_id, at)
            continue
        if event_type == "timer_fired" and element_id in hosts:
            late_tasks.update(k for k, (element, _at) in opened.items()
                              if element == hosts[element_id] and k[0] == grievance_id)
        if not is_work(kinds.get(element_id)):
            continue  # gateways route; nobody waits at them
        entry = found.setdefault(element_id, Waits(element_id, title or element_id))
        entry.passed += 1
        if key in opened:
            _element, since = opened.pop(key)
            entry.hours.append((at - since).total_seconds() / 3600)
            entry.late += key in late_tasks
    return sorted(found.values(), key=lambda w: (-(w.median_hours or 0), -w.passed, w.name))
