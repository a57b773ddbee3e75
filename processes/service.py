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
from processes.replay_gate import ReplayRefused, note_with_reason, replay_gate

__all__ = ["ReplayRefused"]  # raised by deploy_model and check_on_recent_cases

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


def _check_edit(latest: engine.ModelVersion, files: dict[str, str]) -> tuple[dict[str, str], list[engine.Problem]]:
    """The complete file set of an edit of `latest` and its problems, errors first (a milestone the edit drops
    from process.json included)."""
    complete = {**latest.files, **files}
    problems = engine.dropped_milestones(latest.files, complete) + engine.validate_files(latest.process_id, complete)
    return complete, sorted(problems, key=lambda p: p.severity != "error")


def validate_model(session: Session, *, process_id: str, files: dict[str, str]) -> Validation:
    """Errors and warnings of the edit; `ok` when nothing would stop its deploy (warnings do not)."""
    _complete, problems = _check_edit(engine.get_model(session, process_id), files)
    return Validation(ok=not engine.errors_of(problems), problems=problems)


class InvalidEdit(AppError):
    """A refused deployment: 422 problem+json whose `errors` are keyed `file#element_id` (or the file), with the
    problems themselves (errors first, then warnings) kept for the editor to mark on the diagram."""

    def __init__(self, problems: list[engine.Problem]):
        fields: dict[str, list[str]] = {}
        for problem in problems:
            key = f"{problem.file}#{problem.element_id}" if problem.element_id else (problem.file or "model")
            message = problem.message if problem.line is None else f"line {problem.line}: {problem.message}"
            fields.setdefault(key, []).append(message if problem.severity == "error" else f"warning: {message}")
        errors = engine.errors_of(problems)
        super().__init__(422, "invalid_process_model",
                         f"The process model has {len(errors)} error(s): {errors[0].message}", fields)
        self.problems = problems


def complete_valid(session: Session, process_id: str,
                   files: dict[str, str]) -> tuple[engine.ModelVersion, dict[str, str], list[engine.Problem]]:
    """The latest version, the edit's complete file set and its warnings; InvalidEdit when it has errors."""
    latest = engine.get_model(session, process_id)
    complete, problems = _check_edit(latest, files)
    if engine.errors_of(problems):
        raise InvalidEdit(problems)
    return latest, complete, problems


def deploy_model(session: Session, *, process_id: str, files: dict[str, str], note: str, actor: Actor,
                 override_reason: str | None = None, replayed: dict | None = None) -> dict:
    """Validate the edit (errors refuse it; warnings are returned with the version), replay it on recent cases
    (refused when it errors there, unless `override_reason` is given: it is then recorded in the note), and store
    it as the next version (the newest version's own content returns that version). `replayed`: the report
    `check_on_recent_cases` already made for this edit."""
    latest, complete, problems = complete_valid(session, process_id, files)
    return _store(session, latest, complete, problems, note=note, actor=actor, override_reason=override_reason,
                  replayed=replayed)


def restorable(session: Session, process_id: str, version: int) -> tuple[engine.ModelVersion, dict[str, str],
                                                                         list[engine.Problem]]:
    """The newest version, the files of `version` and their problems under today's checks. 404 for an unknown
    version, 409 for the newest itself, InvalidEdit when today's checks find errors in it."""
    old = engine.get_model(session, process_id, version)
    latest = engine.get_model(session, process_id)
    if old.version == latest.version:
        raise AppError.conflict("already_newest", f"Version {version} is already the newest version of {process_id}.")
    problems = sorted(engine.validate_files(process_id, old.files), key=lambda p: p.severity != "error")
    if engine.errors_of(problems):
        raise InvalidEdit(problems)
    return latest, dict(old.files), problems


def restore_version(session: Session, *, process_id: str, version: int, note: str, actor: Actor,
                    override_reason: str | None = None, replayed: dict | None = None) -> dict:
    """Deploy an older version's files, exactly, as the next version (checked and replayed like any deploy); the
    note says which version it restores and why."""
    latest, files, problems = restorable(session, process_id, version)
    return _store(session, latest, files, problems, note=f"Restores version {version}: {note.strip()}", actor=actor,
                  override_reason=override_reason, replayed=replayed)


def check_restore_on_recent_cases(session: Session, *, process_id: str, version: int,
                                  override_reason: str | None = None) -> dict:
    """A restore's replay check, for a read-only transaction before the writing one (see check_on_recent_cases)."""
    return replay_gate(session, process_id, restorable(session, process_id, version)[1], override_reason)


def _store(session: Session, latest: engine.ModelVersion, files: dict[str, str], problems: list[engine.Problem], *,
           note: str, actor: Actor, override_reason: str | None, replayed: dict | None) -> dict:
    process_id = latest.process_id
    report = replayed if replayed is not None else replay_gate(session, process_id, files, override_reason)
    overridden = bool(report["outcomes"]["error"])
    if overridden:
        note = note_with_reason(note, override_reason, report)
        logger.warning("%s deployed by user %s despite replay errors on %s cases", process_id, actor.user_id,
                       report["outcomes"]["error"])
    model = engine.deploy(session, process_id=process_id, files=files, actor=actor_label(actor), note=note)
    is_new = model.version > latest.version
    if is_new:
        logger.info("%s version %s deployed by user %s", process_id, model.version, actor.user_id)
    return {"process_id": model.process_id, "version": model.version, "sha256": model.sha256,
            "deployed_by": model.deployed_by, "deployed_at": model.deployed_at, "note": model.note, "is_new": is_new,
            "warnings": problems, "override_reason": override_reason.strip() if overridden else None,
            "replay": {k: report[k] for k in ("cases_replayed", "outcomes", "errors")}}


def replay_model(session: Session, *, process_id: str, files: dict[str, str], choice: CaseChoice) -> dict:
    """Run the edit on recent real cases (nothing is kept) and report what would change; 422 if it is invalid."""
    return replay.replay_files(session, process_id=process_id, files=complete_valid(session, process_id, files)[1],
                               choice=choice)


def check_on_recent_cases(session: Session, *, process_id: str, files: dict[str, str],
                          override_reason: str | None = None) -> dict:
    """Deploy's check, for a read-only transaction before the deploying one (on SQLite a replay inside the write
    transaction would hold the database's single write lock for its duration): the replay report of the edit on
    the latest cases. ReplayRefused when it fails on any and no reason is given; InvalidEdit when invalid."""
    return replay_gate(session, process_id, complete_valid(session, process_id, files)[1], override_reason)


def migrate_cases(session: Session, *, process_id: str, from_version: int, to_version: int, dry_run: bool,
                  actor: Actor) -> engine.MigrationReport:
    """Move the open cases of one version to another (or, with `dry_run`, say what would happen)."""
    return engine.migrate_instances(session, process_id=process_id, from_version=from_version,
                                    to_version=to_version, dry_run=dry_run, actor=actor)
