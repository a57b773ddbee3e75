"""The restricted script engine that runs BPMN scripts, conditions, timer and DMN expressions.

Anyone who edits a diagram writes code that runs here, so scripts are compiled with RestrictedPython
(not just given safe globals, which still lets dunder escapes through: research/spiffworkflow.md 1.6).
Domains register helpers (such as `sla_due`) by name; scripts call them as plain functions.
"""
from __future__ import annotations

import operator
from collections.abc import Callable
from functools import lru_cache

from RestrictedPython import compile_restricted, safe_globals, utility_builtins
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import full_write_guard, guarded_iter_unpack_sequence, safer_getattr
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

_helpers: dict[str, Callable] = {}
_engine: PythonScriptEngine | None = None

_INPLACE = {"+=": operator.add, "-=": operator.sub, "*=": operator.mul, "/=": operator.truediv,
            "//=": operator.floordiv, "%=": operator.mod}


def _inplacevar(op: str, x, y):
    if op not in _INPLACE:
        raise SyntaxError(f"operator {op} is not allowed in scripts")
    return _INPLACE[op](x, y)


@lru_cache(maxsize=4096)
def _compiled(source: str, mode: str):
    """Compile once per distinct script or expression: diagrams repeat them for every instance."""
    return compile_restricted(source, f"<bpmn {mode}>", mode)


class HardenedEnvironment(TaskDataEnvironment):
    """Task-data environment whose code is compiled by RestrictedPython with guards."""

    def __init__(self, helpers: dict[str, Callable]):
        env = dict(safe_globals)
        env["__builtins__"] = {**safe_globals["__builtins__"], **utility_builtins,
                               "min": min, "max": max, "sum": sum, "any": any, "all": all,
                               "sorted": sorted, "enumerate": enumerate, "dict": dict, "list": list}
        env.update(_getattr_=safer_getattr, _getitem_=default_guarded_getitem,
                   _getiter_=default_guarded_getiter, _iter_unpack_sequence_=guarded_iter_unpack_sequence,
                   _write_=full_write_guard, _inplacevar_=_inplacevar, **helpers)
        super().__init__(env)

    def execute(self, script, context, external_context=None):
        return super().execute(_compiled(script, "exec"), context, external_context)

    def evaluate(self, expression, context, external_context=None):
        return super().evaluate(_compiled(expression, "eval"), context, external_context)


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
        _engine = PythonScriptEngine(environment=HardenedEnvironment(dict(_helpers)))
    return _engine


def check_compiles(source: str, mode: str) -> str | None:
    """The RestrictedPython error for a script or expression, or None when it compiles."""
    try:
        compile_restricted(source, "<bpmn>", mode)
    except SyntaxError as exc:
        return str(exc)
    return None
