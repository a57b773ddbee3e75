"""Registration numbers: CMO/<year>/<sequence>, the sequence restarting each year (India Standard Time)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.models import RegistrationCounter

IST = ZoneInfo("Asia/Kolkata")
PREFIX = "CMO"


def next_reg_no(session: Session, at: datetime) -> str:
    """Take the next number for `at`'s year inside the caller's transaction (gap-free while it commits)."""
    year = at.astimezone(IST).year
    for _ in range(3):
        value = session.scalar(update(RegistrationCounter).where(RegistrationCounter.year == year)
                               .values(value=RegistrationCounter.value + 1).returning(RegistrationCounter.value))
        if value is not None:
            return f"{PREFIX}/{year}/{value:06d}"
        try:
            with session.begin_nested():
                session.add(RegistrationCounter(year=year, value=1))
            return f"{PREFIX}/{year}/{1:06d}"
        except IntegrityError:
            continue  # another transaction created the year's row first; take the next value from it
    raise RuntimeError("could not allocate a registration number")
