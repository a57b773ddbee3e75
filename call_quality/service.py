"""Use cases of call-centre quality: a quality lead rates how faithfully an operator registered a grievance and may
send it back; the operator corrects category, district or text. Both are written into the case's history."""
from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import Role
from call_quality.models import LodgingReview, ReviewStatus
from case_api import service as case_service
from case_api.history import append_event
from case_api.models import CaseStatus, Channel, Grievance
from case_api.queries import find_by_reg_no
from core import clock
from core.errors import AppError
from directory import queries as directory

logger = logging.getLogger(__name__)

# Statuses in which the case has not yet been given to an office, so nothing needs re-routing.
NOT_YET_ROUTED = {CaseStatus.LODGED, CaseStatus.UNDER_REVIEW}
STAYS = ("The case stays with the office it was forwarded to, which also serves the corrected category and "
         "district.")
PAST_ROUTING = ("The case is not re-routed: its office has already reported, so the CM's grievance cell decides at "
                "verification (it may send the case back or close it).")
NOT_AT_THIS_STEP = ("The case is not re-routed: its process cannot take the correction at this step (it runs on an "
                    "earlier version of the process, or waits for the complainant). Its office can return it as "
                    "'not pertaining'.")
REPORTED = {CaseStatus.ATR_SUBMITTED, CaseStatus.CLOSED, CaseStatus.UNDER_APPEAL}


def get_call_centre_lodging(session: Session, reg_no: str) -> Grievance:
    """A grievance an operator lodged at the call centre; 404 for any other (quality leads see only those)."""
    grievance = find_by_reg_no(session, reg_no)
    if grievance is None or grievance.channel != Channel.CALL_CENTRE or grievance.lodged_by_id is None:
        raise AppError.not_found("call-centre lodging", reg_no)
    return grievance


def rate_lodging(session: Session, *, actor, reg_no: str, category_ok: bool, district_ok: bool, text_ok: bool,
                 remark: str | None = None, send_back: bool = False) -> LodgingReview:
    """A quality lead's rating of one lodging (once per lodging). A wrong fact needs a remark; only a lodging with
    something wrong may be sent back for correction."""
    if actor.role != Role.QUALITY_LEAD:
        raise AppError.forbidden("Only a quality lead rates operators' lodgings.")
    grievance = get_call_centre_lodging(session, reg_no)
    if session.scalar(select(LodgingReview.id).where(LodgingReview.grievance_id == grievance.id)):
        raise AppError.conflict("already_reviewed", f"The lodging of {reg_no} is already rated.")
    remark = (remark or "").strip() or None
    all_right = category_ok and district_ok and text_ok
    if not all_right and not remark:
        raise AppError.invalid("remark", "say what was registered wrongly")
    if send_back and all_right:
        raise AppError.invalid("send_back", "a lodging registered rightly has nothing to correct")
    now = clock.now()
    review = LodgingReview(grievance_id=grievance.id, operator_id=grievance.lodged_by_id, reviewer_id=actor.user_id,
                           lodged_at=grievance.lodged_at, reviewed_at=now, category_ok=category_ok,
                           district_ok=district_ok, text_ok=text_ok, remark=remark,
                           status=ReviewStatus.SENT_BACK if send_back else ReviewStatus.ACCEPTED)
    session.add(review)
    append_event(session, grievance_id=grievance.id, event_type="lodging_reviewed", at=now, actor=actor,
                 data={"category_ok": category_ok, "district_ok": district_ok, "text_ok": text_ok, "remark": remark,
                       "sent_back_for_correction": send_back})
    session.flush()
    return review


def _changes(session: Session, grievance: Grievance, *, category: str, district: str, description: str) -> dict:
    if directory.find_category(session, category) is None:
        raise AppError.invalid("category", f"unknown category {category!r}")
    area = directory.find_area(session, district)
    if area is None or area.kind != "district":
        raise AppError.invalid("district", f"unknown district {district!r}")
    if len(description.strip()) < 10:
        raise AppError.invalid("description", "must describe the grievance in at least 10 characters")
    wanted = {"category_code": category, "district_code": district, "description": description.strip()}
    changes = {field: {"from": getattr(grievance, field), "to": value} for field, value in wanted.items()
               if getattr(grievance, field) != value}
    if not changes:
        raise AppError.invalid("_form", "nothing was changed: correct what the quality lead found wrong")
    return changes


def correct_registration(session: Session, *, actor, review_id: int, category: str, district: str,
                         description: str) -> dict:
    """The operator corrects a lodging sent back to them. A case already with an office that no longer serves the
    corrected category or district goes to the one that does, if that office's report is still awaited
    (case_api.service.reroute_corrected); the history says what happened. Returns the changes, whether the case was
    re-routed, and a note when it was not although it was with an office."""
    review = session.get(LodgingReview, review_id)
    if (review is None or actor.role != Role.CALL_CENTRE_OPERATOR or review.operator_id != actor.user_id):
        raise AppError.not_found("correction", review_id)
    if review.status != ReviewStatus.SENT_BACK:
        raise AppError.conflict("not_sent_back", "This lodging is not waiting for a correction.")
    grievance = session.get(Grievance, review.grievance_id)
    changes = _changes(session, grievance, category=category, district=district, description=description)
    now = clock.now()
    for field, change in changes.items():
        setattr(grievance, field, change["to"])
    if "district_code" in changes:
        grievance.subdivision_code = None  # a sub-division of the district registered wrongly
    grievance.updated_at = now
    review.status, review.corrected_at = ReviewStatus.CORRECTED, now
    rerouted, note = _route_again(session, actor, grievance, changes)
    session.flush()
    logger.info("registration of %s corrected (%s)%s", grievance.reg_no, ", ".join(changes),
                ", re-routed" if rerouted else "")
    return {"reg_no": grievance.reg_no, "changed": sorted(f.removesuffix("_code") for f in changes),
            "rerouted": rerouted, "note": note}


def _record(session: Session, actor, grievance: Grievance, changes: dict, rerouted: bool, note: str | None) -> None:
    append_event(session, grievance_id=grievance.id, event_type="registration_corrected", at=clock.now(), actor=actor,
                 data={"changes": {field.removesuffix("_code"): c for field, c in changes.items()},
                       "rerouted": rerouted, "note": note})


def _route_again(session: Session, actor, grievance: Grievance, changes: dict) -> tuple[bool, str | None]:
    """Record the correction and, when the case is with an office that no longer serves its corrected category or
    district, route it again if its process still waits for that office's report. Returns (re-routed, the note
    when it stays where it is). A case not yet with an office is routed on the corrected facts anyway."""
    moved = "category_code" in changes or "district_code" in changes
    if not moved or grievance.status in NOT_YET_ROUTED:
        _record(session, actor, grievance, changes, False, None)
        return False, None
    serving, current = case_service.serving_office(session, grievance)
    if serving == current:
        _record(session, actor, grievance, changes, False, STAYS)
        return False, STAYS
    try:
        with session.begin_nested():  # the correction, then the process's new route; or neither
            _record(session, actor, grievance, changes, True, None)
            case_service.reroute_corrected(session, actor=actor, grievance=grievance)
    except AppError as refused:
        if refused.code != "not_waiting":
            raise
        note = PAST_ROUTING if grievance.status in REPORTED else NOT_AT_THIS_STEP
        _record(session, actor, grievance, changes, False, note)
        return False, note
    return True, None
