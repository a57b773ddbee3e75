"""Process-model versions as plain data: the catalogue, one version's files, open instances per version, and the
checking of edited files before they are deployed."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import AppError
from engine.definitions import InvalidModel, Problem, parse_model, parse_xml
from engine.lint import lint_files
from engine.models import OPEN_STATUSES, ProcessInstance, ProcessModel

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class VersionSummary:
    version: int
    sha256: str
    deployed_by: str
    deployed_at: datetime
    note: str | None
    file_names: list[str]
    open_instances: int


@dataclass(frozen=True)
class ProcessSummary:
    process_id: str
    latest_version: int
    open_instances: int
    versions: list[VersionSummary] = field(default_factory=list)  # newest first


@dataclass(frozen=True)
class ModelVersion:
    process_id: str
    version: int
    sha256: str
    deployed_by: str
    deployed_at: datetime
    note: str | None
    files: dict[str, str]


def open_instances_by_version(session: Session, process_id: str) -> dict[int, int]:
    """{version: running instances on it} for every deployed version of `process_id` (0 where none run)."""
    counts = dict(session.execute(
        select(ProcessModel.version, func.count(ProcessInstance.id))
        .join(ProcessInstance, (ProcessInstance.process_model_id == ProcessModel.id)
              & (ProcessInstance.status.in_(OPEN_STATUSES)), isouter=True)
        .where(ProcessModel.process_id == process_id)
        .group_by(ProcessModel.version)).all())
    return {version: counts[version] for version in sorted(counts)}


def list_models(session: Session) -> list[ProcessSummary]:
    """Every deployed process with its versions (newest first), who deployed each, and how many cases run on it."""
    models = session.scalars(select(ProcessModel).order_by(ProcessModel.process_id, ProcessModel.version.desc()))
    by_process: dict[str, list[ProcessModel]] = {}
    for model in models:
        by_process.setdefault(model.process_id, []).append(model)
    out = []
    for process_id, versions in by_process.items():
        counts = open_instances_by_version(session, process_id)
        summaries = [VersionSummary(version=m.version, sha256=m.sha256, deployed_by=m.deployed_by,
                                    deployed_at=m.deployed_at, note=m.note, file_names=sorted(m.files),
                                    open_instances=counts.get(m.version, 0)) for m in versions]
        out.append(ProcessSummary(process_id=process_id, latest_version=versions[0].version,
                                  open_instances=sum(counts.values()), versions=summaries))
    return out


def find_model_row(session: Session, process_id: str, version: int | None = None) -> ProcessModel | None:
    stmt = select(ProcessModel).where(ProcessModel.process_id == process_id)
    stmt = stmt.where(ProcessModel.version == version) if version is not None else stmt
    return session.scalar(stmt.order_by(ProcessModel.version.desc()).limit(1))


def get_model_row(session: Session, process_id: str, version: int | None = None) -> ProcessModel:
    model = find_model_row(session, process_id, version)
    if model is None:
        key = process_id if version is None else f"{process_id} version {version}"
        raise AppError.not_found("process_model", key)
    return model


def get_model(session: Session, process_id: str, version: int | None = None) -> ModelVersion:
    """One version's files (the latest when `version` is None); 404 when there is no such version."""
    model = get_model_row(session, process_id, version)
    return ModelVersion(process_id=model.process_id, version=model.version, sha256=model.sha256,
                        deployed_by=model.deployed_by, deployed_at=model.deployed_at, note=model.note,
                        files=dict(model.files))


def validate_files(process_id: str, files: dict[str, str]) -> list[Problem]:
    """Everything wrong with a model's files: errors (it would not deploy) and warnings (shown, not blocking);
    syntax first, then meaning (engine/lint.py) once it parses. Never raises for bad content: uploads are parsed
    by the hardened parser only, and each problem names its file and, where it can, the element (XML-schema
    errors only give a line, so the element at that line is looked up)."""
    try:
        parse_model(process_id, files)
        problems = lint_files(process_id, files)
    except InvalidModel as exc:
        problems = exc.problems
    except Exception as exc:  # a malformed upload can trip SpiffWorkflow's parser anywhere; it is a problem to show
        logger.warning("process model %s could not be parsed: %s: %s", process_id, type(exc).__name__, exc,
                       exc_info=exc)
        return [Problem("", f"the model could not be read: {type(exc).__name__}: {exc}")]
    return sorted((_locate(problem, files) for problem in problems), key=lambda p: p.severity != "error")


def _locate(problem: Problem, files: dict[str, str]) -> Problem:
    if problem.element_id or not problem.line or problem.file not in files:
        return problem
    try:
        root = parse_xml(problem.file, files[problem.file])
    except InvalidModel:
        return problem
    at_line = [el for el in root.iter() if isinstance(el.tag, str) and el.sourceline == problem.line]
    for element in at_line[:1]:
        while element is not None and not element.get("id"):
            element = element.getparent()
        if element is not None:
            return Problem(problem.file, problem.message, element.get("id"), problem.line)
    return problem
