"""Moving running instances from one version of a process model to another (SpiffWorkflow's diff and migrate).

`migrate_workflow` resets every READY and WAITING branch, so a waiting timer is created afresh and a duration
timer would restart its SLA clock from the moment of migration (research/spiffworkflow.md 3.5). The due time each
timer had is saved before and written back after, so nobody gets more time because the diagram changed. An instance
moves only when the new version removes nothing (spiff-arena's edge cases say so), no sub-process it runs is
missing, and no open human task changes lane (its work item would stay with the wrong people).
"""
from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.util.diff import SpecDiff, diff_workflow, migrate_workflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import clock
from core.errors import AppError
from engine import definitions, incidents, store
from engine.events import InstanceMigrated
from engine.models import OPEN_STATUSES, InstanceStatus, ProcessInstance, ProcessModel
from engine.runtime import _load_row, _publish, _UnitOfWork
from engine.timers import next_due, waiting_timers
from engine.versions import get_model_row

logger = logging.getLogger(__name__)

IN_PROGRESS = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR


class Outcome:
    MIGRATED = "migrated"
    WOULD_MIGRATE = "would_migrate"
    REFUSED = "refused"


@dataclass(frozen=True)
class TimerKept:
    element_id: str
    title: str
    due_at: datetime


@dataclass
class InstanceMigration:
    instance_id: int
    business_key: str | None
    outcome: str
    reason: str | None = None
    waiting_at: list[str] = field(default_factory=list)  # open tasks and waiting events, as "Title (Element_id)"
    changed: list[str] = field(default_factory=list)  # of those, the ones whose definition changes
    timers: list[TimerKept] = field(default_factory=list)  # due times after the move (the same as before)
    next_timer_at: datetime | None = None


@dataclass
class MigrationReport:
    process_id: str
    from_version: int
    to_version: int
    dry_run: bool
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    instances: list[InstanceMigration] = field(default_factory=list)

    @property
    def migrated(self) -> int:
        return sum(i.outcome in (Outcome.MIGRATED, Outcome.WOULD_MIGRATE) for i in self.instances)

    @property
    def refused(self) -> int:
        return sum(i.outcome == Outcome.REFUSED for i in self.instances)


def _label(task_spec) -> str:
    bpmn_id = getattr(task_spec, "bpmn_id", None)
    if bpmn_id is None:
        return task_spec.name  # engine plumbing (a boundary-event split or join), named after its element
    name = getattr(task_spec, "bpmn_name", None)
    return f"{name} ({bpmn_id})" if name else bpmn_id


def _is_element(task_spec) -> bool:
    return getattr(task_spec, "bpmn_id", None) is not None


def migrate_instances(session: Session, *, process_id: str, from_version: int, to_version: int, dry_run: bool,
                      actor: Any) -> MigrationReport:
    """Move every running instance of `from_version` to `to_version`, one by one under its row lock, in the
    caller's transaction; refused instances stay as they are, with the reason. `dry_run` computes the same
    report and changes nothing."""
    if from_version == to_version:
        raise AppError.invalid("to_version", "choose a version other than the one the cases are on")
    source = get_model_row(session, process_id, from_version)
    target = get_model_row(session, process_id, to_version)
    old, new = definitions.parsed(source), definitions.parsed(target)
    spec_diff = SpecDiff(store.SERIALIZER.registry, old.spec, new.spec)
    report = MigrationReport(
        process_id=process_id, from_version=from_version, to_version=to_version, dry_run=dry_run,
        added=sorted(_label(ts) for ts in spec_diff.added if _is_element(ts)),
        changed=sorted(_label(ts) for ts in spec_diff.changed if _is_element(ts)),
        removed=sorted(_label(ts) for ts in spec_diff.removed))
    ids = session.scalars(select(ProcessInstance.id).where(ProcessInstance.process_model_id == source.id,
                                                           ProcessInstance.status.in_(OPEN_STATUSES))
                          .order_by(ProcessInstance.id)).all()
    for instance_id in ids:
        report.instances.append(_migrate_one(session, instance_id, source, target, report, actor))
    if not dry_run:
        logger.info("%s: %s instances moved from version %s to %s, %s refused", process_id, report.migrated,
                    from_version, to_version, report.refused)
    return report


