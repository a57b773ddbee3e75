"""Training the breach-risk model on past cases and scoring the open ones. A case's label is whether the ladder
escalated it (its ATR deadline lapsed); it is known once the deadline passed, an ATR came or the case closed. The
periodic job retrains weekly and rescores every open case hourly; worklists and the dashboard read the scores."""
from __future__ import annotations

import bisect
import io
import logging
from collections import defaultdict
from datetime import datetime, timedelta

import joblib
from sqlalchemy import delete, false, func, or_, select
from sqlalchemy.orm import Session

from breach_risk import model as risk_model
from breach_risk.models import HIGH, BreachRisk
from case_api.models import CaseStatus, Grievance
from core import clock
from core.errors import AppError
from text_models.models import TextModel
from text_models.service import fitted, latest

logger = logging.getLogger(__name__)
KIND = "breach_risk"
MIN_CASES = 50
MAX_CASES = 300_000
LOAD_WINDOW = timedelta(days=14)
_COLUMNS = (Grievance.id, Grievance.category_code, Grievance.department_id, Grievance.office_id,
            Grievance.district_code, Grievance.channel, Grievance.is_emergency, Grievance.lodged_at,
            Grievance.is_escalated)


def _intake(session: Session, rows) -> dict[int, list[datetime]]:
    """Lodging times of every case of the rows' offices from LOAD_WINDOW before the first row, sorted per office."""
    if not rows:
        return {}
    since = min(r.lodged_at for r in rows) - LOAD_WINDOW
    times: dict[int, list[datetime]] = defaultdict(list)
    for office_id, at in session.execute(select(Grievance.office_id, Grievance.lodged_at).where(
            Grievance.office_id.in_({r.office_id for r in rows}), Grievance.lodged_at >= since)):
        times[office_id].append(at)
    for values in times.values():
        values.sort()
    return times


def _cases(session: Session, rows, *, labelled: bool) -> list[risk_model.Case]:
    intake = _intake(session, rows)

    def load(row) -> int:
        times = intake.get(row.office_id, [])
        return bisect.bisect_left(times, row.lodged_at) - bisect.bisect_left(times, row.lodged_at - LOAD_WINDOW)
    return [risk_model.Case(category=r.category_code, department=str(r.department_id), office=str(r.office_id),
                            district=r.district_code, channel=r.channel, emergency=r.is_emergency,
                            lodged_at=r.lodged_at, office_intake_14d=load(r),
                            breached=bool(r.is_escalated) if labelled else None) for r in rows]


def train(session: Session, *, now: datetime | None = None, min_cases: int = MIN_CASES) -> TextModel:
    """Fit on the latest past cases whose outcome is known and store the model with its measures."""
    now = now or clock.now()
    known = or_(Grievance.is_escalated, Grievance.last_atr_at.is_not(None), Grievance.status == CaseStatus.CLOSED,
                Grievance.sla_due_at < now)
    rows = session.execute(select(*_COLUMNS).where(Grievance.office_id.is_not(None), known)
                           .order_by(Grievance.id.desc()).limit(MAX_CASES)).all()
    if len(rows) < min_cases or len({r.is_escalated for r in rows}) < 2:
        raise AppError.conflict("too_few_cases", f"The breach-risk model needs at least {min_cases} finished cases, "
                                                 f"some late and some on time; there are {len(rows)}.")
    fitted_model, metrics = risk_model.train(_cases(session, rows, labelled=True))
    blob = io.BytesIO()
    joblib.dump(fitted_model, blob, compress=3)
    row = TextModel(kind=KIND, trained_at=now, first_lodged=min(r.lodged_at for r in rows),
                    last_lodged=max(r.lodged_at for r in rows), cases=len(rows), metrics=metrics,
                    blob=blob.getvalue())
    session.add(row)
    session.flush()
    logger.info("breach-risk model %s trained on %s cases: AUC %s", row.id, row.cases, metrics["auc"])
    return row


def score_open(session: Session, *, now: datetime | None = None) -> int:
    """Score every open case still within its deadline with the newest model (replacing the earlier scores);
    cases already escalated need no forecast. Returns how many were scored (0 without a model)."""
    trained = latest(session, KIND)
    session.execute(delete(BreachRisk))
    if trained is None:
        return 0
    now = now or clock.now()
    rows = session.execute(select(*_COLUMNS).where(
        Grievance.status != CaseStatus.CLOSED, Grievance.office_id.is_not(None), Grievance.is_escalated == false(),
        Grievance.sla_due_at > now)).all()
    scores = risk_model.risks(fitted(trained), _cases(session, rows, labelled=False))
    session.add_all([BreachRisk(grievance_id=r.id, risk=round(p, 4), scored_at=now, model_id=trained.id)
                     for r, p in zip(rows, scores, strict=True)])
    session.flush()
    return len(rows)


def risks_of(session: Session, grievance_ids: list[int]) -> dict[int, float]:
    if not grievance_ids:
        return {}
    return dict(session.execute(select(BreachRisk.grievance_id, BreachRisk.risk)
                                .where(BreachRisk.grievance_id.in_(grievance_ids))).all())


def likely_late_ids():
    """A select of the open cases scored HIGH or above (for a list's filter)."""
    return select(BreachRisk.grievance_id).where(BreachRisk.risk >= HIGH)


def forecast(session: Session, *, department_id: int | None = None, district: str | None = None) -> dict | None:
    """How many open cases (of a department and district, or all) are likely to be late, with the model's measured
    AUC; None before any model is trained."""
    trained = latest(session, KIND)
    if trained is None:
        return None
    stmt = select(func.count()).select_from(BreachRisk).where(BreachRisk.risk >= HIGH)
    if department_id is not None or district is not None:
        stmt = stmt.join(Grievance, Grievance.id == BreachRisk.grievance_id)
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    if district is not None:
        stmt = stmt.where(Grievance.district_code == district)
    return {"likely_late": session.scalar(stmt), "auc": trained.metrics.get("auc"), "trained_at": trained.trained_at,
            "threshold": HIGH}


def describe(row: TextModel) -> str:
    m = row.metrics
    return (f"breach-risk model {row.id}: {row.cases} finished cases lodged {row.first_lodged:%Y-%m-%d} to "
            f"{row.last_lodged:%Y-%m-%d}; on the latest {m['held_out']}: AUC {m['auc']} (office's past rate alone "
            f"{m['baseline_auc_office_rate']}), Brier {m['brier']} (baseline {m['baseline_brier']}), "
            f"{m['breach_share']:.0%} late")
