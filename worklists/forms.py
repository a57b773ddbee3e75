"""Validation of task form data against the JSON Schema deployed with the process model.

Schemas may use `"x-lookup": "<kind>"` to say a value must be a known code (category, department);
lookups are checked against master data. `"x-system-only": [values]` names values only the system records (a mass
grievance member verified with its parent case): a person's submission of one is refused, and pages do not offer it.
"""
from __future__ import annotations

import re

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT202012
from sqlalchemy.orm import Session

from core.errors import AppError
from directory import queries as directory

LOOKUPS = {
    "category": lambda session, value: directory.find_category(session, value) is not None,
    "department": lambda session, value: directory.find_department(session, value) is not None,
}
_REQUIRED = re.compile(r"'([^']+)' is a required property")
_EXTRA = re.compile(r"\('([^']+)'")
MAX_FREEFORM_FIELDS = 20


def _validator_class(session: Session, by_system: bool):
    def lookup(_validator, kind, instance, _schema):
        check = LOOKUPS.get(kind)
        if check is None:
            yield ValidationError(f"unknown lookup {kind!r} in the form")
        elif isinstance(instance, str) and not check(session, instance):
            yield ValidationError(f"unknown {kind} {instance!r}")

    def system_only(_validator, values, instance, _schema):
        if not by_system and instance in values:
            yield ValidationError(f"{instance!r} is recorded by the system, not chosen by a person")

    return validators.extend(Draft202012Validator, {"x-lookup": lookup, "x-system-only": system_only})


def _field_of(error: ValidationError) -> str:
    if error.path:
        return str(error.path[0])
    if error.validator == "required" and (m := _REQUIRED.search(error.message)):
        return m.group(1)
    if error.validator == "additionalProperties" and (m := _EXTRA.search(error.message)):
        return m.group(1)
    return "data"


def _refuse_retrieval(uri: str):
    """A form's `$ref` never leaves the process model: no URL is fetched and no file opened."""
    raise NoSuchResource(ref=uri)


def forms_registry(forms: dict[str, dict]) -> Registry:
    """The model's own forms, by file name, as the only documents a `$ref` may point to."""
    return Registry(retrieve=_refuse_retrieval).with_resources(
        (name, DRAFT202012.create_resource(form)) for name, form in forms.items())


def _errors(session: Session, schema: dict, data: dict, forms: dict[str, dict],
            by_system: bool) -> list[ValidationError]:
    try:
        return list(_validator_class(session, by_system)(schema, registry=forms_registry(forms)).iter_errors(data))
    except Unresolvable as exc:
        raise AppError(422, "form_reference_outside_model",
                       f"This task's form refers to {getattr(exc, 'ref', '') or 'a schema'} outside its process "
                       "model, so it cannot be checked; the process owner must correct the form.") from None


def validate_form(session: Session, schema: dict | None, data: dict, forms: dict[str, dict] | None = None, *,
                  by_system: bool = False) -> None:
    """Raise a 422 naming every wrong field; tasks without a form accept a few plain values only. `forms` are the
    model's other forms, which the schema may `$ref`; `by_system` allows the values only the system records."""
    if schema is None:
        if len(data) > MAX_FREEFORM_FIELDS or not all(isinstance(v, (str, int, float, bool, type(None)))
                                                      for v in data.values()):
            raise AppError.invalid("data", f"this task takes at most {MAX_FREEFORM_FIELDS} plain values")
        return
    errors: dict[str, list[str]] = {}
    for error in _errors(session, schema, data, forms or {}, by_system):
        field = _field_of(error)
        message = "is required" if error.validator == "required" else (
            "is not a field of this form" if error.validator == "additionalProperties" else error.message)
        errors.setdefault(field, []).append(message)
    if errors:
        field, messages = next(iter(errors.items()))
        raise AppError(422, "invalid_form", f"{field}: {messages[0]}", errors)