def _migrate_one(session: Session, instance_id: int, source: ProcessModel, target: ProcessModel,
                 report: MigrationReport, actor: Any) -> InstanceMigration:
    if report.dry_run:
        row = session.get(ProcessInstance, instance_id)
    else:
        row = _load_row(session, instance_id)
    result = InstanceMigration(instance_id=row.id, business_key=row.business_key, outcome=Outcome.REFUSED)
    if row.process_model_id != source.id or row.status not in OPEN_STATUSES:
        result.reason = f"it is no longer running on version {source.version}"
        return result
    parked = incidents.find_open(session, row.id) if row.status == InstanceStatus.INCIDENT else None
    if parked is not None and parked.action["kind"] == "start":
        return _move_unstarted(session, row, target, report, actor, result)
    workflow = store.load(row)
    new = definitions.parsed(target)
    top, sub_diffs = diff_workflow(store.SERIALIZER.registry, workflow, new.spec, new.subprocess_specs)
    result.waiting_at = _waiting_at(workflow)
    result.changed = sorted(_label(t.task_spec) for t in top.changed
                            if t.state & IN_PROGRESS and _is_element(t.task_spec))
    result.reason = _refusal(workflow, top, sub_diffs, report)
    if result.reason:
        return result
    saved = {task.id: copy.deepcopy(task.internal_data["event_value"]) for task, _due in waiting_timers(workflow)}
    unit = _UnitOfWork(row, workflow, actor)

    def move() -> None:
        migrate_workflow(top, workflow, new.spec)
        for sp_id, diff in sub_diffs.items():
            sub = workflow.subprocesses[sp_id]
            migrate_workflow(diff, sub, new.subprocess_specs[sub.spec.name])
        workflow.subprocess_specs = new.subprocess_specs
        _restore_due_times(workflow, saved)
        workflow.refresh_timers()  # a timer already overdue fires now, as the sweep would have made it

    try:
        unit.run_engine(session, move)
    except (AppError, SpiffWorkflowException, incidents.ModelFailure) as exc:
        result.reason = f"version {target.version} fails to run for this case: {getattr(exc, 'detail', exc)}"
        return result
    result.waiting_at = _waiting_at(workflow)
    result.timers = sorted((TimerKept(_bpmn_id(task.task_spec), _label(task.task_spec), due)
                            for task, due in waiting_timers(workflow)), key=lambda t: (t.due_at, t.element_id))
    result.next_timer_at = next_due(workflow)
    if report.dry_run:
        result.outcome = Outcome.WOULD_MIGRATE
        return result
    unit.events.insert(0, InstanceMigrated(**unit.base(actor), process_id=report.process_id,
                                           from_version=source.version, to_version=target.version))
    row.process_model_id = target.id
    unit.finish(session)
    result.outcome = Outcome.MIGRATED
    result.next_timer_at = row.next_timer_at
    return result


def _move_unstarted(session: Session, row: ProcessInstance, target: ProcessModel, report: MigrationReport,
                    actor: Any, result: InstanceMigration) -> InstanceMigration:
    """A case whose process failed before its first wait state has nothing to carry over: it moves to the target
    version as it is, and its retry starts it there afresh with the data it was lodged with."""
    result.waiting_at = ["(not started: incident)"]
    if report.dry_run:
        result.outcome = Outcome.WOULD_MIGRATE
        return result
    row.process_model_id = target.id
    _publish(session, [InstanceMigrated(instance_id=row.id, business_key=row.business_key, at=clock.now(),
                                        actor=actor, process_id=report.process_id, from_version=report.from_version,
                                        to_version=target.version)])
    result.outcome = Outcome.MIGRATED
    return result


def _bpmn_id(task_spec) -> str:
    return getattr(task_spec, "bpmn_id", None) or task_spec.name


def _waiting_at(workflow) -> list[str]:
    """Open human tasks and what the case waits for (boundary events are reported with their task's timers)."""
    tasks = [t for t in workflow.get_tasks(state=TaskState.READY | TaskState.WAITING | TaskState.STARTED)
             if _is_element(t.task_spec) and not isinstance(t.task_spec, BoundaryEvent)
             and (t.task_spec.manual or t.state != TaskState.READY)]
    return sorted({_label(t.task_spec) for t in tasks})


def _refusal(workflow, top, sub_diffs: dict, report: MigrationReport) -> str | None:
    """Why this instance must stay on its version, or None."""
    version = report.to_version
    for sp_id, diff in sub_diffs.items():
        if diff is None:
            name = workflow.subprocesses[sp_id].spec.name
            return f"the sub-process {name} it is running is not part of version {version}"
    diffs = [top, *sub_diffs.values()]
    gone = sorted({_label(t.task_spec) for d in diffs for t in d.removed if t.state & IN_PROGRESS})
    if gone:
        return f"it is at {', '.join(gone)}, which version {version} removes"
    removed = report.removed or sorted({_label(t.task_spec) for d in diffs for t in d.removed})
    if removed:
        return f"version {version} removes {', '.join(removed)}; cases move only when nothing is removed"
    for diff in diffs:
        for task, new_spec in diff.alignment.items():
            if task.state == TaskState.READY and task.task_spec.manual and new_spec.lane != task.task_spec.lane:
                return (f"its open task {_label(task.task_spec)} moves from lane {task.task_spec.lane} to "
                        f"{new_spec.lane}; finish it on version {report.from_version} first")
    return None


def _restore_due_times(workflow, saved: dict[UUID, Any]) -> None:
    """Write back the due time each waiting timer had before the reset (tasks keep their ids through it)."""
    for task, _due in waiting_timers(workflow):
        if task.id in saved:
            task.internal_data["event_value"] = saved[task.id]
