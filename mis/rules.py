"""Pure rules of the MIS: the age buckets of pending grievances (in whole days since lodging, India's calendar)
and the reporting period. No I/O."""
from __future__ import annotations

from datetime import date, timedelta

# (key, first day of age, last day of age or None): the review meetings' buckets, the last "over 100 days".
AGE_BUCKETS = (("0-7", 0, 7), ("8-15", 8, 15), ("16-30", 16, 30), ("31-60", 31, 60), ("61-100", 61, 100),
               ("over-100", 101, None))
AGE_KEYS = tuple(key for key, _first, _last in AGE_BUCKETS)


def age_in_days(lodged_on: date, today: date) -> int:
    """A grievance lodged today is 0 days old."""
    return (today - lodged_on).days


def bucket_of(age: int) -> str:
    for key, first, last in AGE_BUCKETS:
        if age >= first and (last is None or age <= last):
            return key
    return AGE_KEYS[0]  # lodged "tomorrow" (a clock moved back): the youngest


def lodged_between(key: str, today: date) -> tuple[date | None, date]:
    """The lodging days (first or None for no limit, last, both inclusive) of the pending cases in bucket `key`."""
    _key, first, last = next(bucket for bucket in AGE_BUCKETS if bucket[0] == key)
    return (today - timedelta(days=last) if last is not None else None), today - timedelta(days=first)


def default_period(today: date) -> tuple[date, date]:
    """The month so far."""
    return today.replace(day=1), today


def check_period(first: date, last: date) -> None:
    from core.errors import AppError

    if first > last:
        raise AppError.invalid("from", "must be on or before the end of the period")
