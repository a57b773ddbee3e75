"""Lint with meaning: what a process model must keep to be a working process, checked on every deploy path.

Beyond syntax (engine/definitions.py): every flow element is reachable from a start event and can reach an end
event; each user task's lane is a known role; forms' `$ref`s stay inside the model's own forms; timers evaluate to a
time (engine/lint_timers.py); the milestones the model's `process.json` declares are still there; and bpmnlint
(the editor's rules, engine/bpmnlint.py) agrees. Errors block a deploy; warnings are shown and do not.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from engine import bpmnlint
from engine.definitions import InvalidModel, Problem, content_hash, parse_xml
from engine.lint_timers import check_timers, traced_variables
from engine.scripting import helper_names

MANIFEST = "process.json"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
_TASKS = ("task", "userTask", "manualTask", "scriptTask", "serviceTask", "businessRuleTask", "sendTask",
          "receiveTask", "callActivity", "subProcess", "transaction")
_EVENTS = ("startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent")
_GATEWAYS = ("exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway")
FLOW_NODES = frozenset(BPMN + tag for tag in _TASKS + _EVENTS + _GATEWAYS)
_SCOPES = (BPMN + "process", BPMN + "subProcess", BPMN + "transaction")

_lanes: frozenset[str] | None = None
_cache: dict[tuple, list[Problem]] = {}  # by content and registries: linting the same edit twice costs nothing


def register_lanes(names: Iterable[str]) -> None:
    """The lane names user tasks may sit in (the role catalogue). Call at start-up; until then lanes are not
    checked, as the engine on its own knows no roles."""
    global _lanes
    _lanes = frozenset(names)
    _cache.clear()


@dataclass
class Manifest:
    """A model's `process.json`: the milestones that must remain, and the variables its start data sets."""

    milestones: list[dict] = field(default_factory=list)
    start_data: list[str] = field(default_factory=list)


def lint_files(process_id: str, files: dict[str, str]) -> list[Problem]:
    """Every meaning problem of a model that already parses (errors and warnings), bpmnlint's included."""
    key = (process_id, content_hash(files), _lanes, tuple(helper_names()))
    problems = _cache.get(key)  # one read: another thread may clear the cache meanwhile
    if problems is None:
        if len(_cache) > 256:
            _cache.clear()
        problems = _cache[key] = _lint(files)
    return list(problems)


