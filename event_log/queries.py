"""The rows of the event log, streamed: one per BPMN element a case passed (its name in the diagram as the
activity), in order within each case. Engine plumbing is left out: gateways (routing, not work), tasks opening
(the log records completions), claims and assignments (no element), incidents and migrations (the engine's own
housekeeping). Cases are those lodged in the period, optionally of one department."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

import engine
from case_api.models import CaseEvent, Grievance
from case_counts.rules import period_bounds
from directory.models import Office

PLUMBING_EVENTS = ("task_opened", "task_cancelled", "process_migrated", "incident_opened", "incident_resolved")
BATCH = 2000


@dataclass(frozen=True)
class Step:
    case_id: str       # the registration number
    activity: str      # the element's name in the diagram
    at: datetime
    resource_role: str
    office: str        # the office handling the case (its code), '' before forwarding
    element_id: str


def is_work(kind: str | None) -> bool:
    """Elements that are work or a business event in the diagram: tasks, start, end and timer events."""
    return kind is not None and not kind.endswith("Gateway")


def steps(session: Session, *, first: date, last: date, department_id: int | None = None) -> Iterator[Step]:
    kinds = engine.element_kinds(session)
    start, end = period_bounds(first, last)
    stmt = (select(Grievance.reg_no, CaseEvent.title, CaseEvent.element_id, CaseEvent.at, CaseEvent.actor_role,
                   Office.code)
            .join(Grievance, Grievance.id == CaseEvent.grievance_id)
            .outerjoin(Office, Office.id == Grievance.office_id)
            .where(Grievance.lodged_at >= start, Grievance.lodged_at < end, CaseEvent.element_id.is_not(None),
                   CaseEvent.event_type.not_in(PLUMBING_EVENTS))
            .order_by(CaseEvent.grievance_id, CaseEvent.seq)
            .execution_options(yield_per=BATCH))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    for reg_no, title, element_id, at, role, office in session.execute(stmt):
        if is_work(kinds.get(element_id)):
            yield Step(reg_no, title or element_id, at, role, office or "", element_id)
