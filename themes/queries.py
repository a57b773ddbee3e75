"""A month's themes for a department (or the whole state): the grievances lodged in the month grouped by their
text (themes/rules.py), each theme with its size, the size the month before had in it, its top districts and
example cases."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from case_api.models import Grievance
from case_counts.rules import month_span, period_bounds
from directory.models import Area
from themes import rules


@dataclass
class Theme:
    """One theme (`words` empty and `other` set for the grievances like no theme)."""

    words: list[str]
    size: int
    before: int
    districts: list[tuple[str, int]]
    examples: list[tuple[str, str]]
    other: bool = False

    @property
    def change(self) -> int:
        return self.size - self.before


def _lodged(session: Session, month: date, department_id: int | None) -> list[tuple[str, str, str]]:
    """(registration number, district, description) of the month's latest grievances, at most MAX_TEXTS."""
    first, last = month_span(month)
    start, end = period_bounds(first, last)
    stmt = (select(Grievance.reg_no, Grievance.district_code, Grievance.description)
            .where(Grievance.lodged_at >= start, Grievance.lodged_at < end)
            .order_by(Grievance.lodged_at.desc()).limit(rules.MAX_TEXTS))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    return [tuple(row) for row in session.execute(stmt)]


def month_themes(session: Session, *, month: date, department_id: int | None = None) -> tuple[list[Theme], int]:
    """The month's themes, largest first, and how many grievances were grouped."""
    cases = _lodged(session, month, department_id)
    if len(cases) < 2:
        return [], len(cases)
    labels, grouping = rules.group([text for _reg, _district, text in cases])
    previous = _lodged(session, month_span(month)[0] - timedelta(days=1), department_id)
    before = Counter(grouping.assign([text for _reg, _district, text in previous]))
    names = {code: name for code, name in session.execute(select(Area.code, Area.name).where(Area.kind == "district"))}
    themes = []
    for theme in [*range(grouping.kmeans.n_clusters), rules.OTHER]:
        members = [case for case, label in zip(cases, labels, strict=True) if label == theme]
        if not members:
            continue
        districts = Counter(district for _reg, district, _text in members).most_common(3)
        themes.append(Theme(grouping.names[theme] if theme != rules.OTHER else [], len(members), before.get(theme, 0),
                            [(names.get(code, code), count) for code, count in districts],
                            [(reg, text[:160]) for reg, _district, text in members[:3]], theme == rules.OTHER))
    return sorted(themes, key=lambda t: (t.other, -t.size, t.words)), len(cases)

