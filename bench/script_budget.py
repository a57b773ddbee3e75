"""Benchmark: what the script budgets cost per lodge, as a ratio to lodging with enforcement off, same run.

Usage: .venv/bin/python bench/script_budget.py [--cases 300] [--batch 5]
Lodges `cases` grievances with budgets enforced and `cases` with enforcement off (engine.set_script_budget
(enabled=False): the uninstrumented RestrictedPython code of before), alternating in batches so both sides see
the same database growth and machine load; compares the medians. Two more figures: one evaluation of the
grievance model's first script (what each evaluation of a lodge pays), and the worst case, a script that is
nothing but a loop (its own slowdown under instrumentation). Results go to bench/results/script_budget.json.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lifecycle import seeded_app, summary, timed  # noqa: E402
from engine import set_script_budget  # noqa: E402
from engine.scripting import HardenedEnvironment, script_engine  # noqa: E402
from tests.support.api import Api  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "script_budget.json"
LOOP = "total = 0\nfor i in range(20000):\n    total += i * 2\nwhile total > 0:\n    total = total // 2"
REGISTER = ('status = "lodged"\nescalated = False\nsend_back_count = 0\nreminder_count = 0\n'
            'routing_error = None\nsla_paused_at = None')  # the grievance model's first script


def lodge_batches(api: Api, token: str, cases: int, batch: int) -> dict[bool, list[float]]:
    times: dict[bool, list[float]] = {True: [], False: []}
    n = 0
    while len(times[True]) < cases:
        for enabled in (True, False):
            set_script_budget(enabled=enabled)
            for _ in range(batch):
                elapsed, _ = timed(api.lodge, token, mobile=f"9{n:09d}")
                times[enabled].append(elapsed)
                n += 1
    set_script_budget(enabled=True)
    return times


def script_run(script: str, rounds: int) -> dict[bool, float]:
    """Median seconds of one evaluation of `script`, budgets on and off."""
    env, times = HardenedEnvironment({}), {True: [], False: []}
    for _ in range(rounds):
        for enabled in (True, False):
            set_script_budget(enabled=enabled)
            start = time.perf_counter()
            env.execute(script, {})
            times[enabled].append(time.perf_counter() - start)
    set_script_budget(enabled=True)
    return {k: statistics.median(v) for k, v in times.items()}


def evaluations_per_lodge(api: Api, token: str) -> int:
    """How many scripts and expressions one lodge evaluates (counted on the shared environment)."""
    env = script_engine().environment
    count = [0]

    def counting(method):
        def call(*args, **kwargs):
            count[0] += 1
            return method(*args, **kwargs)
        return call

    env.execute, env.evaluate = counting(env.execute), counting(env.evaluate)
    try:
        timed(api.lodge, token, mobile="7000000000")
    finally:
        del env.execute, env.evaluate
    return count[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--batch", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        api = Api(seeded_app(tmp))
        operator = api.login("operator")
        for i in range(10):  # warm caches (parsed model, compiled scripts) outside the measurement
            timed(api.lodge, operator, mobile=f"8{i:09d}")
        lodge = lodge_batches(api, operator, args.cases, args.batch)
        evaluations = evaluations_per_lodge(api, operator)
    on, off = summary(lodge[True]), summary(lodge[False])
    loop, register = script_run(LOOP, 30), script_run(REGISTER, 2000)
    result = {"lodge_budget_on": on, "lodge_budget_off": off,
              "lodge_ratio_on_to_off": round(on["median_ms"] / off["median_ms"], 3),
              "loop_script_ms": {"on": round(loop[True] * 1000, 2), "off": round(loop[False] * 1000, 2)},
              "loop_script_ratio_on_to_off": round(loop[True] / loop[False], 2),
              "register_script_us": {"on": round(register[True] * 1e6, 1), "off": round(register[False] * 1e6, 1)},
              "evaluations_per_lodge": evaluations,
              "derived_lodge_overhead_ratio": round(
                  1 + evaluations * (register[True] - register[False]) / (off["median_ms"] / 1000), 4),
              "database": "sqlite (WAL, synchronous=FULL)", "cases_each": args.cases, "batch": args.batch}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
