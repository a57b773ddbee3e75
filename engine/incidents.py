"""Incidents: what happens when a step of a process model fails.

The failed unit of work is dropped at the instance's last saved state (the engine runs without writing, so nothing
reached the database; the caller's transaction goes on, so a lodging still commits its grievance); the instance is
parked with status `incident` and an `incident` row says which element failed, why, when, and what was being
done. Process owners retry it after fixing the model (or after migrating the case to a fixed version); the
sweep skips parked instances meanwhile.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from SpiffWorkflow.exceptions import SpiffWorkflowException
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import clock
from core.errors import AppError
from engine.models import Incident, IncidentStatus, InstanceStatus, ProcessInstance, ProcessModel

MAX_ERROR_CHARS = 2000


class ModelFailure(Exception):
    """A step of the process model failed (a script, an expression, a rule, a timer): the element and the error."""

    def __init__(self, element_id: str | None, element_name: str | None, message: str):
        super().__init__(message)
        self.element_id, self.element_name, self.message = element_id, element_name, message


def _element_of(exc: BaseException, running) -> tuple[str | None, str | None]:
    task = getattr(exc, "task", None) or running
    spec = getattr(task, "task_spec", None) or getattr(exc, "task_spec", None)
    if spec is None:
        return None, None
    bpmn_id = getattr(spec, "bpmn_id", None) or spec.name
    return bpmn_id, getattr(spec, "bpmn_name", None) or bpmn_id


def failure_from(exc: BaseException, running) -> ModelFailure:
    """Describe an exception raised while the engine ran the model; `running` is the task being run, if known."""
    element_id, element_name = _element_of(exc, running)
    if isinstance(exc, SpiffWorkflowException):  # it names the underlying error itself ("NameError: ...")
        message = str(exc).strip()
        if getattr(exc, "line_number", None) and getattr(exc, "error_line", None):
            message += f" (line {exc.line_number}: {exc.error_line.strip()})"
    else:
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return ModelFailure(element_id, element_name, message[:MAX_ERROR_CHARS])


@dataclass(frozen=True)
class RecordedActor:
    """Who asked for the failed action, kept so a retry records them (not the retrying process owner) as actor."""

    user_id: int | None
    name: str
    role: str

    @classmethod
    def of(cls, actor: Any) -> dict | None:
        if actor is None:
            return None
        return asdict(cls(getattr(actor, "user_id", None), getattr(actor, "name", "") or "",
                          getattr(actor, "role", "system")))


def open_incident(session: Session, *, row: ProcessInstance, action: dict, failure: ModelFailure) -> Incident:
    """Park the instance (already rolled back to its saved state) and record the incident, or count a new attempt
    on the open one."""
    now = clock.now()
    row.status = InstanceStatus.INCIDENT
    row.last_error = failure.message
    incident = find_open(session, row.id)
    if incident is None:
        incident = Incident(instance_id=row.id, business_key=row.business_key, action=action, attempts=0,
                            status=IncidentStatus.OPEN, occurred_at=now)
        session.add(incident)
    incident.element_id, incident.element_name = failure.element_id, failure.element_name
    incident.error, incident.attempts, incident.last_attempt_at = failure.message, incident.attempts + 1, now
    session.flush()
    return incident


def find_open(session: Session, instance_id: int) -> Incident | None:
    return session.scalar(select(Incident).where(Incident.instance_id == instance_id,
                                                 Incident.status == IncidentStatus.OPEN))


def get_incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise AppError.not_found("incident", incident_id)
    return incident


def resolve(session: Session, incident: Incident, *, by: str) -> None:
    incident.status, incident.resolved_at, incident.resolved_by = IncidentStatus.RESOLVED, clock.now(), by


def ensure_not_parked(row: ProcessInstance) -> None:
    if row.status == InstanceStatus.INCIDENT:
        raise AppError.conflict("case_held_by_incident",
                                "This case is held while a fault in its process is fixed; the process owners have "
                                "been told. Try again once it is resolved.")


@dataclass
class IncidentView:
    id: int
    business_key: str | None
    process_id: str
    version: int
    element_id: str | None
    element_name: str | None
    error: str
    action: str
    attempts: int
    status: str
    occurred_at: datetime
    last_attempt_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None


def _view(incident: Incident, model: ProcessModel) -> IncidentView:
    return IncidentView(id=incident.id, business_key=incident.business_key, process_id=model.process_id,
                        version=model.version, element_id=incident.element_id, element_name=incident.element_name,
                        error=incident.error, action=incident.action.get("kind", ""), attempts=incident.attempts,
                        status=incident.status, occurred_at=incident.occurred_at,
                        last_attempt_at=incident.last_attempt_at, resolved_at=incident.resolved_at,
                        resolved_by=incident.resolved_by)


def list_incidents(session: Session, *, status: str | None = IncidentStatus.OPEN, limit: int = 200,
                   offset: int = 0) -> tuple[int, list[IncidentView]]:
    """Incidents (open ones by default), newest first, with the process version their instance is on now."""
    where = [Incident.status == status] if status else []
    total = session.scalar(select(func.count()).select_from(Incident).where(*where))
    rows = session.execute(
        select(Incident, ProcessModel).join(ProcessInstance, ProcessInstance.id == Incident.instance_id)
        .join(ProcessModel, ProcessModel.id == ProcessInstance.process_model_id).where(*where)
        .order_by(Incident.occurred_at.desc(), Incident.id.desc()).limit(limit).offset(offset)).all()
    return total, [_view(incident, model) for incident, model in rows]


def incident_view(session: Session, incident_id: int) -> IncidentView:
    incident = get_incident(session, incident_id)
    row = session.get(ProcessInstance, incident.instance_id)
    return _view(incident, session.get(ProcessModel, row.process_model_id))


def count_open(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Incident).where(Incident.status == IncidentStatus.OPEN))
