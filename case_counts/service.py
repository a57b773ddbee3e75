"""Keeping the summary rows in step with the grievances: one session hook for every path that changes a case.

Lodging, forwarding and re-routing, escalation, the ATR, closure, reopening on appeal, process migration and
incident retries all change the grievance through the ORM in some unit of work, so the hook sees them all:
before each flush it notes, for every grievance whose counted columns change, its state as the transaction
found it; at commit it adds contribution(now) - contribution(then) to the summary rows in one upsert per table
(`count = count + delta`), keys in sorted order so concurrent transactions lock rows in the same order. A
savepoint rolled back (an incident) needs nothing: the state at commit is read back from the session.

History events the offices' monthly rows count (case_counts/events.py) are noted as they are added and, if still
in the session at commit (not undone with a savepoint), added to the same upsert; an ATR also gets its digest row
for the ATR-quality report.

Writes that bypass the ORM (bulk SQL, as bench/scale.py makes) must call `rebuild` afterwards.
"""
from __future__ import annotations

import json

from sqlalchemy import delete, event, insert, inspect, null, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE

from case_api.models import CaseEvent, Grievance
from case_counts import events, rules
from case_counts.models import (
    AtrDigest,
    CaseAgeCount,
    CaseCount,
    CaseDayCount,
    CaseDueCount,
    OfficeCaseCount,
    OfficeDueCount,
    OfficeMonthCount,
    OfficeMonthIssue,
)
from core.db import upsert_increments_many

MODELS = {"case_count": CaseCount, "case_due_count": CaseDueCount, "case_day_count": CaseDayCount,
          "case_age_count": CaseAgeCount, "office_case_count": OfficeCaseCount, "office_due_count": OfficeDueCount,
          "office_month_count": OfficeMonthCount,
          "office_month_issue": OfficeMonthIssue}
KEYS = {"case_count": ("department_id", "district_code"),
        "case_due_count": ("department_id", "span", "bucket", "district_code"),
        "case_day_count": ("department_id", "district_code", "category_code", "day"),
        "case_age_count": ("department_id", "district_code", "lodged_on"),
        "office_case_count": ("office_id",), "office_due_count": ("office_id", "span", "bucket"),
        "office_month_count": ("office_id", "month"),
        "office_month_issue": ("office_id", "month", "issue")}
DIGEST_KEYS = ("grievance_id", "at")
_INFO = "case_counts"
_EVENTS = "case_counts_events"
_UNKNOWN = (NO_VALUE, NEVER_SET)


def install() -> None:
    """Hook every ORM session (idempotent)."""
    for name, fn in (("before_flush", _before_flush), ("before_commit", _before_commit),
                     ("after_transaction_end", _after_transaction_end)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


def _snapshot_of(obj: Grievance) -> rules.Snapshot:
    return rules.Snapshot(**{name: getattr(obj, name) for name in rules.TRACKED})


def _state_before(session: Session, obj: Grievance) -> rules.Snapshot:
    """The grievance's counted columns as the database holds them before this flush writes it."""
    state, values = inspect(obj), {}
    for name in rules.TRACKED:
        value = state.committed_state[name] if name in state.committed_state else state.dict.get(name, NO_VALUE)
        if any(value is unknown for unknown in _UNKNOWN):
            row = session.execute(select(*(getattr(Grievance, n) for n in rules.TRACKED))
                                  .where(Grievance.id == state.identity[0])).one()
            return rules.Snapshot(*row)
        values[name] = value
    return rules.Snapshot(**values)


def _stamp_latest_atr(session: Session) -> None:
    """`last_atr_at`: the time of the grievance's latest atr_submitted event, kept as the event is added."""
    for obj in session.new:
        if isinstance(obj, CaseEvent) and obj.event_type == "atr_submitted":
            grievance = session.get(Grievance, obj.grievance_id)
            if grievance is not None and (grievance.last_atr_at is None or obj.at > grievance.last_atr_at):
                grievance.last_atr_at = obj.at


def _before_flush(session: Session, _context, _instances) -> None:
    with session.no_autoflush:
        _stamp_latest_atr(session)
        tracked = session.info.setdefault(_INFO, {})
        for obj in session.new:
            if isinstance(obj, Grievance):
                tracked.setdefault(id(obj), (obj, None))
            elif isinstance(obj, CaseEvent) and obj.event_type in events.KINDS:  # with its case's office now
                grievance = session.get(Grievance, obj.grievance_id)
                session.info.setdefault(_EVENTS, []).append((obj, grievance.office_id if grievance else None))
        for obj in list(session.dirty) + list(session.deleted):
            if isinstance(obj, Grievance) and id(obj) not in tracked:
                state = inspect(obj)
                if obj in session.deleted or any(name in state.committed_state for name in rules.TRACKED):
                    tracked[id(obj)] = (obj, _state_before(session, obj))


def _state_now(obj: Grievance) -> rules.Snapshot | None:
    state = inspect(obj)
    return _snapshot_of(obj) if state.persistent else None


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # what is still pending passes _before_flush first (a no-op when nothing is)
    if not (session.info.get(_INFO) or session.info.get(_EVENTS)):
        return
    deltas: rules.Deltas = {}
    for obj, before in session.info.pop(_INFO, {}).values():
        rules.add_change(deltas, before, _state_now(obj))
    digests = []
    for obj, office_id in session.info.pop(_EVENTS, []):
        if inspect(obj).persistent:  # not undone with a rolled-back savepoint
            digests += _count_event(deltas, obj.event_type, obj.data, obj.grievance_id, office_id, obj.at)
    apply(session, deltas, digests)


def _count_event(deltas: rules.Deltas, event_type: str, data: str | None, grievance_id: int,
                 office_id: int | None, at) -> list[dict]:
    """Add an event's counts to `deltas`; an ATR's digest row, if it is one."""
    values = json.loads(data or "{}")
    if event_type == "atr_submitted":
        return [events.atr_digest(values, grievance_id, office_id, at)]
    events.add(deltas, event_type, values, office_id, at)
    return []


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_INFO, None)
        session.info.pop(_EVENTS, None)


