"""Pure SLA arithmetic: deadline and reminder point of an ATR from the policy table."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import yaml


@dataclass(frozen=True)
class ServiceLevel:
    atr_hours: int
    remind_before_hours: int

    def deadline(self, start: datetime) -> datetime:
        return start + timedelta(hours=self.atr_hours)

    def reminder(self, start: datetime) -> datetime:
        return self.deadline(start) - timedelta(hours=min(self.remind_before_hours, self.atr_hours - 1))


@dataclass(frozen=True)
class Policy:
    levels: dict[str, ServiceLevel]

    def level(self, priority: str) -> ServiceLevel:
        if priority not in self.levels:
            raise ValueError(f"no service level for priority {priority!r}")
        return self.levels[priority]


def load_policy(path: Path) -> Policy:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    levels = {name: ServiceLevel(int(v["atr_hours"]), int(v["remind_before_hours"]))
              for name, v in data["priorities"].items()}
    for name, level in levels.items():
        if level.atr_hours < 1 or level.remind_before_hours < 0:
            raise ValueError(f"service level {name}: hours must be positive")
    return Policy(levels)


def sla_colour(now: datetime, remind_at: datetime | None, due_at: datetime | None) -> str:
    """green while on time, amber once the reminder point has passed, red when overdue."""
    if due_at is not None and now >= due_at:
        return "red"
    if remind_at is not None and now >= remind_at:
        return "amber"
    return "green"
