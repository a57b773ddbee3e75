"""An event-log export: the period and department checked, then the file written as the rows are read (its own
read-only unit of work, held while the response streams)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from analytics.queries import find_department
from core.db import transaction
from core.errors import AppError
from event_log import formats, queries


def check(session, *, first: date, last: date, department: str | None) -> int | None:
    """The department's id (None: all); refuses a period that ends before it starts or an unknown department."""
    if first > last:
        raise AppError.invalid("from", "must be on or before `to`")
    try:
        found = find_department(session, department)
    except AppError:
        raise AppError.invalid("department", f"unknown department {department!r}") from None
    return found.id if found else None


def file_name(kind: str, first: date, last: date, department: str | None) -> str:
    return f"event-log-{(department or 'all').lower()}-{first:%Y%m%d}-{last:%Y%m%d}.{kind}"


def stream(kind: str, *, first: date, last: date, department_id: int | None, name: str) -> Iterator[bytes]:
    with transaction(readonly=True) as session:
        yield from formats.render(kind, queries.steps(session, first=first, last=last, department_id=department_id),
                                  name=name)
