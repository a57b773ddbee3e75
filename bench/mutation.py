"""Mutation testing of the modules that guard access, history, SLA, timers, outbox, intake and attachments.

    .venv/bin/python bench/mutation.py [--minutes 60 | --until 00:35] [--max-children 2] [PATTERN ...]
    .venv/bin/python bench/mutation.py --report-only [--earlier bench/results/mutation-earlier.json]

mutmut (the `mutation` extra, pinned in pyproject.toml, which also lists the files mutated and the fast test
subset: SQLite, no browser) runs each mutant only against the tests that reach the mutated function, of its
group's test files below, cheapest first, at the lowest priority (`nice -n 19`); a mutant checked in an
earlier run is not run again (delete mutants/ to start afresh). The run is bounded: at the deadline mutmut is
stopped and whatever was not checked is reported as such. PATTERNs are mutmut mutant names (e.g.
'intake.regno.*', re-run even if checked). The score per module, every survivor with its diff, and the reason a
survivor was left (bench/mutation_survivors.json) are written to
bench/results/mutation.json. Never part of `make test`: it takes most of an hour on two cores.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "mutation.json"
REASONS = ROOT / "bench" / "mutation_survivors.json"
MUTMUT = ROOT / ".venv" / "bin" / "mutmut"
DETECTED = {"killed", "timeout", "caught by type check", "segfault"}
STATS = ROOT / "mutants" / "mutmut-stats.json"

UNIT, ACCESS, CASES = "tests/unit/", "tests/integration/test_access.py", "tests/integration/case_api/"
LADDER = ("tests/integration/escalation_rules/test_ladder.py",
          "tests/integration/escalation_rules/test_clarification_pause.py",
          "tests/integration/escalation_rules/test_policy_changes.py")
INTAKE = ("tests/integration/intake/", "tests/integration/directory/test_blocks.py",
          "tests/integration/test_registration_and_api_doc.py", ACCESS,
          "tests/integration/test_bad_input.py", "tests/integration/open311/test_lodging.py",
          "tests/integration/open311/test_phone_optional.py",
          "tests/integration/attachments/test_uploads.py",
          "tests/integration/escalation_rules/test_clarification_pause.py")
# In priority order: (modules, the test files that may kill their mutants). mutmut runs, of these, only the
# tests that reached the mutated function in its coverage pass (pyproject.toml leaves out a few slow tests).
GROUPS = [
    (("case_api.access", "accounts.rules", "worklists.queries"),
     (UNIT, ACCESS, "tests/integration/test_worklist_filters.py", "tests/integration/test_concurrency.py",
      "tests/integration/case_api/test_tracking_and_masking.py", CASES + "test_access_mutants.py",
      CASES + "test_worklist_mutants.py", "tests/integration/attachments/", "tests/integration/open311/test_privacy.py",
      LADDER[0], "tests/integration/worklists/", "tests/integration/mass_grievances/",
      "tests/integration/breach_risk/", "tests/integration/mis/test_district_collector.py")),
    (("case_api.history",), ("tests/integration/case_api/test_history_chain.py", CASES + "test_history_mutants.py",
                             "tests/integration/test_concurrency.py", "tests/integration/test_lifecycle.py",
                             "tests/integration/engine/test_statements_per_request.py", LADDER[1],
                             "tests/integration/processes/test_replay.py")),
    (("attachments.rules", "attachments.service"), ("tests/integration/attachments/",)),
    (("intake.regno", "intake.duplicates"), INTAKE),
    (("notifications.service",), ("tests/integration/notifications/", ACCESS,
                                   "tests/integration/open311/test_phone_optional.py")),
    (("engine.sweep", "engine.timers"), ("tests/integration/engine/", "tests/integration/incidents/", *LADDER)),
    (("escalation_rules.calendar", "escalation_rules.rules"),
     (UNIT, *LADDER, "tests/integration/escalation_rules/test_department_calendars.py",
      "tests/integration/open311/test_standard_fields.py", CASES + "test_feedback_and_appeal.py",
      "tests/integration/escalation_rules/test_sla_mutants.py")),
    (("intake.service",), INTAKE),
]


def build_template(folder: Path) -> Path:
    """One migrated, seeded SQLite template from the unmutated code, cloned by every mutant's tests
    (seeding takes seconds; doing it once per mutant would take most of the budget)."""
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from bootstrap.seed import seed_base, seed_demo_users
    from core import clock
    from core.db import transaction
    from migrations import upgrade
    from tests.conftest import START, _settings

    path = folder / "template.db"
    upgrade(f"sqlite:///{path}")
    app = create_app(_settings(f"sqlite:///{path}"))
    with clock.frozen(START), app.app_context(), transaction() as session:
        seed_base(session, settings=app.extensions["settings"])
        seed_demo_users(session)
    app.extensions["db"].dispose()
    return path


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run_mutmut(patterns: list[str], *, deadline: datetime, max_children: int, env: dict, log: Path,
               until_stats: bool = False) -> bool:
    """Run mutmut (lowest priority) until it is done or the deadline passes; True if it finished on its own.
    With `until_stats`, stop it once it has generated the mutants and recorded which tests reach what."""
    command = ["nice", "-n", "19", str(MUTMUT), "run", "--max-children", str(max_children), *patterns]
    with log.open("a") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        while process.poll() is None:
            if datetime.now(UTC) >= deadline or (until_stats and STATS.exists()):
                _stop(process)
                return until_stats and STATS.exists()
            time.sleep(2)
    return process.returncode == 0


def _module_of(function: str) -> str:
    return function.rsplit(".x", 1)[0]


def prune_stats() -> None:
    """Keep, for each mutated function, only the tests of its group's files (mutmut then runs just those)."""
    files_of = {module: tests for modules, tests in GROUPS for module in modules}
    stats = json.loads(STATS.read_text())
    for function, tests in stats["tests_by_mangled_function_name"].items():
        allowed = files_of.get(_module_of(function), ())
        stats["tests_by_mangled_function_name"][function] = [t for t in tests if t.startswith(allowed)]
    STATS.write_text(json.dumps(stats))


