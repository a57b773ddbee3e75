"""Turning posted forms into service arguments, and service refusals into per-field messages on the page."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from core.errors import AppError
from web.words import local_name, word


def form_values(form: MultiDict) -> dict:
    """The fields a person filled in, trimmed; empty ones left out so optional fields stay optional."""
    return {key: value.strip() for key, value in form.items() if key != "csrf_token" and value.strip()}


# What the schemas (marshmallow, the task forms' JSON Schema) and the services say, in words for a person, in the
# page's language. First match wins; numbers found in the message fill the sentence.
_MESSAGES: list[tuple[re.Pattern, object]] = [(re.compile(p, re.I), m) for p, m in (
    (r"^(Missing data for required field\.|is required|Field may not be null\.)$", _l("Please fill this in.")),
    (r"Not a valid boolean|is not one of|^Must be one of", _l("Please choose one of the options.")),
    (r"Not a valid (integer|number)|is not of type '(integer|number)'", _l("Please enter a number.")),
    (r"Not a valid email", _l("Please enter an e-mail address such as name@example.com.")),
    (r"^Length must be between (?P<min>\d+) and (?P<max>\d+)", _l("Please write between %(min)s and %(max)s "
                                                                     "characters.")),
    (r"^Shorter than minimum length (?P<min>\d+)", _l("Please write at least %(min)s characters.")),
    (r"^Longer than maximum length (?P<max>\d+)", _l("Please write at most %(max)s characters.")),
    (r"is too short", _l("This is too short; please write a little more.")),
    (r"is too long", _l("This is too long; please shorten it.")),
    (r"greater than or equal to (?P<min>\d+) and less than or equal to (?P<max>\d+)",
     _l("Please choose a number from %(min)s to %(max)s.")),
    (r"describe the grievance in at least (?P<min>\d+)", _l("Please describe the grievance in at least %(min)s "
                                                            "characters.")),
    (r"^must not be blank$", _l("Please fill this in.")),
    (r"must be the mobile number you logged in with", _l("Please use the mobile number you logged in with.")),
    (r"10-digit Indian mobile number", _l("Please enter a 10-digit Indian mobile number, such as 9830012345.")),
    (r"^unknown (category|district)", _l("Please choose from the list.")),
    (r"is not a sub-division of", _l("This sub-division is not in the chosen district.")),
    (r"is not a block of sub-division", _l("This block is not in the chosen sub-division.")),
    (r"is not a block of", _l("This block is not in the chosen district; please choose it again.")),
    (r"must be at most (?P<size>[\d,]+) bytes", _l("Each file must be at most 5 MB.")),
    (r"is empty", _l("This file is empty.")),
    (r"is incomplete", _l("This file is incomplete; please attach it again.")),
    (r"scripts, launch actions", _l("PDFs with scripts or embedded files are not accepted.")),
    (r"only JPEG, PNG and PDF", _l("Only JPEG, PNG and PDF files are accepted.")),
    (r"Too many one-time passwords", _l("Too many codes were asked for this number; please try again in 15 "
                                        "minutes.")),
    (r"one-time password is wrong", _l("The code is wrong; please check the SMS and try again.")),
    (r"expired or was already used|login has ended", _l("This code has expired; please ask for a new one.")),
    (r"Too many wrong codes", _l("Too many wrong codes; please ask for a new one.")),
    (r"Username or password is wrong", _l("The username or password is wrong.")),
    (r"Too many attempts", _l("Too many attempts; please wait a few minutes and try again.")),
    (r"NUL characters|lone UTF-16 surrogate", _l("This contains characters that are not text a person can type; "
                                                "please check the link you followed or what you pasted.")),
)]
# The file inputs of the pages are all named `files`; services name the field `file`.
_FIELD_ON_PAGE = {"file": "files"}


def human(message: str) -> str:
    """A schema's or service's message in words for a person, in the page's language: a known pattern's sentence,
    else the message's own translation in the catalogue (services' fixed messages are there), else as it is."""
    text = str(message).strip()
    for pattern, words in _MESSAGES:
        found = pattern.search(text)
        if found:
            return str(words) % {k: v for k, v in found.groupdict().items() if v}
    return gettext(text)


def errors_of(exc: ValidationError | AppError) -> dict[str, list[str]]:
    """Per-field messages in the page's words, keyed by the page's input ids; a refusal that names no field is
    shown at the top of the form (`_form`)."""
    if isinstance(exc, ValidationError):
        messages = exc.messages if isinstance(exc.messages, dict) else {"_form": exc.messages}
        raw = {field: msgs if isinstance(msgs, list) else [msgs] for field, msgs in messages.items()}
    else:
        raw = dict(exc.fields) if exc.fields else {"_form": [exc.detail]}
    out: dict[str, list[str]] = {}
    for field, msgs in raw.items():
        out.setdefault(_FIELD_ON_PAGE.get(field, field), []).extend(human(m) for m in msgs)
    return out


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


def _hint(description: str | None) -> str | None:
    if not description:
        return None
    worded = word("hint", description)
    return worded if worded != description.replace("_", " ") else gettext(description)


def form_fields(schema: dict | None, *, lookups: dict[str, list]) -> list[Field]:
    """The inputs of a task form: enums as choices, `x-lookup` codes from master data, long text as textareas."""
    if not schema:
        return []
    required = set(schema.get("required", []))
    bengali = str(get_locale()) == "bn"
    fields = []
    for name, prop in schema.get("properties", {}).items():
        options = [(str(v), word(name, v)) for v in prop.get("enum", []) if v not in prop.get("x-system-only", ())]
        bengali_choices = prop.get("x-enum-bn") or []  # a form made in the editor's dialog
        if bengali and options and len(bengali_choices) == len(options):
            options = [(value, shown) for (value, _), shown in zip(options, bengali_choices, strict=True)]
        if prop.get("x-lookup") in lookups:
            options = [(row.code, local_name(row)) for row in lookups[prop["x-lookup"]]]
        label = gettext(prop.get("title") or name.replace("_", " ").capitalize())
        if bengali and prop.get("x-title-bn"):
            label = prop["x-title-bn"]
        fields.append(Field(name=name, label=label, widget=_widget(prop, options),
                            required=name in required, options=options,
                            hint=_hint(prop.get("description"))))
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
