"""The breach-risk model: will a case's Action Taken Report miss its deadline (the ladder escalated it)? A logistic
regression over what is known when a case is forwarded: its category, department, office and district, channel,
emergency, weekday and month of lodging, and the office's load (cases it received in the 14 days before). Measured
on the latest fifth of the past cases after fitting on the earlier ones (AUC, Brier score, calibration by tenths),
against the office's own past breach rate as the baseline. Pure: no database."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sklearn.calibration import calibration_curve
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.pipeline import Pipeline

HELD_OUT = 0.2
IST = ZoneInfo("Asia/Kolkata")


@dataclass(frozen=True)
class Case:
    """What the model reads of one case (`breached` is None while unknown)."""

    category: str
    department: str
    office: str
    district: str
    channel: str
    emergency: bool
    lodged_at: datetime
    office_intake_14d: int
    breached: bool | None = None


def features(case: Case) -> dict:
    local = case.lodged_at.astimezone(IST)
    return {"category": case.category, "department": case.department, "office": case.office,
            "district": case.district, "channel": case.channel, "emergency": "yes" if case.emergency else "no",
            "weekday": str(local.weekday()), "month": str(local.month),
            "office_load": math.log1p(case.office_intake_14d)}


def pipeline() -> Pipeline:
    return Pipeline([("features", DictVectorizer()), ("odds", LogisticRegression(C=1.0, max_iter=2000))])


def risks(model: Pipeline, cases: list[Case]) -> list[float]:
    """The probability of a breach for each case."""
    if not cases:
        return []
    positive = list(model.classes_).index(True)
    return [float(row[positive]) for row in model.predict_proba([features(c) for c in cases])]


def _office_rates(cases: list[Case]) -> tuple[dict[str, float], float]:
    """Each office's share of breaches in `cases`, smoothed towards the overall share (10 cases' weight)."""
    overall = sum(c.breached for c in cases) / len(cases)
    seen: dict[str, list[int]] = {}
    for case in cases:
        counts = seen.setdefault(case.office, [0, 0])
        counts[0] += bool(case.breached)
        counts[1] += 1
    return {office: (b + 10 * overall) / (n + 10) for office, (b, n) in seen.items()}, overall


def _auc(labels: list[bool], scores: list[float]) -> float | None:
    return round(float(roc_auc_score(labels, scores)), 3) if len(set(labels)) == 2 else None


def train(cases: list[Case]) -> tuple[Pipeline, dict]:
    """The model fitted on every case, and its measures from one fitted on the earlier (1 - HELD_OUT) of them and
    tested on the latest (a model is always used on cases later than those it learnt from)."""
    ordered = sorted(cases, key=lambda c: c.lodged_at)
    cut = int(len(ordered) * (1 - HELD_OUT))
    earlier, later = ordered[:cut], ordered[cut:]
    labels = [bool(c.breached) for c in later]
    measured = pipeline().fit([features(c) for c in earlier], [bool(c.breached) for c in earlier])
    predicted = risks(measured, later)
    rates, overall = _office_rates(earlier)
    baseline = [rates.get(c.office, overall) for c in later]
    observed, expected = calibration_curve(labels, predicted, n_bins=10, strategy="quantile") \
        if len(set(labels)) == 2 else ([], [])
    metrics = {"auc": _auc(labels, predicted), "baseline_auc_office_rate": _auc(labels, baseline),
               "brier": round(float(brier_score_loss(labels, predicted)), 4) if later else None,
               "baseline_brier": round(float(brier_score_loss(labels, baseline)), 4) if later else None,
               "calibration": [{"predicted": round(float(p), 3), "observed": round(float(o), 3)}
                               for p, o in zip(expected, observed, strict=True)],
               "held_out": len(later), "breach_share": round(sum(labels) / len(labels), 3) if labels else None}
    return pipeline().fit([features(c) for c in ordered], [bool(c.breached) for c in ordered]), metrics
