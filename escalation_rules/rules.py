"""Pure SLA arithmetic: the policy table (per priority, overridable per category) applied on a calendar."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from escalation_rules.calendar import IST, WorkingCalendar

DEFAULT_APPEAL_DECISION = {"hours": 720}


@dataclass(frozen=True)
class Span:
    """A length of time: working days (calendar-aware) or clock time (emergencies)."""

    working_days: int = 0
    hours: float = 0

    @classmethod
    def from_dict(cls, data: dict) -> Span:
        return cls(working_days=int(data.get("working_days", 0)),
                   hours=float(data.get("hours", 0)) + float(data.get("minutes", 0)) / 60)

    def after(self, start: datetime, calendar: WorkingCalendar) -> datetime:
        return calendar.add_working_days(start, self.working_days) + timedelta(hours=self.hours)

    def before(self, end: datetime, calendar: WorkingCalendar) -> datetime:
        return calendar.subtract_working_days(end, self.working_days) - timedelta(hours=self.hours)


@dataclass(frozen=True)
class ServiceLevel:
    deadline: Span
    remind_before: Span

    def due(self, start: datetime, calendar: WorkingCalendar) -> datetime:
        return self.deadline.after(start, calendar)

    def reminder(self, start: datetime, calendar: WorkingCalendar) -> datetime:
        """The reminder point, never earlier than the start itself."""
        return max(self.remind_before.before(self.due(start, calendar), calendar), start + timedelta(minutes=1))


@dataclass(frozen=True)
class Policy:
    """A validated policy document (see escalation_rules/schemas.py), ready to answer questions."""

    version: int
    body: dict

    def level(self, priority: str, category: str | None = None) -> ServiceLevel:
        spec = (self.body.get("categories", {}).get(category or "", {}).get(priority)
                or self.body["priorities"].get(priority))
        if spec is None:
            raise ValueError(f"no service level for priority {priority!r}")
        return ServiceLevel(Span.from_dict(spec["deadline"]), Span.from_dict(spec.get("remind_before", {})))

    def escalation_at(self, level: str, due: datetime, department: str | None = None) -> datetime:
        """When an unanswered case reaches `level` of the ladder, its ATR having been due at `due`."""
        calendar, at = self.calendar(department), due
        for name, step in self.body["ladder"].items():
            at = Span.from_dict(step["after"]).after(at, calendar)
            if name == level:
                return at
        raise ValueError(f"{level!r} is not a level of the escalation ladder")

    def clarification_due(self, start: datetime, department: str | None = None) -> datetime:
        return Span.from_dict(self.body["clarification_wait"]).after(start, self.calendar(department))

    def appeal_due(self, start: datetime, department: str | None = None) -> datetime:
        """When an appeal must be decided (30 days unless the policy says otherwise, as CPGRAMS does)."""
        span = self.body.get("appeal_decision") or DEFAULT_APPEAL_DECISION
        return Span.from_dict(span).after(start, self.calendar(department))

    def shifted(self, moment: datetime, paused_at: datetime, now: datetime, department: str | None = None) -> datetime:
        """`moment` moved later by the time the SLA was paused, onto a working day of the department."""
        calendar, moved = self.calendar(department), moment + (now - paused_at)
        while not calendar.is_working_day(moved.astimezone(IST).date()):
            moved += timedelta(days=1)
        return moved

    def calendar(self, department: str | None = None) -> WorkingCalendar:
        cal = self.body.get("calendar", {})
        dept = cal.get("departments", {}).get(department or "", {})
        return _calendar(frozenset(cal.get("saturdays_off", [2, 4])), bool(dept.get("every_day_working")),
                         frozenset(_dates(cal.get("extra_holidays", [])) | _dates(dept.get("extra_holidays", []))),
                         frozenset(_dates(cal.get("working_days", []))))


def _dates(items) -> set:
    from datetime import date

    return {date.fromisoformat(str(item["date"] if isinstance(item, dict) else item)) for item in items or []}


_calendars: dict = {}


def _calendar(saturdays, every_day, extra, working) -> WorkingCalendar:
    key = (saturdays, every_day, extra, working)
    if key not in _calendars:
        _calendars[key] = WorkingCalendar(saturdays_off=saturdays, every_day_working=every_day,
                                          extra_holidays=extra, working_despite_holiday=working)
    return _calendars[key]


def sla_colour(now: datetime, remind_at: datetime | None, due_at: datetime | None, escalated: bool = False) -> str:
    """green while on time, amber once the reminder point has passed, red when overdue or escalated (the sweep may
    have fired the escalation by a later clock, `timers run --as-of`: the ladder's word counts, not the wall clock)."""
    if escalated or (due_at is not None and now >= due_at):
        return "red"
    if remind_at is not None and now >= remind_at:
        return "amber"
    return "green"
