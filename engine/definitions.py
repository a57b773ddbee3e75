"""Process models: safe parsing of uploaded BPMN/DMN, validation, versioned deployment, parsed-spec cache."""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import cache, clock
from core.errors import AppError
from engine.models import ProcessModel
from engine.scripting import check_compiles

logger = logging.getLogger(__name__)

MAX_XML_BYTES = 4_000_000  # Camunda 8's default deploy cap; a grievance diagram is ~50 KB
MODEL_SUFFIXES = (".bpmn", ".dmn", ".schema.json", "process.json")  # process.json: milestones, start data


@dataclass
class Problem:
    """One thing wrong with a process model, pointing at a file and, where known, an element."""

    file: str
    message: str
    element_id: str = ""
    line: int | None = None
    severity: str = "error"  # "error" blocks a deploy; "warning" is shown on the element and does not


@dataclass
class ParsedModel:
    spec: object
    subprocess_specs: dict
    forms: dict[str, dict] = field(default_factory=dict)


class InvalidModel(AppError):
    def __init__(self, problems: list[Problem]):
        fields = {f"{p.file}#{p.element_id}" if p.element_id else p.file: [p.message] for p in problems}
        super().__init__(422, "invalid_process_model",
                         f"The process model has {len(problems)} problem(s): {problems[0].message}", fields)
        self.problems = problems


def _hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True)


