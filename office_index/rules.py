"""The office index's formula, pure. Each component is a share between 0 and 1 over one calendar month:

- timeliness (weight 0.4): of the grievances whose current ATR deadline falls in the month and that are judged
  (report in, or deadline past), the share whose latest report came in by that deadline (the dashboard's rule; a
  grievance reopened by an appeal carries its new deadline);
- quality (0.3): the mean of (a) the verifiers' rating of the ATRs, (mean - 1) / 4, and (b) the share of
  verifications that did not send the case back; whichever of the two the month has;
- satisfaction (0.2): the share of complainants' feedback that was satisfied;
- appeals (0.1): 1 - appeals opened / cases closed (not below 0).

Index = 100 x the weighted mean of the components the office has in the month (weights re-scaled over those), to
one decimal; an office with none has no index. Rank 1 is the highest; the trend is the change from the month
before."""
from __future__ import annotations

from dataclasses import dataclass

WEIGHTS = {"timeliness": 0.4, "quality": 0.3, "satisfaction": 0.2, "appeals": 0.1}


@dataclass
class Month:
    """One office's counts in one month."""

    judged: int = 0
    met: int = 0
    ratings: int = 0
    rating_sum: int = 0
    verified: int = 0
    sent_back: int = 0
    feedback: int = 0
    satisfied: int = 0
    closed: int = 0
    appeals: int = 0


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def components(m: Month) -> dict[str, float | None]:
    rating = (m.rating_sum / m.ratings - 1) / 4 if m.ratings else None
    kept = 1 - m.sent_back / m.verified if m.verified else None
    quality_parts = [x for x in (rating, kept) if x is not None]
    appeals = max(0.0, 1 - m.appeals / m.closed) if m.closed else None
    return {"timeliness": share(m.met, m.judged),
            "quality": sum(quality_parts) / len(quality_parts) if quality_parts else None,
            "satisfaction": share(m.satisfied, m.feedback), "appeals": appeals}


def index(parts: dict[str, float | None]) -> float | None:
    present = {k: v for k, v in parts.items() if v is not None}
    if not present:
        return None
    weight = sum(WEIGHTS[k] for k in present)
    return round(100 * sum(WEIGHTS[k] * v for k, v in present.items()) / weight, 1)
