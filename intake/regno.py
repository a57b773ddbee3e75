"""Registration numbers: CMO/<year>/<sequence>, the sequence restarting each year (India Standard Time)."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from case_api.models import Grievance
from engine.models import ProcessInstance
from intake.models import RegistrationCounter

IST = ZoneInfo("Asia/Kolkata")
PREFIX = "CMO"


class NewCase(NamedTuple):
    """What a grievance being lodged is known by before it is written: its number and the ids of its row and of
    its process instance, so that both rows are written once, with what the process decided (no INSERT, UPDATE)."""
    reg_no: str
    grievance_id: int
    instance_id: int


def next_numbers(session: Session, at: datetime) -> NewCase:
    """Take the next registration number for `at`'s year (its counter row made by the year's first lodging), and
    ids for the grievance and its process instance, in one statement: PostgreSQL's sequences, or on SQLite (one
    writer; the ids are written before this transaction takes others) one past the highest.

    On PostgreSQL the number is taken in a transaction of its own that commits at once. Taken in the caller's
    transaction, the counter row stayed locked until the whole lodging committed, so concurrent lodgings queued
    behind one another from their number to their commit: 65 lodges/s with 8 clients, 113/s this way
    (bench/load.py). The price: a lodging that fails after taking its number (a database error; every check of the
    caller's input comes before) leaves that number unused. Numbers stay unique and rise with time. SQLite has one
    writer at a time anyway: there the number is taken in the caller's transaction and the sequence has no gaps."""
    year = at.astimezone(IST).year
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        with bind.engine.connect() as conn:
            value, grievance_id, instance_id = conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                _take("postgresql"), {"year": year}).one()
    else:
        value, grievance_id, instance_id = session.execute(_take(bind.dialect.name), {"year": year}).one()
    return NewCase(f"{PREFIX}/{year}/{value:06d}", grievance_id, instance_id)


def _take(dialect: str):
    """The year's counter moved on by one (or started at 1): its new value and the next ids of the two tables.
    Built at each call (tens of microseconds; SQLAlchemy caches the compiled form), not memoized: a process-wide
    memo would also hide a changed statement from tests run in processes forked after it was made (mutmut's)."""
    table = RegistrationCounter.__table__
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(table).values(year=bindparam("year"), value=1)
    return insert.on_conflict_do_update(index_elements=["year"], set_={"value": table.c.value + 1}) \
        .returning(table.c.value, *(_next_id(dialect, model) for model in (Grievance, ProcessInstance)))


def _next_id(dialect: str, model):
    if dialect == "postgresql":
        return func.nextval(func.pg_get_serial_sequence(model.__tablename__, "id"))
    return select(func.coalesce(func.max(model.id), 0) + 1).scalar_subquery()
