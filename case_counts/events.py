"""Pure rules: what one history event adds to the offices' monthly rows, and what the ATR-quality report keeps of
each Action Taken Report. No I/O.

History events are only ever appended, so an event's contribution is added once, when it is written, to the office
that holds the case then (the office that wrote the ATR, or whose ATR was verified, closed or appealed against).
"""
from __future__ import annotations

from datetime import datetime

from atr_quality import rules as atr_rules
from case_counts import rules

KINDS = ("atr_submitted", "complainant_verified", "feedback_received", "case_closed", "appeal_opened")
NO_ISSUE = "none"


def contributions(event_type: str, data: dict, office_id: int | None,
                  at: datetime) -> dict[tuple[str, tuple], tuple[int, ...]]:
    """{(table, primary key): measures} the event adds (nothing for kinds the offices' rows do not count)."""
    office, month = office_id or rules.NO_OFFICE, rules.ist_month(at)
    key = (office, month)
    if event_type == "complainant_verified":
        rating = data.get("atr_rating")
        rated = isinstance(rating, int) and not isinstance(rating, bool)
        out = {("office_month_count", key): rules.office_vector(
            verified=1, sent_back=int(data.get("decision") == "send_back"), rated=int(rated),
            rating_sum=rating if rated else 0)}
        issue = data.get("atr_issue")
        if issue and issue != NO_ISSUE:
            out[("office_month_issue", (office, month, str(issue)[:40]))] = (1,)
        return out
    if event_type == "feedback_received":
        return {("office_month_count", key): rules.office_vector(feedback=1,
                                                                  satisfied=int(bool(data.get("is_satisfied"))))}
    if event_type == "case_closed":
        return {("office_month_count", key): rules.office_vector(closed=1)}
    if event_type == "appeal_opened":
        return {("office_month_count", key): rules.office_vector(appeals=1)}
    return {}


def atr_digest(data: dict, grievance_id: int, office_id: int | None, at: datetime) -> dict:
    """The ATR-quality report's row for an atr_submitted event: its words as a template keeps them and its signs."""
    text = str(data.get("action_taken") or "")
    return {"grievance_id": grievance_id, "at": at, "office_id": office_id or rules.NO_OFFICE,
            "month": rules.ist_month(at), "words": atr_rules.normalised(text)[:2000],
            "short": atr_rules.is_short(text), "not_pertaining": data.get("outcome") == "not_pertaining"}


def add(deltas: rules.Deltas, event_type: str, data: dict, office_id: int | None, at: datetime) -> None:
    rules.accumulate(deltas, contributions(event_type, data, office_id, at))
