"""Pure rules: what one grievance adds to each summary row, and the deadline buckets. No I/O.

A grievance's contribution is a function of its counted columns alone (`Snapshot`); a change moves every count
by contribution(after) - contribution(before), so the counts equal a direct count whatever the path taken.
The definitions are the dashboard's (analytics/queries.py): pending = not closed; the ATR is in when the status
is atr_submitted or closed; met = a deadline, the ATR in, and the latest ATR (else the closure) by it. A member of
an accepted mass grievance adds nothing: the group is counted once, as its parent case.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CLOSED = "closed"
ATR_SUBMITTED = "atr_submitted"
ATR_IN = (ATR_SUBMITTED, CLOSED)
IST = ZoneInfo("Asia/Kolkata")
DAY_SECONDS = 86_400
BLOCK_DAYS = 32
SPANS = (1, BLOCK_DAYS)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ALL_DISTRICTS = ""  # district_code of the department-wide deadline rows
NO_DEPARTMENT = 0   # department_id of grievances not routed yet

TRACKED = ("department_id", "district_code", "status", "is_escalated", "sla_due_at", "last_atr_at", "closed_at",
           "lodged_at", "category_code", "office_id", "mass_parent_id")
CASE_MEASURES = ("received", "pending", "escalated", "redressed", "reported", "met")
DUE_MEASURES = ("awaiting", "reported")
DAY_MEASURES = ("received", "disposed")
AGE_MEASURES = ("pending",)
# Per office and calendar month in India: the deadlines falling in it (`due`, of which the latest ATR is in:
# `reported`, by the deadline: `met`), then what the history events of the month add (case_counts/events.py).
OFFICE_MEASURES = ("due", "reported", "met", "verified", "sent_back", "rated", "rating_sum", "feedback",
                   "satisfied", "closed", "appeals")
ISSUE_MEASURES = ("verifications",)
TABLES = {"case_count": CASE_MEASURES, "case_due_count": DUE_MEASURES, "case_day_count": DAY_MEASURES,
          "case_age_count": AGE_MEASURES, "office_case_count": CASE_MEASURES, "office_due_count": DUE_MEASURES,
          "office_month_count": OFFICE_MEASURES,
          "office_month_issue": ISSUE_MEASURES}
NO_OFFICE = 0  # office_id of grievances not forwarded to an office yet


@dataclass(frozen=True)
class Snapshot:
    """The columns of a grievance the counts depend on."""

    department_id: int | None
    district_code: str
    status: str
    is_escalated: bool | None
    sla_due_at: datetime | None
    last_atr_at: datetime | None
    closed_at: datetime | None
    lodged_at: datetime
    category_code: str = ""
    office_id: int | None = None
    mass_parent_id: int | None = None


def day_number(moment: datetime) -> int:
    """Whole UTC days since 1970-01-01."""
    return int((moment - EPOCH).total_seconds() // DAY_SECONDS)


def day_start(day: int) -> datetime:
    return EPOCH + timedelta(days=day)


def ist_day(moment: datetime) -> date:
    return moment.astimezone(IST).date()


def india_midnight(day: date) -> datetime:
    """The moment a calendar day begins in India."""
    return datetime.combine(day, time.min, IST)


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) of the days `first` to `last` (both included) in India."""
    return india_midnight(first), india_midnight(last + timedelta(days=1))


def ist_month(moment: datetime) -> date:
    """The first day of the calendar month in India holding `moment`."""
    return ist_day(moment).replace(day=1)


def office_vector(**measures: int) -> tuple[int, ...]:
    return tuple(measures.get(name, 0) for name in OFFICE_MEASURES)


def month_span(month: date) -> tuple[date, date]:
    """The first and last day of the calendar month holding `month`."""
    first = month.replace(day=1)
    return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _case_vector(s: Snapshot) -> tuple[int, ...]:
    pending = s.status != CLOSED
    reported = s.sla_due_at is not None and s.status in ATR_IN
    reported_at = s.last_atr_at or s.closed_at
    met = reported and reported_at is not None and reported_at <= s.sla_due_at
    return (1, int(pending), int(pending and bool(s.is_escalated)), int(not pending), int(reported), int(met))


def contributions(s: Snapshot) -> dict[tuple[str, tuple], tuple[int, ...]]:
    """{(table, primary key): measures} this grievance adds to the summary rows."""
    if s.mass_parent_id is not None:
        return {}
    department, office = s.department_id or NO_DEPARTMENT, s.office_id or NO_OFFICE
    out = {("case_count", (department, s.district_code)): _case_vector(s),
           ("office_case_count", (office,)): _case_vector(s)}
    if s.status != CLOSED and s.sla_due_at is not None:
        day = day_number(s.sla_due_at)
        vector = (0, 1) if s.status == ATR_SUBMITTED else (1, 0)
        for district in (ALL_DISTRICTS, s.district_code):
            out[("case_due_count", (department, 1, day, district))] = vector
            out[("case_due_count", (department, BLOCK_DAYS, day // BLOCK_DAYS, district))] = vector
        out[("office_due_count", (office, 1, day))] = vector
        out[("office_due_count", (office, BLOCK_DAYS, day // BLOCK_DAYS))] = vector
    if s.status != CLOSED:  # pending by the day it was lodged: the MIS's ageing
        out[("case_age_count", (department, s.district_code, ist_day(s.lodged_at)))] = (1,)
    if s.sla_due_at is not None:  # the office index's timeliness, by the month the deadline falls in
        met = s.last_atr_at is not None and s.last_atr_at <= s.sla_due_at
        out[("office_month_count", (office, ist_month(s.sla_due_at)))] = office_vector(
            due=1, reported=int(s.last_atr_at is not None), met=int(met))
    lodged = ("case_day_count", (department, s.district_code, s.category_code or "", ist_day(s.lodged_at)))
    out[lodged] = (1, 0)
    if s.closed_at is not None:
        closed = ("case_day_count", (department, s.district_code, s.category_code or "", ist_day(s.closed_at)))
        out[closed] = (1, 1) if closed == lodged else (0, 1)
    return out


Deltas = dict[tuple[str, tuple], list[int]]


def add_change(deltas: Deltas, before: Snapshot | None, after: Snapshot | None) -> None:
    """Accumulate into `deltas` what a grievance going from `before` to `after` changes (None: absent)."""
    for sign, snapshot in ((-1, before), (1, after)):
        if snapshot is not None:
            accumulate(deltas, contributions(snapshot), sign)


def accumulate(deltas: Deltas, found: dict[tuple[str, tuple], tuple[int, ...]], sign: int = 1) -> None:
    """Add `sign` x each contribution in `found` to `deltas`."""
    for key, vector in found.items():
        row = deltas.setdefault(key, [0] * len(vector))
        for i, value in enumerate(vector):
            row[i] += sign * value


def by_table(deltas: Deltas) -> dict[str, list[tuple[tuple, list[int]]]]:
    """Non-zero deltas per table, sorted by key (rows are locked in the same order by every transaction)."""
    tables: dict[str, list] = defaultdict(list)
    for (table, key), vector in sorted(deltas.items(), key=lambda item: (item[0][0], item[0][1])):
        if any(vector):
            tables[table].append((key, vector))
    return tables
