"""Keyset pages of the worklist: an opaque cursor holding the last row's sort value and id, never an OFFSET.

The due time may be empty (tasks without a deadline); those rows come after every dated one in either direction,
so a page reads the dated rows first and tops up with undated ones, each part an index range scan."""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, Select, literal, tuple_
from sqlalchemy.orm import Session

from core.clock import parse_iso
from core.errors import AppError
from worklists.models import WorkItem

SORTS = ("due_at", "-due_at", "opened_at", "-opened_at")


@dataclass(frozen=True)
class Cursor:
    sort: str
    value: datetime | None
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.sort, self.value.isoformat() if self.value else None, self.id])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(token: str, sort: str) -> Cursor:
    """The cursor a previous page gave out; 422 when it was tampered with or belongs to another sort order."""
    try:
        sort_of, value, last_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        cursor = Cursor(sort_of, parse_iso(value) if value is not None else None, int(last_id))
    except (ValueError, TypeError, binascii.Error):
        raise AppError.invalid("cursor", "is not a page cursor this worklist gave out") from None
    if cursor.sort != sort or (cursor.value is None and sort.lstrip("-") == "opened_at"):
        raise AppError.invalid("cursor", "belongs to another sort order; start again from the first page")
    return cursor


def _after(stmt: Select, column, descending: bool, cursor: Cursor) -> Select:
    # A row-value comparison is what the planner turns into the start of an index range.
    key, last = tuple_(column, WorkItem.id), tuple_(literal(cursor.value, column.type), literal(cursor.id, Integer()))
    return stmt.where(key < last if descending else key > last)


def _ordered(stmt: Select, columns: list, descending: bool, limit: int) -> Select:
    return stmt.order_by(*(c.desc() if descending else c for c in columns)).limit(limit)


def page(session: Session, stmt: Select, *, sort: str, cursor: Cursor | None, size: int) -> tuple[list, Cursor | None]:
    """Up to `size` rows of `stmt` (which selects WorkItem among its entities) after `cursor`, and the next
    cursor when more rows follow."""
    descending, name = sort.startswith("-"), sort.lstrip("-")
    column = getattr(WorkItem, name)
    nullable = name == "due_at"
    rows: list = []
    if cursor is None or cursor.value is not None:
        dated = stmt.where(column.is_not(None)) if nullable else stmt
        if cursor is not None:
            dated = _after(dated, column, descending, cursor)
        rows = list(session.execute(_ordered(dated, [column, WorkItem.id], descending, size + 1)))
    if nullable and len(rows) <= size:
        undated = stmt.where(column.is_(None))
        if cursor is not None and cursor.value is None:
            undated = undated.where(WorkItem.id < cursor.id if descending else WorkItem.id > cursor.id)
        rows += session.execute(_ordered(undated, [WorkItem.id], descending, size + 1 - len(rows)))
    if len(rows) <= size:
        return rows, None
    last = rows[size - 1].WorkItem
    return rows[:size], Cursor(sort, getattr(last, name), last.id)
