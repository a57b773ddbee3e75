"""ATR quality per office in a period: the ATRs submitted, how the verifiers rated them and what they found wrong,
and the signs of boilerplate (atr_quality/rules.py). Read from the history events of the period (an index on
event type and time, migration 0018)."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from atr_quality import rules
from case_api.models import CaseEvent, Grievance
from case_counts.rules import period_bounds
from directory.models import Office


@dataclass
class OfficeQuality:
    office_code: str
    office_name: str
    atrs: int = 0
    short: int = 0
    not_pertaining: int = 0
    repeated: int = 0
    with_a_sign: int = 0
    ratings: list[int] = field(default_factory=list)
    issues: Counter = field(default_factory=Counter)

    @property
    def mean_rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 1) if self.ratings else None

    @property
    def flagged(self) -> bool:
        return rules.is_flagged(self.atrs, self.with_a_sign)


def events_in(session: Session, event_type: str, first: date, last: date, department_id: int | None):
    """(grievance id, office code, office name, data) of the events of one type in the period."""
    start, end = period_bounds(first, last)
    stmt = (select(CaseEvent.grievance_id, Office.code, Office.name, CaseEvent.data)
            .join(Grievance, Grievance.id == CaseEvent.grievance_id)
            .join(Office, Office.id == Grievance.office_id)
            .where(CaseEvent.event_type == event_type, CaseEvent.at >= start, CaseEvent.at < end)
            .order_by(CaseEvent.at.desc()))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    for grievance_id, code, name, data in session.execute(stmt):
        yield grievance_id, code, name, json.loads(data or "{}")


def by_office(session: Session, *, first: date, last: date, department_id: int | None = None) -> list[OfficeQuality]:
    """Every office with an ATR or a verification in the period: flagged ones first, then by ATRs."""
    offices: dict[str, OfficeQuality] = {}
    texts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    signs: dict[str, set[int]] = defaultdict(set)
    for case, code, name, data in events_in(session, "atr_submitted", first, last, department_id):
        office = offices.setdefault(code, OfficeQuality(code, name))
        office.atrs += 1
        text = str(data.get("action_taken") or "")
        index = office.atrs - 1  # the latest first: the sample compared pairwise is the first SAMPLE
        if index < rules.SAMPLE:
            texts[code].append((case, text))
        if rules.is_short(text):
            office.short += 1
            signs[code].add(index)
        if data.get("outcome") == "not_pertaining":
            office.not_pertaining += 1
            signs[code].add(index)
    for code, office in offices.items():
        twins = rules.near_twins(texts[code])
        office.repeated = len(twins)
        office.with_a_sign = len(signs[code] | twins)
    for _case, code, name, data in events_in(session, "complainant_verified", first, last, department_id):
        office = offices.setdefault(code, OfficeQuality(code, name))
        if isinstance(data.get("atr_rating"), int):
            office.ratings.append(data["atr_rating"])
        if data.get("atr_issue") and data["atr_issue"] != "none":
            office.issues[data["atr_issue"]] += 1
    return sorted(offices.values(), key=lambda o: (not o.flagged, -o.atrs, o.office_name))
