"""The restricted script engine that runs BPMN scripts, conditions, timer and DMN expressions.

Anyone who edits a diagram writes code that runs here, so scripts are compiled with RestrictedPython
(not just given safe globals, which still lets dunder escapes through: research/spiffworkflow.md 1.6),
instrumented for a CPU-time and memory budget per evaluation (engine.budget, engine.script_policy), and no
BaseException (SystemExit...) gets out of them. Every evaluation goes through HardenedEnvironment: SpiffWorkflow's
scripts, gateway conditions, timer expressions and DMN cells (its DMN engine calls script_engine.evaluate) alike.
Domains register helpers (such as `sla_due`) by name; scripts call them as plain functions.
"""
from __future__ import annotations

import traceback
from collections.abc import Callable
from functools import lru_cache
from weakref import WeakKeyDictionary

from RestrictedPython import RestrictingNodeTransformer, compile_restricted, safe_globals, utility_builtins
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import full_write_guard, guarded_iter_unpack_sequence, safer_getattr
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from engine import budget
from engine.script_guards import LIMITED_MODULES
from engine.script_policy import BudgetPolicy

SCRIPT_FILE = "<bpmn script>"  # the file name of diagram code in tracebacks: how its failing line is found

_helpers: dict[str, Callable] = {}
_engine: PythonScriptEngine | None = None

# Not Exceptions: a script that raised one would get past every `except Exception` up to the thread itself.
_NOT_EXCEPTIONS = {"BaseException", "SystemExit", "KeyboardInterrupt", "GeneratorExit"}


@lru_cache(maxsize=4096)
def _compiled(source: str, mode: str, instrumented: bool = True):
    """Compile once per distinct script or expression: diagrams repeat them for every instance."""
    return compile_restricted(source, SCRIPT_FILE, mode,
                              policy=BudgetPolicy if instrumented else RestrictingNodeTransformer)


def _builtins() -> dict:
    names = {**safe_globals["__builtins__"], **utility_builtins, **LIMITED_MODULES,
             "min": min, "max": max, "sum": budget.guarded_sum, "any": any, "all": all,
             "sorted": sorted, "enumerate": enumerate, "dict": dict, "list": list,
             "range": budget.guarded_range, "pow": budget.guarded_pow}
    names["whrandom"] = names["random"]
    return {k: v for k, v in names.items() if k not in _NOT_EXCEPTIONS}


class HardenedEnvironment(TaskDataEnvironment):
    """Task-data environment whose code is compiled by RestrictedPython with guards and budgets."""

    def __init__(self, helpers: dict[str, Callable]):
        env = dict(safe_globals)
        env["__builtins__"] = _builtins()
        env.update(_getattr_=safer_getattr, _getitem_=default_guarded_getitem,
                   _getiter_=default_guarded_getiter, _iter_unpack_sequence_=guarded_iter_unpack_sequence,
                   _write_=full_write_guard, _inplacevar_=budget.in_place_plain, **helpers)
        super().__init__(env)

    def execute(self, script, context, external_context=None):
        limits = budget.script_budget()
        code = _compiled(script, "exec", limits.enabled)
        with budget.evaluation(limits) as spent:
            extra = {**(external_context or {}), **(spent.names() if spent else {})}
            return super().execute(code, context, extra)

    def evaluate(self, expression, context, external_context=None):
        limits = budget.script_budget()
        code = _compiled(expression, "eval", limits.enabled)
        with budget.evaluation(limits) as spent:
            extra = {**(external_context or {}), **(spent.names() if spent else {})}
            return super().evaluate(code, context, extra)


# One RunSpent per workflow object: store.load and start build a new one for every run of the engine.
_runs: WeakKeyDictionary = WeakKeyDictionary()


def _scope(task) -> budget.element_scope:
    spec = getattr(task, "task_spec", None)
    element = getattr(spec, "bpmn_id", None) or getattr(spec, "name", None)
    workflow = getattr(getattr(task, "workflow", None), "top_workflow", None)
    run = _runs.setdefault(workflow, budget.RunSpent()) if workflow is not None else None
    return budget.element_scope(element, run)


class HardenedScriptEngine(PythonScriptEngine):
    """Names the element whose code runs, so budget and script errors say where they happened."""

    def evaluate(self, task, expression, external_context=None):
        with _scope(task):
            try:
                return super().evaluate(task, expression, external_context)
            except WorkflowTaskException as exc:
                _note_cause(exc)
                raise

    def execute(self, task, script, external_context=None):
        with _scope(task):
            try:
                return super().execute(task, script, external_context)
            except WorkflowTaskException as exc:
                if exc.line_number and not exc.notes:  # SpiffWorkflow notes the line of its own errors only
                    exc.add_note(f"Line {exc.line_number}: {exc.error_line.strip()}")
                raise

    def get_error_line_number_and_content(self, script, err):
        """The script's line where `err` happened (SpiffWorkflow's own looks for any '<string>' frame)."""
        if isinstance(err, SyntaxError):
            return super().get_error_line_number_and_content(script, err)
        frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == SCRIPT_FILE]
        lines = script.splitlines()
        line = frames[-1].lineno if frames else 0
        return (line, lines[line - 1]) if 0 < line <= len(lines) else (0, "")


def _note_cause(exc: WorkflowTaskException) -> None:
    """SpiffWorkflow's message for a failed expression names only the expression: add what went wrong."""
    cause = exc.__context__
    if cause is not None and not isinstance(cause, WorkflowTaskException):
        exc.add_note(f"{type(cause).__name__}: {cause}")


def register_helper(name: str, fn: Callable) -> None:
    """Expose `fn` to scripts and expressions under `name`. Call at start-up, before any instance runs."""
    global _engine
    _helpers[name] = fn
    _engine = None


def helper_names() -> list[str]:
    return sorted(_helpers)


def script_engine() -> PythonScriptEngine:
    """The shared engine; rebuilt when helpers change. Re-attach it after every deserialize."""
    global _engine
    if _engine is None:
        _engine = HardenedScriptEngine(environment=HardenedEnvironment(dict(_helpers)))
    return _engine


def check_compiles(source: str, mode: str) -> str | None:
    """The RestrictedPython error for a script or expression, or None when it compiles."""
    try:
        compile_restricted(source, "<bpmn>", mode, policy=BudgetPolicy)
    except SyntaxError as exc:
        return str(exc)
    return None
