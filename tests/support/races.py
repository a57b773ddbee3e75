"""Races made to happen every time: a second unit of work runs at the exact moment the first has issued a given
statement, as a second worker or web process would in an unlucky instant. No sleeps: the first goes on once
the second has finished, or (PostgreSQL) once the second waits for a lock the first holds."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event, text

from core.db import Database

LOCK_WAITERS = text("SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'")


@dataclass
class Race:
    results: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    thread: threading.Thread | None = None
    second_was_blocked: bool = False


def _someone_waits_for_a_lock(db: Database) -> bool:
    if db.dialect != "postgresql":
        return False
    with db.engine.connect() as conn:
        return conn.scalar(LOCK_WAITERS) > 0


def _wait_blocked_or_finished(db: Database, race: Race, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        race.thread.join(0.02)
        if not race.thread.is_alive():
            return
        if _someone_waits_for_a_lock(db):
            race.second_was_blocked = True
            return
    raise AssertionError(f"the second unit of work neither finished nor waited for a lock in {timeout}s")


@contextmanager
def second_worker_at(db: Database, statement: str, work: Callable[[], object]) -> Iterator[Race]:
    """Inside the block, right after this thread's first statement containing `statement` runs on `db`,
    `work` runs in a thread of its own; this thread's transaction goes on once `work` has finished or is
    waiting for one of its locks. On leaving, `work` is waited for; its result or exception is in the Race."""
    race, owner = Race(), threading.current_thread()

    def run() -> None:
        try:
            race.results.append(work())
        except Exception as exc:  # reported to the test, which asserts on it
            race.errors.append(exc)

    def after_execute(_conn, _cursor, sql, _params, _context, _many) -> None:
        if race.thread is not None or threading.current_thread() is not owner or statement not in sql:
            return
        race.thread = threading.Thread(target=run)
        race.thread.start()
        _wait_blocked_or_finished(db, race)

    event.listen(db.engine, "after_cursor_execute", after_execute)
    try:
        yield race
    finally:
        event.remove(db.engine, "after_cursor_execute", after_execute)
        if race.thread is not None:
            race.thread.join(60)
    assert race.thread is not None, f"no statement containing {statement!r} ran"
