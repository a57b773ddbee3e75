"""Turning posted forms into service arguments, and service refusals into per-field messages on the page."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from core.errors import AppError
from web.words import local_name, word


def form_values(form: MultiDict) -> dict:
    """The fields a person filled in, trimmed; empty ones left out so optional fields stay optional."""
    return {key: value.strip() for key, value in form.items() if key != "csrf_token" and value.strip()}


def errors_of(exc: ValidationError | AppError) -> dict[str, list[str]]:
    """Per-field messages; a refusal that names no field is shown at the top of the form (`_form`)."""
    if isinstance(exc, ValidationError):
        messages = exc.messages if isinstance(exc.messages, dict) else {"_form": exc.messages}
        return {field: [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
                for field, msgs in messages.items()}
    return dict(exc.fields) if exc.fields else {"_form": [exc.detail]}


@dataclass(frozen=True)
class Field:
    """One input of a task's form, read from its JSON Schema property."""

    name: str
    label: str
    widget: str  # select, radio, textarea, checkbox, number, text
    required: bool
    options: list[tuple[str, str]]
    hint: str | None


def _widget(prop: dict, options: list) -> str:
    if prop.get("type") == "boolean":
        return "checkbox"
    if options:
        return "radio" if len(options) <= 4 else "select"
    if prop.get("type") in ("integer", "number"):
        return "number"
    return "textarea" if prop.get("maxLength", 0) > 200 else "text"


def form_fields(schema: dict | None, *, lookups: dict[str, list]) -> list[Field]:
    """The inputs of a task form: enums as choices, `x-lookup` codes from master data, long text as textareas."""
    if not schema:
        return []
    required = set(schema.get("required", []))
    fields = []
    for name, prop in schema.get("properties", {}).items():
        options = [(str(v), word(name, v)) for v in prop.get("enum", [])]
        if prop.get("x-lookup") in lookups:
            options = [(row.code, local_name(row)) for row in lookups[prop["x-lookup"]]]
        label = prop.get("title") or name.replace("_", " ").capitalize()
        fields.append(Field(name=name, label=gettext(label), widget=_widget(prop, options),
                            required=name in required, options=options,
                            hint=gettext(prop["description"]) if prop.get("description") else None))
    return fields


def data_from_schema(schema: dict | None, form: MultiDict) -> dict:
    """Posted text turned into the types the form's schema asks for; what cannot be turned stays text, so the
    schema's validation names the field."""
    data = {}
    for name, prop in ((schema or {}).get("properties") or {}).items():
        raw = (form.get(name) or "").strip()
        kind = prop.get("type")
        if kind == "boolean":
            data[name] = raw in ("true", "on", "yes")
        elif not raw:
            continue
        elif kind == "integer" and raw.lstrip("-").isdigit():
            data[name] = int(raw)
        elif kind == "number":
            try:
                data[name] = float(raw)
            except ValueError:
                data[name] = raw
        else:
            data[name] = raw
    return data
