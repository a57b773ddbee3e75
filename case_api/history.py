"""Writing and verifying a case's hash-chained history."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event as orm_event
from sqlalchemy import select
from sqlalchemy.orm import Session, SessionTransaction

from case_api.models import CaseEvent, Grievance

GENESIS = "0" * 64
BROKEN = "does not match its hash (its content, or the entry before it, was changed)"


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _digest(event: CaseEvent, prev_hash: str) -> str:
    payload = {"grievance_id": event.grievance_id, "seq": event.seq, "event_type": event.event_type,
               "at": event.at.isoformat(), "actor_id": event.actor_id, "actor_role": event.actor_role,
               "actor_name": event.actor_name, "task_id": event.task_id, "element_id": event.element_id,
               "title": event.title, "data": event.data, "prev_hash": prev_hash}
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


@orm_event.listens_for(Session, "after_transaction_end")
def _forget_tails(session: Session, transaction: SessionTransaction) -> None:
    """A savepoint that ends (the engine rolls one back when a model step fails) may take appended events with
    it, so the cached chain tails are re-read from the database (autoflush makes pending events visible)."""
    if transaction.nested:
        session.info.pop("case_tails", None)


def _tail(session: Session, grievance_id: int) -> tuple[int, str]:
    tails = session.info.setdefault("case_tails", {})
    if grievance_id not in tails:
        if _unwritten(session, grievance_id):
            session.flush()  # events appended but not yet written (engine handlers run without autoflush) count
        last = session.execute(select(CaseEvent.seq, CaseEvent.hash).where(CaseEvent.grievance_id == grievance_id)
                               .order_by(CaseEvent.seq.desc()).limit(1)).first()
        tails[grievance_id] = (last.seq, last.hash) if last else (0, GENESIS)
    return tails[grievance_id]


def _unwritten(session: Session, grievance_id: int) -> bool:
    return any(isinstance(obj, CaseEvent) and obj.grievance_id == grievance_id for obj in session.new)


def grievance_with_tail(session: Session, reg_no: str) -> Grievance | None:
    """The grievance numbered `reg_no`, with its chain's tail read in the same statement (for `append_event`)."""
    latest = (select(CaseEvent.seq).where(CaseEvent.grievance_id == Grievance.id)
              .order_by(CaseEvent.seq.desc()).limit(1))
    found = session.execute(select(Grievance, latest.scalar_subquery(),
                                   latest.with_only_columns(CaseEvent.hash).scalar_subquery())
                            .where(Grievance.reg_no == reg_no)).first()
    if found is None:
        return None
    grievance, seq, last_hash = found
    tails = session.info.setdefault("case_tails", {})
    if grievance.id not in tails and not _unwritten(session, grievance.id):
        tails[grievance.id] = (seq, last_hash) if seq is not None else (0, GENESIS)
    return grievance


def start_chain(session: Session, grievance_id: int) -> None:
    """A grievance created in this unit of work has no history yet: its chain starts without a read."""
    session.info.setdefault("case_tails", {})[grievance_id] = (0, GENESIS)


def tail_seq(session: Session, grievance_id: int) -> int:
    return _tail(session, grievance_id)[0]


def append_event(session: Session, *, grievance_id: int, event_type: str, at: datetime, actor, data: dict | None = None,
                 task_id: str | None = None, element_id: str | None = None, title: str | None = None) -> CaseEvent:
    """Append one event to the case's chain in the caller's transaction."""
    seq, prev_hash = _tail(session, grievance_id)
    event = CaseEvent(grievance_id=grievance_id, seq=seq + 1, event_type=event_type, at=at,
                      actor_id=getattr(actor, "user_id", None) or None, actor_role=getattr(actor, "role", "system"),
                      actor_name=getattr(actor, "name", "system") or "", task_id=task_id, element_id=element_id,
                      title=title, data=_canonical(data or {}), prev_hash=prev_hash)
    event.hash = _digest(event, prev_hash)
    session.add(event)
    session.info["case_tails"][grievance_id] = (event.seq, event.hash)
    return event


@dataclass
class ChainCheck:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    reason: str | None = None
    out_of_order: bool = False  # a step missing or moved (the sequence breaks), rather than a step's hash


def _linked(events: list[CaseEvent]) -> list[CaseEvent]:
    """Each event with `prev_hash`, the hash of the row before it as stored (GENESIS for the first)."""
    prev = GENESIS
    for event in events:
        event.prev_hash, prev = prev, event.hash
    return events


def list_events(session: Session, grievance_id: int) -> list[CaseEvent]:
    return _linked(list(session.scalars(select(CaseEvent).where(CaseEvent.grievance_id == grievance_id)
                                        .order_by(CaseEvent.seq))))


def list_events_of(session: Session, grievance_ids: list[int]) -> dict[int, list[CaseEvent]]:
    """The histories of several cases in one query, each in order."""
    out: dict[int, list[CaseEvent]] = {gid: [] for gid in grievance_ids}
    if grievance_ids:
        for event in session.scalars(select(CaseEvent).where(CaseEvent.grievance_id.in_(grievance_ids))
                                     .order_by(CaseEvent.grievance_id, CaseEvent.seq)):
            out[event.grievance_id].append(event)
    for events in out.values():
        _linked(events)
    return out


def verify_chain(events: list[CaseEvent]) -> ChainCheck:
    """Recompute every hash from the row's content and the stored hash of the row before it: an edited, deleted,
    inserted or reordered row breaks the chain (a row re-hashed after an edit breaks it at the next row)."""
    prev = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            return ChainCheck(False, len(events), event.seq, f"sequence jumps to {event.seq}, expected {expected_seq}",
                              out_of_order=True)
        if _digest(event, prev) != event.hash:
            return ChainCheck(False, len(events), event.seq, BROKEN)
        prev = event.hash
    return ChainCheck(True, len(events))
