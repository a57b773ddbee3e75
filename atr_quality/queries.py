"""ATR quality per office in a month: the ATRs submitted, how the verifiers rated them and what they found wrong,
and the signs of boilerplate (atr_quality/rules.py). Read from each ATR's digest row and the offices' monthly
summary rows (case_counts), written with the history events: a month's report never reads the history."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from atr_quality import rules
from case_counts.models import AtrDigest, OfficeMonthCount, OfficeMonthIssue
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
    rated: int = 0
    rating_sum: int = 0
    issues: Counter = field(default_factory=Counter)

    @property
    def mean_rating(self) -> float | None:
        return round(self.rating_sum / self.rated, 1) if self.rated else None

    @property
    def flagged(self) -> bool:
        return rules.is_flagged(self.atrs, self.with_a_sign)


def _in_view(stmt, model, department_id: int | None):
    if department_id is None:
        return stmt
    return stmt.join(Office, Office.id == model.office_id).where(Office.department_id == department_id)


def _atr_signs(session: Session, month: date, department_id: int | None) -> dict[int, OfficeQuality]:
    offices: dict[int, OfficeQuality] = {}
    texts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    signs: dict[int, set[int]] = defaultdict(set)
    stmt = (select(AtrDigest.office_id, AtrDigest.grievance_id, AtrDigest.words, AtrDigest.short,
                   AtrDigest.not_pertaining).where(AtrDigest.month == month).order_by(AtrDigest.at.desc()))
    for office_id, case, words, short, not_pertaining in session.execute(_in_view(stmt, AtrDigest, department_id)):
        office = offices.setdefault(office_id, OfficeQuality("", ""))
        index = office.atrs  # the latest first: the sample compared pairwise is the first SAMPLE
        office.atrs += 1
        if index < rules.SAMPLE:
            texts[office_id].append((case, words))
        office.short += short
        office.not_pertaining += not_pertaining
        if short or not_pertaining:
            signs[office_id].add(index)
    for office_id, office in offices.items():
        twins = rules.near_twins(texts[office_id])
        office.repeated = len(twins)
        office.with_a_sign = len(signs[office_id] | twins)
    return offices


def by_office(session: Session, *, month: date, department_id: int | None = None) -> list[OfficeQuality]:
    """Every office with an ATR or a verification in the month: flagged ones first, then by ATRs."""
    month = month.replace(day=1)
    offices = _atr_signs(session, month, department_id)
    verified = (select(OfficeMonthCount.office_id, OfficeMonthCount.rated, OfficeMonthCount.rating_sum)
                .where(OfficeMonthCount.month == month, OfficeMonthCount.verified > 0))
    for office_id, rated, rating_sum in session.execute(_in_view(verified, OfficeMonthCount, department_id)):
        office = offices.setdefault(office_id, OfficeQuality("", ""))
        office.rated, office.rating_sum = rated, rating_sum
    issues = (select(OfficeMonthIssue.office_id, OfficeMonthIssue.issue, OfficeMonthIssue.verifications)
              .where(OfficeMonthIssue.month == month, OfficeMonthIssue.verifications > 0))
    for office_id, issue, count in session.execute(_in_view(issues, OfficeMonthIssue, department_id)):
        offices.setdefault(office_id, OfficeQuality("", "")).issues[issue] += count
    if offices:
        for office_id, code, name in session.execute(select(Office.id, Office.code, Office.name)
                                                     .where(Office.id.in_(offices))):
            offices[office_id].office_code, offices[office_id].office_name = code, name
    return sorted((o for o in offices.values() if o.office_code), key=lambda o: (not o.flagged, -o.atrs, o.office_name))