def unchecked(modules: list[str]) -> list[str]:
    """Names of the mutants of `modules` without a result yet (mutmut re-runs every mutant it is named)."""
    names = []
    for meta in (ROOT / "mutants").rglob("*.py.meta"):
        names += [name for name, code in json.loads(meta.read_text())["exit_code_by_key"].items()
                  if code is None and _module_of(name.rsplit("__mutmut_", 1)[0]) in modules]
    return sorted(names)


def run_all(*, deadline: datetime, max_children: int, template: Path, patterns: list[str]) -> bool:
    """One mutmut run over every mutant not yet checked (or just `patterns`), cheapest first, until the
    deadline; True if it got through all of them."""
    env = {**os.environ, "GRIEVANCE_TEST_TEMPLATE": str(template), "GRIEVANCE_TEST_BACKEND": "sqlite"}
    log = ROOT / "var" / "mutmut.log"
    log.unlink(missing_ok=True)
    if not STATS.exists() and not run_mutmut(["none.*"], deadline=deadline, max_children=max_children, env=env,
                                             log=log, until_stats=True):
        return False
    names = patterns or unchecked([module for modules, _ in GROUPS for module in modules])
    if not names:
        return True
    # A first, one-mutant run records which tests written since the last run reach what; then prune those too.
    first = next((name for name in names if name.startswith("attachments.rules.")), names[0])  # quick tests
    prune_stats()
    run_mutmut([first], deadline=deadline, max_children=max_children, env=env, log=log)
    prune_stats()
    rest = [name for name in names if name != first]
    return not rest or run_mutmut(rest, deadline=deadline, max_children=max_children, env=env, log=log)


def _status_names() -> dict:
    from mutmut.stats import status_by_exit_code

    return status_by_exit_code


def module_results(files: list[str]) -> dict[str, dict[str, str]]:
    """{file: {mutant name: status}} from mutmut's per-file records in mutants/."""
    statuses = _status_names()
    out = {}
    for file in files:
        meta = ROOT / "mutants" / f"{file}.meta"
        codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
        out[file] = {name: statuses[code] for name, code in codes.items()}
    return out


