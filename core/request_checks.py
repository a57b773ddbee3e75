"""Checks of every request before any view parses it: JSON nesting depth, and text that is not text in the JSON
body, the query string and form fields (names and values).

A lone UTF-16 surrogate ("\\udc80") decodes from JSON but cannot be stored or encoded again, NUL characters
are not text a person typed (PostgreSQL refuses them), and JSON nested thousands deep exhausts the parser's
recursion: each would otherwise end as a 500 or a stored oddity. Here they are a clear 400/422."""
from __future__ import annotations

import json
import re

from flask import Flask, request

from core.errors import AppError

MAX_DEPTH = 64
MAX_INT = 2**31 - 1  # every number this API takes (versions, ids, ratings, pages) is stored as a 32-bit integer
SURROGATE = re.compile("[\ud800-\udfff]")


def _too_deep() -> AppError:
    return AppError(400, "json_too_deep", f"The JSON body is nested more than {MAX_DEPTH} levels deep.")


def _bad_text(text: str) -> str | None:
    """What is wrong with a string of the body, or None."""
    if "\x00" in text:
        return "must not contain NUL characters"
    if SURROGATE.search(text):
        return "contains a lone UTF-16 surrogate, which is not valid Unicode text"
    return None


def check_json_value(value) -> None:
    """Walk the decoded body without recursion; raise for the first bad member, naming it by its path."""
    pending = [(value, "body", 1)]
    while pending:
        item, path, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        if isinstance(item, dict):
            for key, member in item.items():
                pending.append((key, path, depth))  # keys are text too
                pending.append((member, key if path == "body" else f"{path}.{key}", depth + 1))
        elif isinstance(item, list):
            pending.extend((member, f"{path}[{index}]", depth + 1) for index, member in enumerate(item))
        elif isinstance(item, str) and (problem := _bad_text(item)):
            raise AppError.invalid(path, problem)
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_INT:
            raise AppError.invalid(path, f"must be between {-MAX_INT} and {MAX_INT}")


def _check_json_body() -> None:
    if not request.is_json:
        return
    try:
        decoded = json.loads(request.get_data(cache=True))
    except RecursionError:
        raise _too_deep() from None
    except ValueError:
        return  # not JSON at all: the view's parser answers that with its own 400
    check_json_value(decoded)


def _check_all(arguments) -> None:
    for name, values in arguments.lists():
        if problem := _bad_text(name):
            raise AppError.invalid("argument name", problem)
        for value in values:
            if problem := _bad_text(value):
                raise AppError.invalid(name, problem)


def _check_arguments() -> None:
    """Query-string and form arguments: PostgreSQL refuses NUL in text, so it must never reach a query.
    Multipart bodies are checked by `check_upload_form` once the endpoint has set its own size limit (reading
    them here would parse the files under the API-wide limit)."""
    _check_all(request.args)
    if request.mimetype == "application/x-www-form-urlencoded":
        _check_all(request.form)


def check_upload_form(max_bytes: int) -> None:
    """For endpoints that take files: allow a body of `max_bytes`, then check the multipart form's text."""
    request.max_content_length = max_bytes
    if request.mimetype == "multipart/form-data":
        _check_all(request.form)


def _check_path_numbers() -> None:
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and abs(value) > MAX_INT:
            raise AppError(404, "not_found", f"No {name.replace('_', ' ')} {value}.")


def register_request_checks(app: Flask) -> None:
    app.before_request(_check_path_numbers)
    app.before_request(_check_arguments)
    app.before_request(_check_json_body)
