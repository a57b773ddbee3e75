"""Timers that evaluate to a time: a literal must be an ISO 8601 date, duration or cycle; an expression may call
only registered script helpers and should name only variables the model (or its start data) sets."""
from __future__ import annotations

import ast
import builtins
import re
from datetime import datetime

from lxml import etree
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from engine.definitions import Problem
from engine.scripting import helper_names

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
_UNQUOTED_ISO = re.compile(r"^PT?\d")  # P7D or PT1H written without quotes: Python reads a variable name
_KINDS = {"timeDate": "date", "timeDuration": "duration", "timeCycle": "cycle"}


def traced_variables(roots: dict[str, etree._Element], forms: dict[str, dict], start_data: list[str]) -> set[str]:
    """The task-data names something in the model sets: script assignments, DMN outputs, form fields, message
    variables, and the start data the model declares."""
    names = set(start_data)
    for root in roots.values():
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            local = etree.QName(element).localname
            if local in ("script", "preScript", "postScript") and element.text:
                names |= _assigned(element.text)
            elif local == "output" and element.get("name"):
                names.add(element.get("name"))
            elif local in ("messageVariable", "resultVariable") and element.text:
                names.add(element.text.strip())
    for schema in forms.values():
        properties = schema.get("properties") if isinstance(schema, dict) else None
        names |= set(properties) if isinstance(properties, dict) else set()
    return names


def _assigned(script: str) -> set[str]:
    try:
        tree = ast.parse(script)
    except SyntaxError:
        return set()  # reported by the compile check
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


def check_timers(file: str, root: etree._Element, known: set[str]) -> list[Problem]:
    problems = []
    for definition in root.iter(BPMN + "timerEventDefinition"):
        event_id = definition.getparent().get("id", "")
        for child in definition:
            kind = _KINDS.get(etree.QName(child).localname) if isinstance(child.tag, str) else None
            if kind:
                problems += _check_timer(file, event_id, kind, (child.text or "").strip(), known)
    return problems


def _check_timer(file: str, event_id: str, kind: str, expression: str, known: set[str]) -> list[Problem]:
    if not expression:
        return [Problem(file, f"the timer has no {kind} expression", event_id)]
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return []  # the compile check reports it
    if isinstance(tree.body, ast.Constant):
        return _check_literal(file, event_id, kind, tree.body.value)
    if isinstance(tree.body, ast.Name) and _UNQUOTED_ISO.match(tree.body.id):
        return [Problem(file, f"the timer {kind} {expression} is read as a variable name: quote it ('{expression}')",
                        event_id)]
    helpers = set(helper_names())
    problems = []
    called = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            called.add(name)
            if name not in helpers:
                what = f"{name}()" if name else "a method"
                problems.append(Problem(file, f"the timer expression calls {what}, which is not a registered helper; "
                                              f"timers may call only: {', '.join(sorted(helpers)) or 'none'}",
                                        event_id))
    untraced = sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)
                       and isinstance(node.ctx, ast.Load)} - known - called - set(dir(builtins)))
    for name in untraced:
        problems.append(Problem(file, f'the timer uses "{name}", which nothing in the model or its start data sets '
                                      f"(it may be missing when the timer starts)", event_id, severity="warning"))
    return problems


def _check_literal(file: str, event_id: str, kind: str, value) -> list[Problem]:
    if not isinstance(value, str):
        return [Problem(file, f"the timer {kind} must be a string such as 'P7D' or '2026-12-01T10:00:00+05:30', "
                              f"not {value!r}", event_id)]
    try:
        if kind == "date":
            parsed = TimerEventDefinition.parse_time_or_duration(value)
            if not isinstance(parsed, datetime):
                raise ValueError("a duration where a date is expected")
        elif kind == "duration":
            TimerEventDefinition.parse_iso_duration(value)
        else:
            TimerEventDefinition.parse_iso_recurring_interval(value)
    except Exception as exc:  # noqa: BLE001 - Spiff raises bare Exception for a bad duration
        return [Problem(file, f"the timer {kind} {value!r} is not an ISO 8601 {kind}: {exc}", event_id)]
    return []