def _lint(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    manifest = read_manifest(files, problems)
    roots = {name: parse_xml(name, text) for name, text in sorted(files.items()) if name.endswith((".bpmn", ".dmn"))}
    forms = _forms(files)
    known = traced_variables(roots, forms, manifest.start_data)
    for name, root in roots.items():
        if name.endswith(".bpmn"):
            problems += check_flow(name, root)
            problems += check_lanes(name, root)
            problems += check_timers(name, root, known)
    problems += check_form_refs(forms)
    problems += check_milestones(manifest, roots)
    problems += bpmnlint.lint({name: files[name] for name in roots if name.endswith(".bpmn")})
    return problems


def errors_of(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def raise_on_errors(problems: list[Problem]) -> None:
    if errors := errors_of(problems):
        raise InvalidModel(errors)


def read_manifest(files: dict[str, str], problems: list[Problem]) -> Manifest:
    name = next((n for n in files if Path(n).name == MANIFEST), None)
    if name is None:
        return Manifest()
    try:
        data = json.loads(files[name])
        milestones, start_data = data.get("milestones", []), data.get("start_data", [])
        if not all(isinstance(m, dict) and isinstance(m.get("id"), str) for m in milestones):
            raise ValueError('each milestone is {"id": ..., "name": ...}')
        if not all(isinstance(v, str) for v in start_data):
            raise ValueError("start_data lists variable names")
        return Manifest(milestones=milestones, start_data=start_data)
    except (ValueError, AttributeError, TypeError) as exc:
        problems.append(Problem(name, f"not a valid process manifest: {exc}"))
        return Manifest()


def _forms(files: dict[str, str]) -> dict[str, dict]:
    forms = {}
    for name, text in files.items():
        if name.endswith(".schema.json"):
            try:
                forms[Path(name).name] = json.loads(text)
            except ValueError:
                forms[Path(name).name] = {}  # already reported by the parser
    return forms


def _label(element: etree._Element) -> str:
    name = element.get("name")
    return f'{etree.QName(element).localname} "{name}"' if name else etree.QName(element).localname


def check_flow(file: str, root: etree._Element) -> list[Problem]:
    """Each flow element reachable from a start event of its process (or sub-process) and able to reach an end."""
    problems = []
    for scope in root.iter(*_SCOPES):
        problems += _check_scope(file, scope)
    return problems


def _check_scope(file: str, scope: etree._Element) -> list[Problem]:
    nodes = {n.get("id"): n for n in scope if n.tag in FLOW_NODES}
    if not nodes:
        return []
    after: dict[str, set[str]] = {node_id: set() for node_id in nodes}
    for flow in scope.iterchildren(BPMN + "sequenceFlow"):
        if flow.get("sourceRef") in after and flow.get("targetRef") in nodes:
            after[flow.get("sourceRef")].add(flow.get("targetRef"))
    for node_id, node in nodes.items():
        if node.tag == BPMN + "boundaryEvent" and node.get("attachedToRef") in after:
            after[node.get("attachedToRef")].add(node_id)  # an event on a task fires while the task waits
    _link_events(nodes, after)
    before: dict[str, set[str]] = {node_id: set() for node_id in nodes}
    for source, targets in after.items():
        for target in targets:
            before[target].add(source)
    starts = [i for i, n in nodes.items() if n.tag == BPMN + "startEvent"]
    ends = [i for i, n in nodes.items() if n.tag == BPMN + "endEvent"]
    kind = _label(scope)
    if not starts or not ends:
        missing = "start event" if not starts else "end event"
        return [Problem(file, f"{kind} has no {missing}: a case could not {'start' if not starts else 'finish'}",
                        scope.get("id", ""))]
    reached, finishing = _walk(starts, after), _walk(ends, before)
    problems = []
    for node_id, node in nodes.items():
        faults = []
        if node_id not in reached:
            faults.append("cannot be reached from a start event")
        if node_id not in finishing:
            faults.append("cannot reach an end event (a case that gets here never finishes)")
        if faults:
            problems.append(Problem(file, f"{_label(node)} is not connected: it {' and '.join(faults)}", node_id))
    return problems


def _link_events(nodes: dict[str, etree._Element], after: dict[str, set[str]]) -> None:
    """A link throw event continues at the link catch event of the same name."""
    def link_name(node):
        link = node.find(BPMN + "linkEventDefinition")
        return None if link is None else link.get("name") or node.get("name")
    catches = {link_name(n): i for i, n in nodes.items() if n.tag == BPMN + "intermediateCatchEvent" and link_name(n)}
    for node_id, node in nodes.items():
        if node.tag == BPMN + "intermediateThrowEvent" and link_name(node) in catches:
            after[node_id].add(catches[link_name(node)])


def _walk(frontier: list[str], edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(frontier), list(frontier)
    while todo:
        for nxt in edges[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def check_lanes(file: str, root: etree._Element) -> list[Problem]:
    """Each user task's lane names a role in the catalogue (the worklists route the task to that role)."""
    if _lanes is None:
        return []
    lane_of = {}
    for lane in root.iter(BPMN + "lane"):  # document order: a nested lane overrides its parent
        for ref in lane.iterchildren(BPMN + "flowNodeRef"):
            lane_of[(ref.text or "").strip()] = lane.get("name") or ""
    problems = []
    for task in root.iter(BPMN + "userTask", BPMN + "manualTask"):
        lane = lane_of.get(task.get("id"))
        if lane is not None and lane not in _lanes:
            problems.append(Problem(file, f'{_label(task)} sits in lane "{lane}", which is not a role; a lane must be '
                                          f'one of: {", ".join(sorted(_lanes))}', task.get("id")))
    return problems


def check_form_refs(forms: dict[str, dict]) -> list[Problem]:
    """`$ref`s point only into the model's own forms: never a URL, a file path or a form the model lacks."""
    problems = []
    for name, schema in sorted(forms.items()):
        for ref in sorted(set(_refs(schema))):
            target = ref.split("#", 1)[0]
            if not target:
                continue
            if ":" in target or target.startswith("/") or ".." in target:
                problems.append(Problem(name, f"$ref {ref!r} points outside the model; refer only to the model's "
                                              f"own forms (e.g. other.schema.json#/$defs/x)"))
            elif Path(target).name not in forms:
                problems.append(Problem(name, f"$ref {ref!r} names a form that is not part of the model"))
    return problems


def _refs(node) -> Iterable[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def dropped_milestones(before: dict[str, str], after: dict[str, str]) -> list[Problem]:
    """Milestones an edit removes from the manifest of the version it replaces: refused on the editor and API paths,
    since milestones change with the model folder (bpmn/<process>/process.json, deployed by `flask process deploy`)
    and not by editing the rule away together with the step."""
    kept = {m["id"] for m in read_manifest(after, []).milestones}
    return [Problem(MANIFEST, f'the edit drops the required milestone "{m.get("name") or m["id"]}" ({m["id"]}); '
                              f"milestones are changed in the model folder and deployed with flask process deploy",
                    m["id"])
            for m in read_manifest(before, []).milestones if m["id"] not in kept]


def check_milestones(manifest: Manifest, roots: dict[str, etree._Element]) -> list[Problem]:
    """Each milestone the model declares is still an element of it (same id)."""
    present = {el.get("id") for root in roots.values() for el in root.iter() if isinstance(el.tag, str)}
    return [Problem(MANIFEST, f'required milestone "{m.get("name") or m["id"]}" ({m["id"]}) is missing: the '
                              f"process must keep it", m["id"])
            for m in manifest.milestones if m["id"] not in present]
