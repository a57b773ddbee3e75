"""The GeoReport v2 standard's field lists (http://wiki.open311.org/GeoReport_v2), and checks that a response in
either format keeps to them: known fields only, the required ones present, the spec's root and item elements."""
from __future__ import annotations

from datetime import datetime

from lxml import etree

SPEC = "http://wiki.open311.org/GeoReport_v2"

DISCOVERY_FIELDS = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT_FIELDS = {"specification", "url", "changeset", "type", "formats"}
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
SERVICE_REQUIRED = {"service_code", "service_name", "metadata", "type"}
SERVICE_TYPES = {"realtime", "batch", "blackbox"}
DEFINITION_FIELDS = {"service_code", "attributes"}
ATTRIBUTE_FIELDS = {"variable", "code", "datatype", "required", "datatype_description", "order", "description",
                    "values"}
ATTRIBUTE_REQUIRED = {"variable", "code", "datatype", "required", "order", "description"}
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
VALUE_FIELDS = {"key", "name"}
POST_RESPONSE_FIELDS = {"service_request_id", "token", "service_notice", "account_id"}
TOKEN_FIELDS = {"token", "service_request_id"}
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}
REQUEST_REQUIRED = {"service_request_id", "status", "service_code", "service_name", "requested_datetime"}
REQUEST_DATETIMES = {"requested_datetime", "updated_datetime", "expected_datetime"}
ERROR_FIELDS = {"code", "description"}

# XML: the element each list holds.
ITEMS = {"services": "service", "service_requests": "request", "errors": "error", "endpoints": "endpoint",
         "formats": "format", "attributes": "attribute", "values": "value"}


def xml_to_data(element: etree._Element):
    """An XML element as the JSON the same endpoint gives, every scalar as text."""
    if element.tag in ITEMS:
        assert all(child.tag == ITEMS[element.tag] for child in element), (element.tag, [c.tag for c in element])
        return [xml_to_data(child) for child in element]
    if len(element):
        tags = [child.tag for child in element]
        assert len(tags) == len(set(tags)), f"repeated elements in <{element.tag}>: {tags}"
        return {child.tag: xml_to_data(child) for child in element}
    return element.text


def as_text(data):
    """JSON scalars the way XML writes them, so the two formats can be compared."""
    if isinstance(data, dict):
        return {key: as_text(value) for key, value in data.items()}
    if isinstance(data, list):
        return [as_text(item) for item in data]
    if isinstance(data, bool):
        return "true" if data else "false"
    if data is None or data == "":
        return None
    return str(data)


def parse(response, fmt: str, root: str):
    """The body of a response in `fmt`, after checking its content type and, for XML, its root element."""
    if fmt == "json":
        assert response.mimetype == "application/json" and response.mimetype_params.get("charset") == "utf-8", (
            response.content_type)  # GeoReport v2 clients decode by the declared charset
        return response.get_json()
    assert response.mimetype == "text/xml" and response.mimetype_params.get("charset") == "utf-8", (
        response.content_type)
    document = etree.fromstring(response.data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    assert document.tag == root, document.tag
    return xml_to_data(document)


def has_offset(value: str) -> bool:
    return datetime.fromisoformat(value).utcoffset() is not None


def _fields(item: dict, allowed: set, required: set, what: str) -> None:
    assert isinstance(item, dict), f"{what}: {item!r}"
    assert set(item) <= allowed, f"{what} has fields outside the standard: {set(item) - allowed}"
    missing = {name for name in required if item.get(name) in (None, "")}
    assert not missing, f"{what} lacks required {missing}"


def check_discovery(body: dict) -> None:
    _fields(body, DISCOVERY_FIELDS, DISCOVERY_FIELDS, "discovery")
    for endpoint in body["endpoints"]:
        _fields(endpoint, ENDPOINT_FIELDS, ENDPOINT_FIELDS, "endpoint")
        assert set(endpoint["formats"]) == {"text/xml", "application/json"}


def check_services(body: list) -> None:
    assert body, "no services"
    for service in body:
        _fields(service, SERVICE_FIELDS, SERVICE_REQUIRED, "service")
        assert service["type"] in SERVICE_TYPES and as_text(service["metadata"]) in {"true", "false"}


def check_definition(body: dict) -> None:
    _fields(body, DEFINITION_FIELDS, DEFINITION_FIELDS, "service definition")
    for attribute in body["attributes"]:
        _fields(attribute, ATTRIBUTE_FIELDS, ATTRIBUTE_REQUIRED, "attribute")
        assert attribute["datatype"] in DATATYPES
        assert as_text(attribute["variable"]) in {"true", "false"} and as_text(attribute["required"]) in {
            "true", "false"}
        for value in attribute.get("values") or []:
            _fields(value, VALUE_FIELDS, VALUE_FIELDS, "attribute value")


def check_requests(body: list) -> None:
    for request in body:
        _fields(request, REQUEST_FIELDS, REQUEST_REQUIRED, "service request")
        assert request["status"] in {"open", "closed"}, request["status"]
        for name in REQUEST_DATETIMES:
            if request.get(name):
                assert has_offset(request[name]), (name, request[name])


def check_post_response(body: list) -> None:
    assert len(body) == 1
    _fields(body[0], POST_RESPONSE_FIELDS, set(), "POST response")
    assert body[0].get("service_request_id") or body[0].get("token")


def check_tokens(body: list) -> None:
    for item in body:
        _fields(item, TOKEN_FIELDS, {"token"}, "token")


def check_errors(body: list, status: int) -> list[str]:
    """The descriptions of a spec-format error body with HTTP status `status`."""
    assert isinstance(body, list) and body, body
    for error in body:
        _fields(error, ERROR_FIELDS, ERROR_FIELDS, "error")
        assert str(error["code"]) == str(status)
    return [error["description"] for error in body]
