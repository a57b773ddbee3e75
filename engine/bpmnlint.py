"""bpmnlint on the server: the editor's rules (the project's .bpmnlintrc) run by node on the diagrams of a deploy,
so the editor and the server agree. Skipped (with a log line) where node or the npm packages are not installed;
our own rules (engine/lint.py) always run."""
from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from engine.definitions import Problem

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".bpmnlintrc"
RUNNER = ROOT / "scripts" / "bpmnlint-json.cjs"
TIMEOUT_SECONDS = 20
_SEVERITY = {"error": "error", "warn": "warning", "warning": "warning", "info": "warning"}


def available() -> bool:
    return bool(shutil.which("node")) and (ROOT / "node_modules" / "bpmnlint").is_dir() and CONFIG.is_file()


def lint(diagrams: dict[str, str]) -> list[Problem]:
    """bpmnlint's reports on each diagram as Problems with the element id (its "warn" is our "warning")."""
    if not diagrams:
        return []
    if not available():
        logger.info("bpmnlint skipped: node or node_modules/bpmnlint is not installed")
        return []
    with tempfile.TemporaryDirectory(prefix="bpmnlint-") as tmp:
        paths = {}
        for index, (name, text) in enumerate(sorted(diagrams.items())):
            path = Path(tmp) / f"{index}.bpmn"  # the model's own names never reach the file system
            path.write_text(text, encoding="utf-8")
            paths[str(path)] = name
        reports = _run([str(CONFIG), *paths])
    if reports is None:
        return [Problem("", "bpmnlint could not check the diagrams this time; the server's own rules did",
                        severity="warning")]
    return [Problem(paths[path], f"{r['message']} (bpmnlint: {r['rule']})" if r.get("rule") else r["message"],
                    r.get("id") or "", severity=_SEVERITY.get(r.get("category"), "error"))
            for path, found in reports.items() if path in paths for r in found]


def _run(args: list[str]) -> dict | None:
    try:
        done = subprocess.run(["node", str(RUNNER), *args], capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              cwd=ROOT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.warning("bpmnlint did not finish: %s", exc)
        return None
    if done.returncode != 0:
        logger.warning("bpmnlint failed (exit %s): %s", done.returncode, done.stderr[-2000:])
        return None
    try:
        return json.loads(done.stdout)
    except ValueError:
        logger.warning("bpmnlint answered with something other than JSON: %s", done.stdout[:500])
        return None
