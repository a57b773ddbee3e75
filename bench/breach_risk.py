"""Benchmark: the SLA breach-risk model on two synthetic years of finished grievances (no real case history is in
the repository).

Each case gets an office (of 300, each with its own diligence), a category (each with its own difficulty), a
district, a channel, an emergency flag and a lodging time; its chance of missing the ATR deadline rises with the
office's laxity, the category's difficulty and the office's load in the 14 days before (bursts during campaigns),
is higher for cases lodged on a Friday or Saturday (the weekend eats the days) and in the Puja month, lower for
emergencies. The true chances give the best AUC any model could reach (oracle). The model
(breach_risk/model.py) is fitted on the earlier 80 % and measured on the latest 20 %: AUC, Brier score and
calibration by tenths, against the office's own past breach rate. Results go to
bench/results/breach_risk.json.

Usage: .venv/bin/python bench/breach_risk.py [--n 60000]
"""
from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from breach_risk import model  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "breach_risk.json"
START = datetime(2024, 1, 1, 4, 30, tzinfo=UTC)
DAYS = 730


def synthetic(n: int, seed: int = 11) -> tuple[list[model.Case], list[float]]:
    """The cases and each one's true chance of a breach (for the best AUC any model could reach)."""
    rng = random.Random(seed)
    offices = {f"office{i}": (rng.gauss(-1.2, 0.9), f"D{i % 23}", f"dept{i % 40}") for i in range(300)}
    categories = {f"cat{i}": rng.gauss(0.0, 0.6) for i in range(25)}
    burst = {office: rng.randrange(DAYS) for office in offices}  # one campaign burst per office
    raw = []
    for _ in range(n):
        office = rng.choice(list(offices))
        day = burst[office] + rng.randrange(-7, 8) if rng.random() < 0.15 else rng.randrange(DAYS)
        at = START + timedelta(days=min(max(day, 0), DAYS - 1), minutes=rng.randrange(600))
        raw.append((office, rng.choice(list(categories)), at, rng.random() < 0.05,
                    rng.choice(["portal", "call_centre", "service_centre", "sms", "api"])))
    times: dict[str, list[datetime]] = defaultdict(list)
    for office, _cat, at, _e, _c in raw:
        times[office].append(at)
    for values in times.values():
        values.sort()
    cases, truth = [], []
    for office, cat, at, emergency, channel in raw:
        load = bisect.bisect_left(times[office], at) - bisect.bisect_left(times[office], at - timedelta(days=14))
        laxity, district, department = offices[office]
        local = at + timedelta(hours=5, minutes=30)
        logit = (laxity + categories[cat] + 0.45 * math.log1p(load) - 0.9 + (0.5 if local.weekday() in (4, 5) else 0)
                 + (0.6 if local.month == 10 else 0) - (0.8 if emergency else 0))
        chance = 1 / (1 + math.exp(-logit))
        breached = rng.random() < chance
        truth.append(chance)
        cases.append(model.Case(category=cat, department=department, office=office, district=district,
                                channel=channel, emergency=emergency, lodged_at=at, office_intake_14d=load,
                                breached=breached))
    return cases, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=60_000)
    args = parser.parse_args()
    cases, truth = synthetic(args.n)
    order = sorted(range(len(cases)), key=lambda i: cases[i].lodged_at)[int(len(cases) * (1 - model.HELD_OUT)):]
    oracle = model.roc_auc_score([cases[i].breached for i in order], [truth[i] for i in order])
    started = time.perf_counter()
    fitted, metrics = model.train(cases)
    trained_s = time.perf_counter() - started
    started = time.perf_counter()
    model.risks(fitted, cases[:10_000])
    scored_s = time.perf_counter() - started
    result = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "cases": args.n,
              "command": f".venv/bin/python bench/breach_risk.py --n {args.n}",
              "train_seconds_twice": round(trained_s, 2), "score_10000_seconds": round(scored_s, 3),
              "oracle_auc_true_chances": round(float(oracle), 3), **metrics}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "calibration"}, indent=2))
    for row in metrics["calibration"]:
        print(f"  predicted {row['predicted']:.2f}  observed {row['observed']:.2f}")


if __name__ == "__main__":
    main()
