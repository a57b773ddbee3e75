"""The breach-risk model is measured on cases later than those it learnt from, and learns what the office's past
rate alone cannot: here a busy office (many cases in the 14 days before) is late, a quiet one on time."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from breach_risk import model

START = datetime(2026, 1, 1, 4, 30, tzinfo=UTC)


def _cases(n: int = 1500) -> list[model.Case]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        load = rng.randrange(0, 60)
        out.append(model.Case(category=rng.choice(["A", "B"]), department="1", office=rng.choice(["1", "2", "3"]),
                              district="PUR", channel="portal", emergency=False,
                              lodged_at=START + timedelta(hours=i), office_intake_14d=load,
                              breached=load > 30 if rng.random() > 0.05 else load <= 30))
    return out


def test_it_beats_the_office_rate_on_later_cases_and_is_calibrated():
    fitted, metrics = model.train(_cases())
    assert metrics["held_out"] == 300
    assert metrics["auc"] > 0.85 > 0.6 > metrics["baseline_auc_office_rate"]
    assert metrics["brier"] < metrics["baseline_brier"]
    assert len(metrics["calibration"]) >= 5
    assert all(abs(row["predicted"] - row["observed"]) < 0.25 for row in metrics["calibration"])
    busy, quiet = model.risks(fitted, [model.Case(category="A", department="1", office="2", district="PUR",
                                                  channel="portal", emergency=False, lodged_at=START,
                                                  office_intake_14d=load) for load in (55, 2)])
    assert busy > 0.5 > quiet


def test_a_held_out_fifth_of_one_outcome_has_no_auc_rather_than_a_wrong_one():
    cases = [model.Case(category="A", department="1", office=str(i % 2), district="PUR", channel="sms",
                        emergency=False, lodged_at=START + timedelta(hours=i), office_intake_14d=1,
                        breached=i < 50) for i in range(100)]
    _fitted, metrics = model.train(cases)
    assert metrics["auc"] is None and metrics["calibration"] == []
