"""The working-day calendar: Sundays, the second and fourth Saturdays and West Bengal's gazetted holidays are
off; a department may work every day (police, health, power) or have extra holidays of its own."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import yaml

IST = ZoneInfo("Asia/Kolkata")


@cache
def gazetted_holidays(year: int) -> frozenset[date]:
    """West Bengal's public holidays of `year` as the `holidays` package knows them."""
    return frozenset(holidays.country_holidays("IN", subdiv="WB", years=year))


def load_holiday_file(path: Path) -> tuple[frozenset[date], frozenset[date]]:
    """(extra holidays, days the package lists that the state kept open) from a YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    extra = frozenset(date.fromisoformat(str(item["date"])) for item in data.get("extra") or [])
    removed = frozenset(date.fromisoformat(str(item["date"])) for item in data.get("working") or [])
    return extra, removed


@dataclass(frozen=True)
class WorkingCalendar:
    saturdays_off: frozenset[int] = frozenset({2, 4})
    extra_holidays: frozenset[date] = frozenset()
    working_despite_holiday: frozenset[date] = frozenset()
    every_day_working: bool = False

    def is_working_day(self, day: date) -> bool:
        if self.every_day_working:
            return True
        if day.weekday() == 6:
            return False
        if day.weekday() == 5 and (day.day - 1) // 7 + 1 in self.saturdays_off:
            return False
        if day in self.extra_holidays:
            return False
        return day in self.working_despite_holiday or day not in gazetted_holidays(day.year)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same time of day, `days` working days after `start`'s date (counted in India time)."""
        local = start.astimezone(IST)
        day, left = local.date(), days
        while left > 0:
            day += timedelta(days=1)
            left -= self.is_working_day(day)
        return datetime.combine(day, local.timetz()).astimezone(start.tzinfo)

    def subtract_working_days(self, end: datetime, days: int) -> datetime:
        local = end.astimezone(IST)
        day, left = local.date(), days
        while left > 0:
            day -= timedelta(days=1)
            left -= self.is_working_day(day)
        return datetime.combine(day, local.timetz()).astimezone(end.tzinfo)
