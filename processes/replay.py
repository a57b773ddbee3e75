"""Replay: test an edited process model on recent real cases before it goes live.

Each chosen grievance's history (`case_event`) gives the recorded case: the data its process started with, then
the decisions people took, the timers that fired and the messages that came, each at its recorded time. The engine
runs the candidate model on them in memory (engine.replay_cases) inside a savepoint that is rolled back, and its
events are mapped to history rows by the same function that writes the real history (case_api.handlers), so the
recorded and the replayed path are compared like with like. The report (processes.replay_report) says per case
same path, different path, stuck or error, and overall how deadlines, escalations and workload would move.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

import engine
from case_api import history, queries
from case_api.handlers import history_entries
from case_api.process_data import APPEAL_PROCESS, appeal_start_data, grievance_start_data
from case_api.service import CLARIFICATION_MESSAGE, REROUTE_MESSAGE
from core import clock
from core.errors import AppError
from directory import queries as directory
from processes.replay_report import CaseRecord, Row, build_report, is_administrative

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
NOT_A_STEP = {"task_opened", "task_cancelled", "timer_fired"}
MESSAGE_EVENTS = {CLARIFICATION_MESSAGE, REROUTE_MESSAGE}  # history rows of a message delivered to the process


@dataclass(frozen=True)
class CaseChoice:
    """Which recorded cases to replay: the `limit` latest lodged in [since, until), of one department."""

    limit: int = DEFAULT_LIMIT
    since: datetime | None = None
    until: datetime | None = None
    department: str | None = None


def _row(event) -> Row:
    return Row(event.event_type, event.element_id, json.loads(event.data or "{}"), event.at, event.title,
               event.actor_role)


def _segment(rows: list[Row], process_id: str) -> tuple[list[Row], list[Row]] | None:
    """(rows before, rows of) the run of `process_id` in a case's history: from its process_started row to the
    next process's."""
    starts = [i for i, r in enumerate(rows) if r.event_type == "process_started"]
    mine = [i for i in starts if rows[i].data.get("process") == process_id]
    if not mine:
        return None
    begin = mine[-1]
    end = next((i for i in starts if i > begin), len(rows))
    return rows[:begin], rows[begin:end]


def _step(row: Row) -> engine.PersonStep | engine.TimerStep | engine.MessageStep | None:
    if is_administrative(row):
        return None
    if row.event_type == "timer_fired" and row.element_id:
        due = row.data.get("due_at")
        return engine.TimerStep(row.element_id, row.at, clock.parse_iso(due) if due else None)
    if row.element_id and row.actor_role != "system" and row.event_type not in NOT_A_STEP:
        return engine.PersonStep(row.element_id, row.data, row.at, row.actor_role)
    if row.event_type in MESSAGE_EVENTS and not row.element_id:
        return engine.MessageStep(row.event_type, row.data, row.at)
    return None


class _StartData:
    """Start data per case, with the master data it reads looked up once per code."""

    def __init__(self, session: Session, process_id: str):
        self.session, self.process_id = session, process_id
        self._categories: dict = {}

    def __call__(self, grievance, before: list[Row]) -> dict:
        if self.process_id == APPEAL_PROCESS:
            feedback = next((r.data for r in reversed(before) if r.event_type == "feedback_received"), {})
            return appeal_start_data(self.session, grievance, rating=feedback.get("rating"),
                                     comment=feedback.get("comment"))
        lodged = next((r.data for r in before if r.event_type == "grievance_lodged"), {})
        code = lodged.get("category") or grievance.category_code
        if code not in self._categories:
            self._categories[code] = directory.find_category(self.session, code)
        return grievance_start_data(self.session, grievance, category=self._categories[code])


def recorded_cases(session: Session, *, process_id: str, choice: CaseChoice) -> list[CaseRecord]:
    """The chosen grievances that ran `process_id`, as the engine's recorded cases plus their history rows."""
    grievances = queries.list_recent(session, limit=choice.limit, since=choice.since, until=choice.until,
                                     department=choice.department, appealed=process_id == APPEAL_PROCESS)
    events = history.list_events_of(session, [g.id for g in grievances])
    start_data = _StartData(session, process_id)
    out = []
    for grievance in grievances:
        split = _segment([_row(e) for e in events[grievance.id]], process_id)
        if split is None:
            continue
        before, rows = split
        steps = [s for s in map(_step, rows[1:]) if s is not None]
        case = engine.RecordedCase(grievance.reg_no, rows[0].at, start_data(grievance, before), steps)
        out.append(CaseRecord(case=case, status=grievance.status, rows=rows,
                              start_office=case.start_data.get("office")))
    return out


def replayed_rows(events: list) -> list[Row]:
    """The history rows the candidate's events would have written (data as stored: through JSON)."""
    rows = []
    for event, event_type, data in history_entries(events):
        task = getattr(event, "task", None)
        rows.append(Row(event_type, task.bpmn_id if task else None, json.loads(json.dumps(data, default=str)),
                        event.at, task.title if task else None, getattr(event.actor, "role", "system")))
    return rows


def replay_files(session: Session, *, process_id: str, files: dict[str, str], choice: CaseChoice) -> dict:
    """Replay the complete, valid model `files` on the chosen recent cases; the report. Nothing the replay does is
    kept: it runs in a savepoint that is rolled back."""
    if not 1 <= choice.limit <= MAX_LIMIT:
        raise AppError.invalid("limit", f"must be between 1 and {MAX_LIMIT}")
    if choice.department and directory.find_department(session, choice.department) is None:
        raise AppError.invalid("department", f"unknown department {choice.department!r}")
    savepoint = session.begin_nested()
    try:
        records = recorded_cases(session, process_id=process_id, choice=choice)
        result = engine.replay_cases(session, process_id=process_id, files=files,
                                     cases=[r.case for r in records], until=clock.now())
    finally:
        savepoint.rollback()
    replayed = {c.key: (c, replayed_rows(c.events)) for c in result.cases}
    logger.info("replayed %s cases of %s on an edit", len(records), process_id)
    criteria = {"limit": choice.limit, "department": choice.department,
                "since": choice.since.isoformat() if choice.since else None,
                "until": choice.until.isoformat() if choice.until else None}
    return build_report(process_id=process_id, criteria=criteria, records=records, replayed=replayed,
                        elements=result.elements)
