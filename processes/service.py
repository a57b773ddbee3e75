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


def deploy_model(session: Session, *, process_id: str, files: dict[str, str], note: str | None,
                 actor: Actor) -> dict:
    """Validate and store the edit as the next version (identical content returns the version that has it). Errors
    refuse it (InvalidEdit); warnings are returned with the version."""
    latest = engine.get_model(session, process_id)
    complete, problems = _check_edit(latest, files)
    if engine.errors_of(problems):
        raise InvalidEdit(problems)
    model = engine.deploy(session, process_id=process_id, files=complete, actor=actor_label(actor), note=note)
    is_new = model.version > latest.version
    if is_new:
        logger.info("%s version %s deployed by user %s", process_id, model.version, actor.user_id)
    return {"process_id": model.process_id, "version": model.version, "sha256": model.sha256,
            "deployed_by": model.deployed_by, "deployed_at": model.deployed_at, "note": model.note, "is_new": is_new,
            "warnings": problems}


def migrate_cases(session: Session, *, process_id: str, from_version: int, to_version: int, dry_run: bool,
                  actor: Actor) -> engine.MigrationReport:
    """Move the open cases of one version to another (or, with `dry_run`, say what would happen)."""
    return engine.migrate_instances(session, process_id=process_id, from_version=from_version,
                                    to_version=to_version, dry_run=dry_run, actor=actor)
