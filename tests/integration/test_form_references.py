"""A task form's JSON Schema may `$ref` only the model's own forms: nothing is fetched from a URL or read from a
file, and the officer is told the form is broken instead of the server reaching out."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from core.db import transaction
from core.errors import AppError
from worklists.forms import validate_form

COMMON = {"$defs": {"mobile": {"type": "string", "pattern": "^[6-9][0-9]{9}$"}}}


@pytest.fixture
def remote():
    """A local HTTP server that counts requests for a schema, as an attacker's would."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"type": "string"}')

        def log_message(self, *_args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/remote.json", hits
    server.shutdown()


@pytest.mark.parametrize("target", ["remote", "file:///etc/passwd"])
def test_a_ref_outside_the_model_is_refused_without_fetching(app, remote, target):
    url, hits = remote
    ref = url if target == "remote" else target
    schema = {"type": "object", "properties": {"note": {"$ref": ref}}}
    with app.app_context(), transaction(readonly=True) as session, pytest.raises(AppError) as refused:
        validate_form(session, schema, {"note": "x"}, {"task.schema.json": schema})
    assert refused.value.status == 422 and refused.value.code == "form_reference_outside_model"
    assert "outside its process model" in refused.value.detail
    assert hits == []


def test_a_ref_to_another_form_of_the_model_is_followed(app):
    schema = {"type": "object", "properties": {"mobile": {"$ref": "common.schema.json#/$defs/mobile"}}}
    forms = {"task.schema.json": schema, "common.schema.json": COMMON}
    with app.app_context(), transaction(readonly=True) as session:
        validate_form(session, schema, {"mobile": "9830012345"}, forms)
        with pytest.raises(AppError) as wrong:
            validate_form(session, schema, {"mobile": "12345"}, forms)
    assert wrong.value.code == "invalid_form" and "mobile" in wrong.value.fields
