"""Registration numbers: CMO/<year>/<sequence>, the sequence restarting each year (India Standard Time)."""
from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from intake.models import RegistrationCounter

IST = ZoneInfo("Asia/Kolkata")
PREFIX = "CMO"


def next_reg_no(session: Session, at: datetime) -> str:
    """Take the next number for `at`'s year (its counter row made by the year's first lodging).

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
            value = conn.execution_options(isolation_level="AUTOCOMMIT").scalar(_take("postgresql"), {"year": year})
    else:
        value = session.scalar(_take(bind.dialect.name), {"year": year})
    return f"{PREFIX}/{year}/{value:06d}"


@cache
def _take(dialect: str):
    """The year's counter moved on by one (or started at 1) and its new value, in one statement."""
    table = RegistrationCounter.__table__
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(table).values(year=bindparam("year"), value=1)
    return insert.on_conflict_do_update(index_elements=["year"], set_={"value": table.c.value + 1}) \
        .returning(table.c.value)
