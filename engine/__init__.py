"""The workflow engine: the only package that imports SpiffWorkflow.

Other packages use only what is exported here; it returns plain dataclasses, never engine objects.
"""
from engine.budget import ScriptBudgetExceeded, ScriptError, set_script_budget
from engine.definitions import InvalidModel, Problem, deploy, latest_model, parse_model, read_model_folder
from engine.events import (
                           EngineEvent,
                           IncidentOpened,
                           IncidentResolved,
                           InstanceCompleted,
                           InstanceMigrated,
                           InstanceStarted,
                           TaskCancelled,
                           TaskCompleted,
                           TaskOpened,
                           TaskRef,
                           TimerFired,
)
from engine.incidents import IncidentView, ModelFailure, count_open, incident_view, list_incidents
from engine.lint import dropped_milestones, errors_of, register_lanes
from engine.migration import InstanceMigration, MigrationReport, TimerKept, migrate_instances
from engine.models import IncidentStatus, InstanceStatus, ProcessInstance, ProcessModel
from engine.paths import InstancePath, boundary_hosts, case_paths, diagram_xml, element_kinds
from engine.replay import (
                           CaseReplay,
                           Element,
                           MessageStep,
                           PersonStep,
                           RecordedCase,
                           Replay,
                           TimerStep,
                           replay_cases,
)
from engine.runtime import (
                           InstanceView,
                           complete_task,
                           current_session,
                           fire_timers,
                           retry_incident,
                           send_message,
                           start,
                           subscribe,
                           task_details,
)
from engine.scripting import register_helper
from engine.store import compact_finished, serialized_size
from engine.sweep import SweepResult, fire_due_timers
from engine.versions import (
                           ModelVersion,
                           ProcessSummary,
                           VersionSummary,
                           get_model,
                           list_models,
                           open_instances_by_version,
                           validate_files,
)

__all__ = [
    "InvalidModel", "Problem", "deploy", "latest_model", "parse_model", "read_model_folder",
    "EngineEvent", "InstanceCompleted", "InstanceStarted", "TaskCancelled", "TaskCompleted", "TaskOpened",
    "TaskRef", "TimerFired", "InstanceStatus", "ProcessInstance", "ProcessModel", "InstanceView",
    "complete_task", "current_session", "fire_timers", "send_message", "start", "subscribe", "task_details",
    "register_helper", "ScriptBudgetExceeded", "ScriptError", "set_script_budget",
    "serialized_size", "compact_finished", "SweepResult", "fire_due_timers", "InstancePath", "case_paths",
    "diagram_xml", "element_kinds", "boundary_hosts",
    "InstanceMigrated", "InstanceMigration", "MigrationReport", "TimerKept", "migrate_instances",
    "ModelVersion", "ProcessSummary", "VersionSummary", "get_model", "list_models", "open_instances_by_version",
    "validate_files", "IncidentOpened", "IncidentResolved", "IncidentStatus", "IncidentView", "ModelFailure",
    "count_open", "incident_view", "list_incidents", "retry_incident",
    "dropped_milestones", "errors_of", "register_lanes",
    "CaseReplay", "Element", "MessageStep", "PersonStep", "RecordedCase", "Replay", "TimerStep", "replay_cases",
]