def diff_of(name: str) -> str:
    shown = subprocess.run([str(MUTMUT), "show", name], cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = [line for line in shown.stdout.splitlines() if line.startswith(("+", "-")) and
             not line.startswith(("+++", "---"))]
    return "\n".join(lines)


def reason_for(name: str, reasons: dict[str, str]) -> str:
    """The note on a survivor: by its exact name, else by the first glob matching it
    (e.g. 'case_api.history.x__digest*', 'engine.timers.x_fired_timer_due__mutmut_3[67]')."""
    if name in reasons:
        return reasons[name]
    return next((why for pattern, why in reasons.items() if set(pattern) & set("*?[") and fnmatch(name, pattern)),
                "not yet analysed")


def summary(results: dict[str, dict[str, str]], reasons: dict[str, str]) -> dict:
    modules, survivors = {}, []
    for file, by_name in results.items():
        counts: dict[str, int] = {}
        for status in by_name.values():
            counts[status] = counts.get(status, 0) + 1
        checked = sum(n for status, n in counts.items() if status != "not checked")
        detected = sum(counts.get(status, 0) for status in DETECTED)
        modules[file] = {"mutants": len(by_name), "checked": checked, "detected": detected, **counts,
                         "score": round(detected / checked, 3) if checked else None}
        for name, status in sorted(by_name.items()):
            if status in ("survived", "no tests", "suspicious", "timeout"):
                survivors.append({"mutant": name, "file": file, "status": status,
                                  "reason": reason_for(name, reasons)})
    with ThreadPoolExecutor(4) as pool:
        for survivor, diff in zip(survivors, pool.map(diff_of, [s["mutant"] for s in survivors]), strict=True):
            survivor["diff"] = diff
    checked = sum(m["checked"] for m in modules.values())
    detected = sum(m["detected"] for m in modules.values())
    return {"modules": modules, "total": {"mutants": sum(m["mutants"] for m in modules.values()),
                                          "checked": checked, "detected": detected,
                                          "score": round(detected / checked, 3) if checked else None},
            "survivors": survivors}


def carry_earlier(report: dict, earlier: dict, reasons: dict[str, str]) -> None:
    """Modules this mutants/ has not checked at all are reported from an earlier run's report, marked with that
    run's start, their survivors' notes looked up again (a survivor since noted as equivalent says so)."""
    when = earlier.get("started", "an earlier run")
    for file, module in report["modules"].items():
        previous = earlier.get("modules", {}).get(file)
        if module["checked"] or not previous:
            module.setdefault("from", "this run")
            if previous:
                module["earlier_run"] = {k: previous.get(k) for k in ("checked", "detected", "score")}
            continue
        report["modules"][file] = {**previous, "from": previous.get("from", f"earlier run started {when}")}
        report["survivors"] += [{**s, "reason": reason_for(s["mutant"], reasons), "from": f"earlier run started {when}"}
                                for s in earlier.get("survivors", []) if s["file"] == file]
    checked = sum(m["checked"] for m in report["modules"].values())
    detected = sum(m["detected"] for m in report["modules"].values())
    report["total"] = {"mutants": sum(m["mutants"] for m in report["modules"].values()), "checked": checked,
                       "detected": detected, "score": round(detected / checked, 3) if checked else None}


def count_equivalents(report: dict) -> None:
    """Per module, how many survivors and timeouts are noted as equivalent (no behaviour differs), and the score
    over the mutants that are not: killed / (checked - equivalent)."""
    for file, module in report["modules"].items():
        equivalent = sum(1 for s in report["survivors"] if s["file"] == file and s["reason"].startswith("equivalent"))
        real = module["checked"] - equivalent
        module["equivalent"] = equivalent
        module["score_without_equivalent"] = round(module.get("killed", 0) / real, 3) if real else None
        # A mutant that only ran out of mutmut's CPU allowance is not known to be caught (on a loaded machine
        # survivors that run every test do); this score counts killed mutants alone.
        module["score_killed_only"] = round(module.get("killed", 0) / module["checked"], 3) if module["checked"] \
            else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("patterns", nargs="*", help="mutmut mutant names or globs (default: every mutant)")
    parser.add_argument("--minutes", type=float, default=60, help="stop mutmut after this long (default 60)")
    parser.add_argument("--until", help="stop mutmut at this UTC time, HH:MM (overrides --minutes)")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--report-only", action="store_true", help="only rewrite the report from mutants/")
    parser.add_argument("--earlier", type=Path, help="an earlier run's report: modules not checked in mutants/ "
                                                     "are reported from it, marked with its date")
    args = parser.parse_args()
    started = datetime.now(UTC)
    deadline = started + timedelta(minutes=args.minutes)
    if args.until:
        hour, minute = map(int, args.until.split(":"))
        deadline = started.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if deadline <= started:
            deadline += timedelta(days=1)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    finished = None
    if not args.report_only:
        with tempfile.TemporaryDirectory(prefix="mutation-") as folder:
            template = build_template(Path(folder))
            finished = run_all(deadline=deadline, max_children=args.max_children, template=template,
                                  patterns=args.patterns)
    reasons = json.loads(REASONS.read_text()) if REASONS.exists() else {}
    report = {"tool": "mutmut 3.8.1", "command": " ".join(["bench/mutation.py", *sys.argv[1:]]),
              "started": started.isoformat(timespec="seconds"),
              "ended": datetime.now(UTC).isoformat(timespec="seconds"),
              "finished_before_deadline": finished, "patterns": args.patterns or ["*"],
              "tests": config["pytest_add_cli_args_test_selection"],
              "score_means": "detected (killed or timed out) / checked; 'not checked' were not reached in time; "
                             "score_killed_only = killed / checked (a timeout is not counted as caught: on a loaded "
                             "machine a survivor that runs every test can run out of mutmut's CPU allowance); "
                             "score_without_equivalent = killed / (checked - survivors and timeouts noted as "
                             "equivalent); timeouts are listed with the survivors",
              **summary(module_results(config["only_mutate"]), reasons)}
    if args.earlier:
        carry_earlier(report, json.loads(args.earlier.read_text()), reasons)
    count_equivalents(report)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({"total": report["total"], "modules": {
        k: (v["score"], v["score_without_equivalent"], v["from"] if "from" in v else "this run")
        for k, v in report["modules"].items()}}, indent=2))


if __name__ == "__main__":
    main()
