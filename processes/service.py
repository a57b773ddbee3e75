"""Use cases of process owners: see the versions, check and deploy an edited model, move running cases to a version.

An edit names only the files it adds or replaces; the latest version's other files (the forms in particular) are
carried over unchanged, so an edited diagram never loses the forms its tasks point to.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

import engine
from accounts.auth import Actor
from core.errors import AppError
from processes import replay
from processes.replay import CaseChoice

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Validation:
    ok: bool
    problems: list[engine.Problem]


def actor_label(actor: Actor) -> str:
    """How a deployment records who made it (the same form as SLA policy versions)."""
    return f"{actor.role}:{actor.user_id} {actor.name}"


def list_processes(session: Session) -> list[dict]:
    """Every process with its versions, newest first, and how many open cases run on each version."""
    out = []
    for summary in engine.list_models(session):
        row = asdict(summary)
        row["open_by_version"] = {str(v.version): v.open_instances for v in summary.versions}
        out.append(row)
    return out


def get_version(session: Session, *, process_id: str, version: int | None = None) -> engine.ModelVersion:
    """One version's files; the latest when `version` is None."""
    return engine.get_model(session, process_id, version)


def model_files(session: Session, *, process_id: str, files: dict[str, str]) -> dict[str, str]:
    """The complete file set of an edit: the latest version's files, with those sent added or replaced."""
    latest = engine.get_model(session, process_id)
    return {**latest.files, **files}


def validate_model(session: Session, *, process_id: str, files: dict[str, str]) -> Validation:
    problems = engine.validate_files(process_id, model_files(session, process_id=process_id, files=files))
    return Validation(ok=not problems, problems=problems)


class InvalidEdit(AppError):
    """A refused deployment: 422 problem+json whose `errors` are keyed `file#element_id` (or the file), with the
    problems themselves kept for the editor to mark on the diagram."""

    def __init__(self, problems: list[engine.Problem]):
        fields: dict[str, list[str]] = {}
        for problem in problems:
            key = f"{problem.file}#{problem.element_id}" if problem.element_id else (problem.file or "model")
            fields.setdefault(key, []).append(problem.message if problem.line is None
                                              else f"line {problem.line}: {problem.message}")
        super().__init__(422, "invalid_process_model",
                         f"The process model has {len(problems)} problem(s): {problems[0].message}", fields)
        self.problems = problems


class ReplayRefused(AppError):
    """A refused deployment: replay on recent cases found errors and no reason was given. 422 whose body carries
    the report (`replay`) and the failing elements as problems, for the editor to mark."""

    def __init__(self, report: dict, problems: list[engine.Problem]):
        first = report["errors"][0]
        super().__init__(422, "replay_errors",
                         f"Replayed on {report['cases_replayed']} recent cases, the edit fails on "
                         f"{report['outcomes']['error']}: {first['element_id']}: {first['message']}. Fix the model, "
                         "or give a reason (override_reason) to deploy it anyway.",
                         {"override_reason": ["required to deploy a model that fails on recent cases"]},
                         extra={"replay": report})
        self.report, self.problems = report, problems


def _complete_valid(session: Session, process_id: str, files: dict[str, str]) -> dict[str, str]:
    complete = model_files(session, process_id=process_id, files=files)
    problems = engine.validate_files(process_id, complete)
    if problems:
        raise InvalidEdit(problems)
    return complete


def replay_model(session: Session, *, process_id: str, files: dict[str, str], choice: CaseChoice) -> dict:
    """Run the edit on recent real cases (nothing is kept) and report what would change; 422 if it is invalid."""
    return replay.replay_files(session, process_id=process_id, files=_complete_valid(session, process_id, files),
                               choice=choice)


def _file_of(element_id: str | None, files: dict[str, str]) -> str:
    return next((name for name, text in sorted(files.items()) if element_id and f'id="{element_id}"' in text), "")


def _replay_gate(session: Session, process_id: str, complete: dict[str, str], override_reason: str | None) -> dict:
    """Replay the edit on the recent cases; refuse when it errors on any of them, unless a reason is given."""
    report = replay.replay_files(session, process_id=process_id, files=complete, choice=CaseChoice())
    if report["outcomes"]["error"] and not (override_reason or "").strip():
        problems = [engine.Problem(_file_of(e["element_id"], complete),
                                   f"fails on {e['cases']} recent case(s) in replay: {e['message']}",
                                   e["element_id"] or "") for e in report["errors"]]
        raise ReplayRefused(report, problems)
    return report


def _note_with_reason(note: str | None, reason: str, report: dict) -> str:
    """The deploy note records why a model that fails on recent cases went live anyway."""
    why = (f"Deployed despite replay errors on {report['outcomes']['error']} of {report['cases_replayed']} "
           f"recent cases. Reason: {reason.strip()}")
    room = 500 - len(why) - 3
    return f"{note[:room]} | {why}" if note and room > 0 else why[:500]


def check_on_recent_cases(session: Session, *, process_id: str, files: dict[str, str],
                          override_reason: str | None = None) -> dict:
    """Deploy's check, for a read-only transaction before the deploying one (on SQLite a replay inside the write
    transaction would hold the database's single write lock for its duration): the replay report of the edit on
    the latest cases. ReplayRefused when it fails on any and no reason is given; InvalidEdit when invalid."""
    return _replay_gate(session, process_id, _complete_valid(session, process_id, files), override_reason)


def deploy_model(session: Session, *, process_id: str, files: dict[str, str], note: str | None,
                 actor: Actor, override_reason: str | None = None, replayed: dict | None = None) -> dict:
    """Validate the edit, replay it on recent cases (refused when it errors there, unless `override_reason` is
    given: it is then recorded in the note), and store it as the next version (identical content returns the
    version that has it). `replayed`: the report `check_on_recent_cases` already made for this edit."""
    complete = _complete_valid(session, process_id, files)
    report = replayed if replayed is not None else _replay_gate(session, process_id, complete, override_reason)
    overridden = bool(report["outcomes"]["error"])
    if overridden:
        note = _note_with_reason(note, override_reason, report)
        logger.warning("%s deployed by user %s despite replay errors on %s cases", process_id, actor.user_id,
                       report["outcomes"]["error"])
    latest = engine.get_model(session, process_id)
    model = engine.deploy(session, process_id=process_id, files=complete, actor=actor_label(actor), note=note)
    is_new = model.version > latest.version
    if is_new:
        logger.info("%s version %s deployed by user %s", process_id, model.version, actor.user_id)
    return {"process_id": model.process_id, "version": model.version, "sha256": model.sha256,
            "deployed_by": model.deployed_by, "deployed_at": model.deployed_at, "note": model.note, "is_new": is_new,
            "override_reason": override_reason.strip() if overridden else None,
            "replay": {k: report[k] for k in ("cases_replayed", "outcomes", "errors")}}


def migrate_cases(session: Session, *, process_id: str, from_version: int, to_version: int, dry_run: bool,
                  actor: Actor) -> engine.MigrationReport:
    """Move the open cases of one version to another (or, with `dry_run`, say what would happen)."""
    return engine.migrate_instances(session, process_id=process_id, from_version=from_version,
                                    to_version=to_version, dry_run=dry_run, actor=actor)
