"""Pure rules of the map: the districts' tiles, centres and populations (districts.yaml), the measures a map can
show, and the colour class of a value. No database."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

MEASURES = ("pending", "overdue", "compliance", "receipts_per_100k")
CLASSES = 5  # colour classes, 0 the best to 4 the worst
# Compliance has fixed bands around the 80 % target; counts are split in equal steps from 0 to the largest value.
COMPLIANCE_BANDS = (90.0, 80.0, 70.0, 60.0)  # at least 90: class 0, ... below 60: class 4
MAX_POINTS = 5000  # located grievances drawn at most (the latest), so a page stays small


@cache
def districts() -> dict[str, dict]:
    """{district code: {tile: [column, row], centre: [lat, long], population}}."""
    return yaml.safe_load((Path(__file__).with_name("districts.yaml")).read_text(encoding="utf-8"))


def per_100k(count: int, population: int | None) -> float | None:
    return round(100_000 * count / population, 1) if population else None


def breaks(measure: str, values: list[float]) -> list[float]:
    """The lower bounds of classes 1..4 (ascending for counts; descending for compliance)."""
    if measure == "compliance":
        return list(COMPLIANCE_BANDS)
    top = max((v for v in values if v is not None), default=0) or 1
    return [round(top * step / CLASSES, 1) for step in range(1, CLASSES)]


def colour_class(measure: str, value: float | None, bounds: list[float]) -> int | None:
    """0 (best) to 4 (worst); None when there is no value (no grievance judged, no population)."""
    if value is None:
        return None
    if measure == "compliance":
        return sum(value < bound for bound in bounds)
    return sum(value >= bound for bound in bounds) if value > 0 else 0
