"""Read side of call-centre quality: the random sample of lodgings to rate, one lodging with its call and review,
the operator's corrections to make, and operators' weekly scores."""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import Role, User
from accounts.rules import mask_mobile
from call_quality.calls import find_call
from call_quality.models import CallRecord, LodgingReview, ReviewStatus
from call_quality.rules import IST, weekly_scores
from call_quality.service import get_call_centre_lodging
from case_api.models import Channel, Grievance
from core import clock
from core.errors import AppError
from directory import queries as directory


def _lead_only(actor) -> None:
    if actor.role != Role.QUALITY_LEAD:
        raise AppError.forbidden("Only a quality lead samples and rates operators' lodgings.")


def _names(session: Session) -> tuple[dict, dict]:
    return ({c.code: {"en": c.name, "bn": c.name_bn} for c in directory.list_categories(session)},
            {a.code: {"en": a.name, "bn": a.name_bn} for a in directory.list_districts(session)})


def _operator_names(session: Session, ids) -> dict[int, str]:
    ids = set(ids)
    return {u.id: u.full_name for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


def sample_lodgings(session: Session, actor, *, days: int = 7, per_operator: int = 5) -> list[dict]:
    """Per operator, a random sample of their call-centre lodgings of the last `days` days not yet rated. The draw
    is fixed for a quality lead, a day and the sample's size, so reloading the page shows the same sample."""
    _lead_only(actor)
    now = clock.now()
    rated = select(LodgingReview.grievance_id)
    rows = session.execute(select(Grievance.id, Grievance.lodged_by_id).where(
        Grievance.channel == Channel.CALL_CENTRE, Grievance.lodged_by_id.is_not(None),
        Grievance.lodged_at >= now - timedelta(days=days), Grievance.id.not_in(rated)).order_by(Grievance.id)).all()
    by_operator: dict[int, list[int]] = {}
    for grievance_id, operator_id in rows:
        by_operator.setdefault(operator_id, []).append(grievance_id)
    draw = random.Random(f"{actor.user_id}:{now.astimezone(IST).date()}:{days}:{per_operator}")
    chosen = {op: sorted(draw.sample(ids, min(per_operator, len(ids)))) for op, ids in sorted(by_operator.items())}
    wanted = [gid for ids in chosen.values() for gid in ids]
    grievances = {g.id: g for g in session.scalars(select(Grievance).where(Grievance.id.in_(wanted)))} if wanted else {}
    calls = {c.grievance_id: c for c in session.scalars(select(CallRecord).where(CallRecord.grievance_id.in_(wanted)))}
    names, categories_districts = _operator_names(session, chosen), _names(session)
    return [{"operator_id": op, "operator": names.get(op, ""), "lodged": len(by_operator[op]),
             "items": [_row(grievances[gid], calls.get(gid), *categories_districts) for gid in ids]}
            for op, ids in chosen.items()]


def _row(grievance: Grievance, call: CallRecord | None, categories: dict, districts: dict) -> dict:
    return {"reg_no": grievance.reg_no, "lodged_at": grievance.lodged_at,
            "category": grievance.category_code, "category_name": categories.get(grievance.category_code),
            "district": grievance.district_code, "district_name": districts.get(grievance.district_code),
            "has_call": call is not None}


def get_lodging(session: Session, actor, reg_no: str) -> dict:
    """One call-centre lodging as the quality lead rates it: what was registered, the call, any review."""
    _lead_only(actor)
    grievance = get_call_centre_lodging(session, reg_no)
    call = find_call(session, grievance.id)
    review = session.scalar(select(LodgingReview).where(LodgingReview.grievance_id == grievance.id))
    return {**_row(grievance, call, *_names(session)), "description": grievance.description,
            "complainant_name": grievance.complainant_name, "mobile": mask_mobile(grievance.mobile),
            "operator": _operator_names(session, [grievance.lodged_by_id]).get(grievance.lodged_by_id, ""),
            "call_reference": call.call_reference if call else None,
            "has_recording": bool(call and call.recording_sha256), "review": _review(review)}


def _review(review: LodgingReview | None) -> dict | None:
    if review is None:
        return None
    return {"id": review.id, "category_ok": review.category_ok, "district_ok": review.district_ok,
            "text_ok": review.text_ok, "remark": review.remark, "status": review.status,
            "score": round(review.score, 3), "reviewed_at": review.reviewed_at, "corrected_at": review.corrected_at}


def list_corrections(session: Session, actor) -> list[dict]:
    """The operator's lodgings a quality lead sent back, with what was found wrong and the values as registered."""
    if actor.role != Role.CALL_CENTRE_OPERATOR:
        raise AppError.forbidden("Corrections are made by the call-centre operator who lodged the grievance.")
    rows = session.execute(select(LodgingReview, Grievance).join(Grievance, Grievance.id == LodgingReview.grievance_id)
                           .where(LodgingReview.operator_id == actor.user_id,
                                  LodgingReview.status == ReviewStatus.SENT_BACK)
                           .order_by(LodgingReview.reviewed_at, LodgingReview.id)).all()
    categories, districts = _names(session)
    return [{**_row(grievance, None, categories, districts), "description": grievance.description,
             "review": _review(review)} for review, grievance in rows]


def get_correction(session: Session, actor, review_id: int) -> dict:
    found = [c for c in list_corrections(session, actor) if c["review"]["id"] == review_id]
    if not found:
        raise AppError.not_found("correction", review_id)
    return found[0]


def list_sent_back(session: Session, actor, *, days: int = 30) -> list[dict]:
    """Lodgings the quality lead sent back in the last `days` days, newest first: still waiting or corrected."""
    _lead_only(actor)
    rows = session.execute(select(LodgingReview, Grievance.reg_no)
                           .join(Grievance, Grievance.id == LodgingReview.grievance_id)
                           .where(LodgingReview.status.in_([ReviewStatus.SENT_BACK, ReviewStatus.CORRECTED]),
                                  LodgingReview.reviewed_at >= clock.now() - timedelta(days=days))
                           .order_by(LodgingReview.reviewed_at.desc(), LodgingReview.id.desc())).all()
    names = _operator_names(session, [review.operator_id for review, _reg_no in rows])
    return [{"reg_no": reg_no, "operator": names.get(review.operator_id, ""), **_review(review)}
            for review, reg_no in rows]


def operator_scores(session: Session, actor, *, weeks: int = 12) -> dict:
    """Each operator's mean score per week of lodging over the last `weeks` weeks (1 = all three facts right)."""
    _lead_only(actor)
    since = clock.now() - timedelta(weeks=weeks)
    reviews = list(session.scalars(select(LodgingReview).where(LodgingReview.lodged_at >= since)))
    table = weekly_scores([(r.operator_id, r.lodged_at, r.score) for r in reviews])
    names = _operator_names(session, table)
    all_weeks = sorted({week for per_week in table.values() for week in per_week})
    return {"weeks": all_weeks,
            "operators": [{"operator_id": op, "operator": names.get(op, ""),
                           "weeks": [{"week": week, "reviews": n, "score": round(score, 3)}
                                     for week, (n, score) in per_week.items()]}
                          for op, per_week in sorted(table.items(), key=lambda item: names.get(item[0], ""))]}


def recording_of(session: Session, actor, reg_no: str) -> CallRecord:
    """The call recording of a lodging, for quality leads and the operator who lodged it."""
    grievance = get_call_centre_lodging(session, reg_no)
    call = find_call(session, grievance.id)
    allowed = actor.role == Role.QUALITY_LEAD or (actor.role == Role.CALL_CENTRE_OPERATOR
                                                  and grievance.lodged_by_id == actor.user_id)
    if not allowed or call is None or not call.recording_sha256:
        raise AppError.not_found("recording", reg_no)
    return call
