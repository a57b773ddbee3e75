"""Caches of database rows: per unit of work, and per process for rows that never change once written (process-model
versions, SLA policy versions) or change only when master data is reloaded (departments, areas, offices, categories).
No request reads such a row twice, and most requests not at all.

Both kinds are kept per database (by the engine's connection pool), so two apps in one process (tests, benches) never
see each other's rows. A row found inside a unit of work joins the process-wide cache only when that unit commits: a
row the unit wrote itself and then rolled back may never have existed (and SQLite may give its id to another row).
"Which version is the latest" is not immutable: callers ask the database once per unit of work (`unit_memo`), so a
version deployed by another process is seen by the next unit of work that starts.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, make_transient_to_detached

T = TypeVar("T")
_MEMO = "unit_memo"
_PENDING = "immutable_rows_pending"
_shared: WeakKeyDictionary = WeakKeyDictionary()  # connection pool -> {cache name -> {key -> value}}


def _per_database(session: Session, name: str) -> dict:
    return _shared.setdefault(session.get_bind().pool, {}).setdefault(name, {})


class ImmutableRows:
    """Values derived from rows that never change once committed, by key, per process and database."""

    def __init__(self, name: str):
        self.name = name

    def get(self, session: Session, key: Hashable, load: Callable[[], T | None]) -> T | None:
        """The value for `key`, calling `load()` (which reads the database) only when no unit of work has."""
        shared = _per_database(session, self.name)
        if key in shared:
            return shared[key]
        pending = session.info.setdefault(_PENDING, {})
        if (self.name, key) in pending:
            return pending[(self.name, key)][1]
        value = load()
        if value is not None:
            pending[(self.name, key)] = (shared, value)
        return value


def unit_memo(session: Session, key: Hashable, load: Callable[[], T]) -> T:
    """`load()` once per unit of work (until the transaction or a savepoint ends, or `forget` is called)."""
    memo = session.info.setdefault(_MEMO, {})
    if key not in memo:
        memo[key] = load()
    return memo[key]


def forget(session: Session, key: Hashable) -> None:
    """Drop one memo of this unit of work: it has just changed what `load` would answer (a deploy, a new policy)."""
    session.info.get(_MEMO, {}).pop(key, None)


@event.listens_for(Session, "after_commit")
def _promote(session: Session) -> None:
    for (_name, key), (shared, value) in session.info.pop(_PENDING, {}).items():
        shared[key] = value


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_transaction_end")
def _end_memos(session: Session, transaction: SessionTransaction) -> None:
    # A savepoint rolled back may take a deploy with it; re-asking after any transaction or savepoint ends is cheap.
    session.info.pop(_MEMO, None)


def memo_value(session: Session, key: Hashable) -> Any:
    """What this unit of work remembered under `key`, or None (for tests and diagnostics)."""
    return session.info.get(_MEMO, {}).get(key)


class MasterData:
    """Rows that change only when master data is loaded again (`flask seed`), by key, per process and database.
    An entry is trusted for `ttl` seconds, so a reload by another process is seen within that time; a change
    flushed in this process (see `forget_all`) drops every entry at once. ORM rows are kept as column values
    and handed to each session as its own copy (merged without a query), never shared between sessions."""

    def __init__(self, name: str, ttl: float):
        self.name, self.ttl = name, ttl

    def get(self, session: Session, key: Hashable, load: Callable[[], Any]) -> Any:
        entries = _per_database(session, self.name)
        now = time.monotonic()
        hit = entries.get(key)
        if hit is None or hit[0] <= now:
            value = load()
            hit = entries[key] = (now + self.ttl, _frozen(value))
        return _thawed(session, hit[1])

    def forget_all(self, session: Session) -> None:
        _per_database(session, self.name).clear()


def _frozen(value: Any) -> Any:
    mapper = getattr(type(value), "__mapper__", None)
    if mapper is None:
        return value
    return _Row(type(value), {c.key: getattr(value, c.key) for c in mapper.column_attrs})


def _thawed(session: Session, value: Any) -> Any:
    if not isinstance(value, _Row):
        return value
    instance = value.model(**value.columns)
    make_transient_to_detached(instance)
    return session.merge(instance, load=False)


class _Row:
    __slots__ = ("model", "columns")

    def __init__(self, model: type, columns: dict):
        self.model, self.columns = model, columns