def apply(session: Session | Connection, deltas: rules.Deltas, digests: list[dict] = ()) -> None:
    """Add the deltas to the summary rows and the ATRs' digests: an upsert per table that changes, one statement on
    PostgreSQL."""
    changes = [(MODELS[table].__table__, _values(table, rows), KEYS[table], rules.TABLES[table])
               for table, rows in rules.by_table(deltas).items()]
    if digests:
        changes.append((AtrDigest.__table__, list(digests), DIGEST_KEYS, ()))
    upsert_increments_many(session, changes)


def _values(table: str, rows: list[tuple[tuple, list[int]]]) -> list[dict]:
    keys, measures = KEYS[table], rules.TABLES[table]
    return [dict(zip(keys, key, strict=True)) | dict(zip(measures, vector, strict=True)) for key, vector in rows]


def rebuild(connection: Connection, *, chunk: int = 20_000, tables: tuple[str, ...] | None = None) -> int:
    """Recompute the summary rows (`tables`, by default all of them and the ATRs' digests) from the grievances and
    their history (the migrations' backfill; bench/scale.py after bulk SQL): an event counts for the office holding
    its case now. Returns the number of grievances counted."""
    tables = tuple(MODELS) + (AtrDigest.__tablename__,) if tables is None else tables
    for name in tables:
        connection.execute(delete((MODELS | {AtrDigest.__tablename__: AtrDigest})[name]))
    deltas: rules.Deltas = {}
    counted = 0
    present = {column["name"] for column in inspect(connection).get_columns(Grievance.__tablename__)}
    result = connection.execute(  # an older migration's backfill runs before later columns exist: None for them
        select(*(getattr(Grievance, n) if n in present else null().label(n) for n in rules.TRACKED))
        .execution_options(stream_results=True, yield_per=chunk))
    for row in result:
        rules.add_change(deltas, None, rules.Snapshot(*row))
        counted += 1
    digests = _history_counts(connection, deltas, chunk) if "office_month_count" in tables else []
    for table, rows in rules.by_table(deltas).items():
        if table in tables:
            _insert(connection, MODELS[table], _values(table, rows), chunk)
    if AtrDigest.__tablename__ in tables:
        _insert(connection, AtrDigest, digests, chunk)
    return counted


def _history_counts(connection: Connection, deltas: rules.Deltas, chunk: int) -> list[dict]:
    digests = []
    result = connection.execute(
        select(CaseEvent.event_type, CaseEvent.data, CaseEvent.grievance_id, Grievance.office_id, CaseEvent.at)
        .join(Grievance, Grievance.id == CaseEvent.grievance_id).where(CaseEvent.event_type.in_(events.KINDS))
        .execution_options(stream_results=True, yield_per=chunk))
    for row in result:
        digests += _count_event(deltas, *row)
    return digests


def _insert(connection: Connection, model, values: list[dict], chunk: int) -> None:
    for start in range(0, len(values), chunk):
        connection.execute(insert(model), values[start:start + chunk])
