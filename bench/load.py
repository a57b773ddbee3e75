"""Load benchmark: 8 concurrent clients lodge grievances against gunicorn (4 workers) + PostgreSQL for 60 s.

Usage: .venv/bin/python bench/load.py [--clients 8] [--seconds 60] [--workers 4] [--against CHECKOUT --rounds 2]
Needs PostgreSQL (scripts/ensure_services.sh). Uses a throwaway database, migrated and seeded, and a gunicorn
on a free loopback port. Reports lodges/s, p50/p99 latency, and checks that the number of grievances in the
database equals the number of 201 responses. Results: bench/results/load.json.

`--against` measures another checkout of the project too (e.g. `git worktree add /tmp/old <commit>`, with
var/services.env copied in), alternating with this one `--rounds` times, so both meet the same machine load; the
report gives every run of each and the ratio of their medians.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, make_url, text  # noqa: E402

from tests.fixtures.databases import _admin_url  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "load.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(checkout: Path, env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=checkout, env=env,
                          check=True, capture_output=True, text=True).stdout.strip()


def seed_accounts(checkout: Path, env: dict) -> None:
    """Master data and demo accounts; older checkouts know no --demo-cases and seed demo cases too (counted out)."""
    try:
        flask(checkout, env, "seed", "--demo", "--demo-cases", "0")
    except subprocess.CalledProcessError:
        flask(checkout, env, "seed", "--demo")


def describe(checkout: Path) -> str:
    return subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=checkout, capture_output=True,
                          text=True).stdout.strip()[:100]


def client_loop(url: str, token: str, deadline: float, n: int, out: list, lock: threading.Lock) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    mine, i = [], 0
    while time.monotonic() < deadline:
        body = {"complainant_name": f"Load client {n}", "mobile": f"98{n:02d}{i % 1_000_000:06d}",
                "district": "PUR", "category": "FOOD_RATION_CARD",
                "description": "Ration card application pending at the block office since March."}
        start = time.perf_counter()
        status = session.post(url, json=body, timeout=30).status_code
        mine.append((status, time.perf_counter() - start))
        i += 1
    with lock:
        out.extend(mine)


def measure(checkout: Path, args) -> dict:
    """One run: a fresh database and a gunicorn serving `checkout`'s code, `args.clients` clients lodging."""
    admin_url = make_url(_admin_url())
    name = f"grievance_bench_{uuid.uuid4().hex[:6]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = admin_url.set(database=name).render_as_string(hide_password=False)
    env = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "bench", "LOG_FORMAT": "plain"}
    server = None
    try:
        flask(checkout, env, "db", "upgrade")
        seed_accounts(checkout, env)
        token = flask(checkout, env, "accounts", "token", "operator").splitlines()[-1]
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--bind",
                                   f"127.0.0.1:{port}", "app:create_app()"], cwd=checkout, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        with create_engine(db_url).connect() as conn:
            seeded = conn.scalar(text("SELECT count(*) FROM grievance"))
        results: list = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client_loop, args=(f"{base}/api/v1/grievances", token, deadline, n,
                                                             results, lock)) for n in range(args.clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        created = [lat for status, lat in results if status == 201]
        with create_engine(db_url).connect() as conn:
            in_db = conn.scalar(text("SELECT count(*) FROM grievance")) - seeded
        latencies = sorted(created)
        return {
            "clients": args.clients, "gunicorn_workers": args.workers, "seconds": round(elapsed, 1),
            "responses_201": len(created), "other_responses": len(results) - len(created),
            "grievances_in_db": in_db, "db_matches_201s": in_db == len(created),
            "lodges_per_second": round(len(created) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000, 1),
            "database": "postgresql", "machine": f"{os.cpu_count()} cores",
        }
    finally:
        if server:
            server.terminate()
            server.wait(timeout=20)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--against", type=Path, help="another checkout to measure alternately in the same run")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not args.against:
        report = measure(ROOT, args)
    else:
        runs: dict[Path, list] = {args.against: [], ROOT: []}
        for _ in range(args.rounds):
            for checkout, results in runs.items():
                results.append(measure(checkout, args))
        rates = {checkout: [r["lodges_per_second"] for r in results] for checkout, results in runs.items()}
        report = {**runs[ROOT][-1], "runs": rates[ROOT],
                  "against": {"code": describe(args.against), "runs": rates[args.against],
                              "every_201_in_db": all(r["db_matches_201s"] for r in runs[args.against])},
                  "every_201_in_db": all(r["db_matches_201s"] for r in runs[ROOT]),
                  "ratio_of_medians": round(statistics.median(rates[ROOT]) / statistics.median(rates[args.against]),
                                            2)}
        report["code"] = describe(ROOT)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