def parse_xml(name: str, content: str | bytes) -> etree._Element:
    """Parse untrusted XML: size-capped, UTF-8 only, no DOCTYPE (so no entities at all), no network.

    The byte check catches a plain DOCTYPE early; the check after parsing catches one that another declared
    encoding (UTF-7, UTF-16, UTF-32...) disguised from it, since lxml decodes whatever the declaration names."""
    raw = content.encode() if isinstance(content, str) else content
    if len(raw) > MAX_XML_BYTES:
        raise InvalidModel([Problem(name, f"file is larger than {MAX_XML_BYTES:,} bytes")])
    if b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        raise InvalidModel([Problem(name, "DOCTYPE and entity declarations are not allowed in BPMN or DMN")])
    try:
        root = etree.fromstring(raw, _hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise InvalidModel([Problem(name, f"not well-formed XML: {exc}", line=exc.lineno)]) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise InvalidModel([Problem(name, "DOCTYPE and entity declarations are not allowed in BPMN or DMN")])
    if (docinfo.encoding or "UTF-8").upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        raise InvalidModel([Problem(name, f"the file declares encoding {docinfo.encoding}; save it as UTF-8")])
    return root


def content_hash(files: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return digest.hexdigest()


def parse_model(process_id: str, files: dict[str, str]) -> ParsedModel:
    """Parse and validate a model's files; raise InvalidModel listing every problem found."""
    problems: list[Problem] = []
    parser = SpiffBpmnParser(validator=VALIDATOR)
    forms: dict[str, dict] = {}
    for name, content in sorted(files.items()):
        if not name.endswith(MODEL_SUFFIXES):
            problems.append(Problem(name, "only .bpmn, .dmn and .schema.json files and a process.json "
                                          "belong to a process model"))
        elif name.endswith("process.json"):
            continue  # the manifest is read by engine/lint.py
        elif name.endswith(".schema.json"):
            forms[Path(name).name] = _load_form(name, content, problems)
        else:
            _add_xml(parser, name, content, problems)
    if problems:
        raise InvalidModel(problems)
    try:
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
    except ValidationException as exc:
        raise InvalidModel([Problem(exc.file_name or "", str(exc), exc.id, _line(exc))]) from None
    except SpiffWorkflowException as exc:
        raise InvalidModel([Problem("", str(exc))]) from None
    problems.extend(_check_task_specs(spec, forms))
    if problems:
        raise InvalidModel(problems)
    return ParsedModel(spec, subprocess_specs, forms)


def _line(exc: ValidationException) -> int | None:
    return exc.line_number if isinstance(exc.line_number, int) else None


_ROOT_NAMESPACES = {".bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", ".dmn": "/DMN/"}


def _wrong_kind(name: str, root: etree._Element) -> Problem | None:
    """A .bpmn must be BPMN and a .dmn DMN before SpiffWorkflow reads it (its DMN parser crashes on others)."""
    suffix = ".bpmn" if name.endswith(".bpmn") else ".dmn"
    qname = etree.QName(root)
    if qname.localname == "definitions" and _ROOT_NAMESPACES[suffix] in (qname.namespace or ""):
        return None
    kind = "BPMN" if suffix == ".bpmn" else "DMN"
    return Problem(name, f"not a {kind} file: its root element is {root.tag}", line=root.sourceline)


def _add_xml(parser: SpiffBpmnParser, name: str, content: str, problems: list[Problem]) -> None:
    try:
        root = parse_xml(name, content)
        if wrong := _wrong_kind(name, root):
            problems.append(wrong)
            return
        for node in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}subProcess"):
            if node.get("triggeredByEvent") == "true":
                # 3.2.0 ignores their interrupting flag and mutates the shared spec when one starts
                # (research/spiffworkflow.md 1.5): model it as a boundary event on a sub-process instead.
                problems.append(Problem(name, "event sub-processes are not supported; use a boundary event "
                                              "on a sub-process", node.get("id", "")))
        if name.endswith(".bpmn"):
            parser.add_bpmn_xml(etree.ElementTree(root), filename=name)
        else:
            parser.add_dmn_xml(root, filename=name)
    except InvalidModel as exc:
        problems.extend(exc.problems)
    except ValidationException as exc:
        problems.append(Problem(name, str(exc), exc.id, _line(exc)))
    except SpiffWorkflowException as exc:
        problems.append(Problem(name, str(exc)))


def _load_form(name: str, content: str, problems: list[Problem]) -> dict:
    try:
        schema = json.loads(content)
        Draft202012Validator.check_schema(schema)
        return schema
    except (ValueError, SchemaError) as exc:
        problems.append(Problem(name, f"not a valid JSON Schema: {exc}"))
        return {}


def _check_task_specs(spec, forms: dict[str, dict]) -> list[Problem]:
    """What the parser lets through but would fail at run time: scripts, conditions, timers, forms, lanes."""
    problems = []
    for ts in spec.task_specs.values():
        bpmn_id = getattr(ts, "bpmn_id", None) or ts.name
        file = getattr(spec, "file", "") or ""
        script = getattr(ts, "script", None)
        if script and (err := check_compiles(script, "exec")):
            problems.append(Problem(file, f"script does not compile: {err}", bpmn_id))
        for condition, _target in getattr(ts, "cond_task_specs", []) or []:
            expression = condition.args[0] if condition is not None and getattr(condition, "args", None) else None
            if expression and (err := check_compiles(expression, "eval")):
                problems.append(Problem(file, f"condition does not compile: {err}", bpmn_id))
        event = getattr(ts, "event_definition", None)
        if isinstance(event, TimerEventDefinition) and (err := check_compiles(event.expression, "eval")):
            problems.append(Problem(file, f"timer expression does not compile: {err}", bpmn_id))
        if getattr(ts, "manual", False):
            problems.extend(_check_user_task(ts, bpmn_id, file, forms))

    return problems


def _check_user_task(ts, bpmn_id: str, file: str, forms: dict[str, dict]) -> list[Problem]:
    problems = []
    if not ts.lane:
        problems.append(Problem(file, "a user task must sit in a lane (the lane names the role)", bpmn_id))
    form = task_properties(ts).get("formJsonSchemaFilename")
    if form and form not in forms:
        problems.append(Problem(file, f"form {form} is not part of the model", bpmn_id))
    return problems


def task_properties(task_spec) -> dict[str, str]:
    return dict((getattr(task_spec, "extensions", None) or {}).get("properties", {}))


def read_model_folder(folder: Path) -> dict[str, str]:
    """The files of a process model folder (bpmn/<process>/), by path relative to it."""
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name.endswith(MODEL_SUFFIXES)}


