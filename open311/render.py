"""Open311 responses in both formats: JSON, and XML built with lxml under the specification's element names."""
from __future__ import annotations

import json
import re

from flask import Response
from lxml import etree

from core.errors import AppError

FORMATS = ("json", "xml")
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
# The element a list's items get in XML: <services><service/>, <attributes><attribute/>, ...
ITEM_NAMES = {"services": "service", "service_requests": "request", "errors": "error", "endpoints": "endpoint",
              "formats": "format", "attributes": "attribute", "values": "value"}
# Statuses an Open311 client understands; anything else an AppError carries is reported as one of these.
OPEN311_STATUS = {401: 403, 422: 400}
# Characters XML 1.0 cannot carry at all; text from other channels (SMS) could hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _append(parent: etree._Element, name: str, value) -> None:
    element = etree.SubElement(parent, name)
    _fill(element, name, value)


def _fill(element: etree._Element, name: str, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _append(element, ITEM_NAMES[name], item)
    elif value is not None:
        element.text = _text(value)


def to_xml(root: str, payload) -> bytes:
    """`payload` (dicts, lists, scalars) as an XML document whose root element is `root`."""
    element = etree.Element(root)
    _fill(element, root, payload)
    return etree.tostring(element, xml_declaration=True, encoding="utf-8")


def respond(fmt: str, root: str, payload, status: int = 200) -> Response:
    """The response for `payload`; `root` names the XML root (discovery, services, service_requests ...)."""
    if fmt == "xml":
        return Response(to_xml(root, payload), status=status, content_type=XML_TYPE)
    return Response(json.dumps(payload, ensure_ascii=False), status=status, content_type=JSON_TYPE)


def error_descriptions(error: AppError) -> list[str]:
    """One sentence per problem: the per-field messages when there are any, else the error's detail."""
    messages = [m for msgs in error.fields.values() for m in (msgs if isinstance(msgs, list) else [msgs])]
    return [str(m) for m in messages] or [error.detail]


def error_response(fmt: str, status: int, descriptions: list[str]) -> Response:
    status = OPEN311_STATUS.get(status, status)
    body = [{"code": status, "description": text} for text in descriptions]
    return respond(fmt if fmt in FORMATS else "json", "errors", body, status)
