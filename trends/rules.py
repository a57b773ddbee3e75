"""Pure rules of the trends: the periods (weeks from Monday, calendar months, India's calendar) and when a
period's count is a spike against the usual level. No I/O.

A spike: at least `MIN_SPIKE` grievances, and more than the usual level of the `BASELINE` periods before it by
both `SPREADS` standard deviations and half again (value > mean + 2 x sd and value > 1.5 x mean)."""
from __future__ import annotations

from datetime import date, timedelta
from statistics import fmean, pstdev

UNITS = ("week", "month")
SHOWN = 12       # periods on the page
BASELINE = 8     # periods before one that make its usual level
MIN_SPIKE = 5
SPREADS = 2.0
RISE = 1.5


def period_start(day: date, unit: str) -> date:
    return day - timedelta(days=day.weekday()) if unit == "week" else day.replace(day=1)


def next_start(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_start(start: date, unit: str) -> date:
    return start - timedelta(days=7) if unit == "week" else (start - timedelta(days=1)).replace(day=1)


def periods(today: date, unit: str, count: int) -> list[date]:
    """The starts of the `count` periods ending with the one holding `today`, oldest first."""
    starts = [period_start(today, unit)]
    while len(starts) < count:
        starts.insert(0, previous_start(starts[0], unit))
    return starts


def usual(history: list[int]) -> float:
    return fmean(history) if history else 0.0


def is_spike(value: int, history: list[int]) -> bool:
    """`history`: the counts of the periods just before, oldest first (up to BASELINE of them)."""
    if value < MIN_SPIKE or len(history) < 2:
        return False
    mean = fmean(history)
    return value > mean + SPREADS * pstdev(history) and value > RISE * mean
