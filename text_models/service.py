"""Training the text models on the grievances lodged so far, and serving their suggestions. A suggestion carries
the model's training period and measured accuracy, and is only ever shown beside a person's own choice."""
from __future__ import annotations

import io
import logging
from datetime import datetime

import joblib
from sqlalchemy import select
from sqlalchemy.orm import Session

from case_api.models import Grievance
from core import clock
from core.errors import AppError
from directory.models import Category, Department
from text_models import category
from text_models.models import TextModel

logger = logging.getLogger(__name__)
CATEGORY = "category"
MIN_CASES = 30
RETRAIN_DAYS = 7  # the periodic job's interval (jobs/periodic.py)
MAX_CASES = 200_000  # the latest; enough to learn, bounded in memory and time
_loaded: dict[tuple, object] = {}  # a model row (see fitted) -> its fitted pipeline (a row never changes)


def train_category(session: Session, *, min_cases: int = MIN_CASES) -> TextModel:
    """Fit the category model on the latest lodged cases (except "other") and store it with its measures."""
    rows = session.execute(select(Grievance.description, Grievance.category_code, Grievance.lodged_at)
                           .where(Grievance.category_code != "OTHER")
                           .order_by(Grievance.id.desc()).limit(MAX_CASES)).all()
    if len(rows) < min_cases or len({r.category_code for r in rows}) < 2:
        raise AppError.conflict("too_few_cases", f"Training needs at least {min_cases} cases in two or more "
                                                 f"categories; there are {len(rows)}.")
    fitted, metrics = category.train([r.description for r in rows], [r.category_code for r in rows])
    blob = io.BytesIO()
    joblib.dump(fitted, blob, compress=3)
    model = TextModel(kind=CATEGORY, trained_at=clock.now(), first_lodged=min(r.lodged_at for r in rows),
                      last_lodged=max(r.lodged_at for r in rows), cases=len(rows), metrics=metrics,
                      blob=blob.getvalue())
    session.add(model)
    session.flush()
    logger.info("category model %s trained on %s cases: %s", model.id, model.cases, metrics)
    return model


def latest(session: Session, kind: str) -> TextModel | None:
    return session.scalar(select(TextModel).where(TextModel.kind == kind).order_by(TextModel.id.desc()).limit(1))


def fitted(model: TextModel):
    key = (model.id, model.kind, model.trained_at, model.cases, len(model.blob))  # one process, several databases
    if key not in _loaded:
        _loaded[key] = joblib.load(io.BytesIO(model.blob))
    return _loaded[key]


def about(model: TextModel) -> dict:
    return {"trained_at": model.trained_at, "first_lodged": model.first_lodged, "last_lodged": model.last_lodged,
            "cases": model.cases, "accuracy_top1": model.metrics["top1"], "accuracy_top3": model.metrics["top3"],
            "baseline_top1": model.metrics["baseline_top1"]}


def suggest_category(session: Session, description: str, k: int = 3) -> dict:
    """The `k` likeliest categories for `description`, each with its department and confidence; 409 when no
    model has been trained yet."""
    model = latest(session, CATEGORY)
    if model is None:
        raise AppError.conflict("no_model", "No category model has been trained yet: run `flask models train`.")
    [ranked] = category.top(fitted(model), [description], k=k)
    names = {c.code: (c, d) for c, d in session.execute(
        select(Category, Department).join(Department, Department.id == Category.department_id)
        .where(Category.code.in_([code for code, _p in ranked])))}
    suggestions = [{"category": code, "category_name": names[code][0].name, "category_name_bn": names[code][0].name_bn,
                    "department": names[code][1].code, "department_name": names[code][1].name,
                    "confidence": round(p, 3)} for code, p in ranked if code in names]
    return {"suggestions": suggestions, "model": about(model)}


def describe(model: TextModel) -> str:
    m = model.metrics
    return (f"model {model.id}: {model.cases} cases lodged {model.first_lodged:%Y-%m-%d} to "
            f"{model.last_lodged:%Y-%m-%d}; top-1 {m['top1']:.1%}, top-3 {m['top3']:.1%} on {m['held_out']} held-out "
            f"cases (always the commonest category: {m['baseline_top1']:.1%})")


def trained_recently(session: Session, since: datetime, kind: str = CATEGORY) -> bool:
    model = latest(session, kind)
    return model is not None and model.trained_at >= since