def deploy(session: Session, *, process_id: str, files: dict[str, str], actor: str,
           note: str | None = None) -> ProcessModel:
    """Validate (syntax, then meaning: engine/lint.py) and store a new version; deploying the newest version's own
    content again returns it. An older version's content becomes a new version (a restore). Lint warnings do not
    block; the caller shows them (engine.validate_files)."""
    from engine.lint import lint_files, raise_on_errors  # lint reads this module's parser: imported late

    parsed = parse_model(process_id, files)
    raise_on_errors(lint_files(process_id, files))
    digest = content_hash(files)
    newest = session.scalar(select(ProcessModel).where(ProcessModel.process_id == process_id)
                            .order_by(ProcessModel.version.desc()).limit(1))
    if newest is not None and newest.sha256 == digest:
        return newest
    model = ProcessModel(process_id=process_id, version=(newest.version if newest else 0) + 1, files=files,
                         sha256=digest,
                         deployed_by=actor, deployed_at=clock.now(), note=note)
    session.add(model)
    session.flush()
    _cache[model.sha256] = parsed
    cache.forget(session, ("latest_model", process_id))
    logger.info("deployed %s version %s (%s)", process_id, model.version, digest[:12])
    return model


def latest_model(session: Session, process_id: str) -> ProcessModel:
    model = session.scalar(select(ProcessModel).where(ProcessModel.process_id == process_id)
                           .order_by(ProcessModel.version.desc()).limit(1))
    if model is None:
        raise AppError(503, "process_not_deployed", f"Process {process_id} has not been deployed.")
    return model


@dataclass(frozen=True)
class ModelRef:
    """A stored version without its files: all the engine needs to start or load an instance on it."""

    id: int
    process_id: str
    version: int
    sha256: str


_refs = cache.ImmutableRows("process_model_ref")


def _ref_columns():
    return select(ProcessModel.id, ProcessModel.process_id, ProcessModel.version, ProcessModel.sha256)


def latest_ref(session: Session, process_id: str) -> ModelRef:
    """The latest version of `process_id`: one small query per unit of work (never the files), so a version
    deployed by any process is started by the next unit of work."""
    def load() -> ModelRef | None:
        row = session.execute(_ref_columns().where(ProcessModel.process_id == process_id)
                              .order_by(ProcessModel.version.desc()).limit(1)).first()
        return ModelRef(*row) if row else None
    ref = cache.unit_memo(session, ("latest_model", process_id), load)
    if ref is None:
        raise AppError(503, "process_not_deployed", f"Process {process_id} has not been deployed.")
    return _refs.get(session, ref.id, lambda: ref)  # instances started on it are loaded without asking again


def model_ref(session: Session, model_id: int) -> ModelRef:
    """A stored version by id; versions never change once deployed, so read once per process."""
    def load() -> ModelRef | None:
        row = session.execute(_ref_columns().where(ProcessModel.id == model_id)).first()
        return ModelRef(*row) if row else None
    ref = _refs.get(session, model_id, load)
    if ref is None:
        raise AppError.not_found("process_model", model_id)
    return ref


_cache: dict[str, ParsedModel] = {}  # by content hash: immutable, valid across databases


def parsed(model: ProcessModel) -> ParsedModel:
    """The parsed spec of a stored version (immutable, so cached by content hash for the life of the process)."""
    if model.sha256 not in _cache:
        _cache[model.sha256] = parse_model(model.process_id, model.files)
    return _cache[model.sha256]


def parsed_version(session: Session, ref: ModelRef) -> ParsedModel:
    """The parsed spec of `ref`; its files are read only when this process has not parsed that content yet."""
    if ref.sha256 not in _cache:
        files = session.scalar(select(ProcessModel.files).where(ProcessModel.id == ref.id))
        _cache[ref.sha256] = parse_model(ref.process_id, files)
    return _cache[ref.sha256]
