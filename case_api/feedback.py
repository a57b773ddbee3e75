"""The complainant's feedback after closure; "not satisfied" reopens the case as an appeal to the head of the
department (the next level above the office that acted), as CPGRAMS does. One appeal per grievance."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

import engine
from accounts.models import Role
from case_api.history import append_event
from case_api.models import CaseStatus, Grievance
from case_api.process_data import APPEAL_PROCESS, appeal_start_data
from case_api.queries import get_visible
from core import clock
from core.errors import AppError

FEEDBACK_WINDOW = timedelta(days=30)
MAX_APPEALS = 1
# The complainant gives feedback; an operator who lodged for them (taking it by phone), or the CMO cell's
# feedback call, may record it only on the complainant's explicit behalf, and the history says so.
ON_BEHALF = {Role.CALL_CENTRE_OPERATOR, Role.SERVICE_CENTRE_OPERATOR, Role.CMO_CELL}
GIVERS = {Role.CITIZEN} | ON_BEHALF


def _check_may_give(actor, grievance: Grievance, now, on_behalf: bool) -> None:
    if actor.role not in GIVERS:
        raise AppError.forbidden("Feedback comes from the complainant, or from the operator who lodged the "
                                 "grievance or the CMO cell on the complainant's explicit behalf.")
    if actor.role in ON_BEHALF and not on_behalf:
        raise AppError.forbidden("Feedback is the complainant's: record it only as told by the complainant, "
                                 "with on_behalf_of_complainant set to true.")
    if actor.role == Role.CITIZEN and on_behalf:
        raise AppError.invalid("on_behalf_of_complainant", "a complainant gives their own feedback")
    if grievance.status != CaseStatus.CLOSED:
        raise AppError.conflict("not_closed", f"Grievance {grievance.reg_no} is not closed; feedback comes after "
                                              "closure.")
    if grievance.feedback_at and grievance.feedback_at >= grievance.closed_at:
        raise AppError.conflict("feedback_given", f"Feedback on grievance {grievance.reg_no} was already given.")
    if now > grievance.closed_at + FEEDBACK_WINDOW:
        raise AppError.conflict("feedback_window_closed", f"Feedback and appeals are taken within "
                                                          f"{FEEDBACK_WINDOW.days} days of closure.")


def _open_appeal(session: Session, grievance: Grievance, *, actor, rating: int, comment: str | None) -> None:
    grievance.appeal_count += 1
    grievance.remind_at = None  # the ATR's reminder point; an appeal has its own deadline only
    instance = engine.start(session, process_id=APPEAL_PROCESS, actor=actor, business_key=grievance.reg_no,
                            data=appeal_start_data(session, grievance, rating=rating, comment=comment))
    grievance.instance_id = instance.id


def give_feedback(session: Session, *, actor, reg_no: str, is_satisfied: bool, rating: int,
                  comment: str | None = None, on_behalf_of_complainant: bool = False) -> dict:
    """Record the feedback in the case's history; a first "not satisfied" opens the appeal in the same
    transaction. Returns what happened, for the complainant to read."""
    grievance = get_visible(session, actor, reg_no)
    now = clock.now()
    _check_may_give(actor, grievance, now, on_behalf_of_complainant)
    grievance.feedback_rating, grievance.is_satisfied, grievance.feedback_at = rating, is_satisfied, now
    append_event(session, grievance_id=grievance.id, event_type="feedback_received", at=now, actor=actor,
                 data={"is_satisfied": is_satisfied, "rating": rating, "comment": comment or "",
                       "given_by": "operator_on_behalf_of_complainant" if on_behalf_of_complainant
                       else "complainant"})
    appealed = not is_satisfied and grievance.appeal_count < MAX_APPEALS
    if appealed:
        _open_appeal(session, grievance, actor=actor, rating=rating, comment=comment)
    return {"reg_no": grievance.reg_no, "status": grievance.status, "is_satisfied": is_satisfied, "rating": rating,
            "appeal_opened": appealed, "appeal_due_at": grievance.sla_due_at if appealed else None}
