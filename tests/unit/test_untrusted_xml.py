"""Uploaded BPMN/DMN is untrusted XML: entities, DTDs, oversize files and garbage are refused with a reason."""
import pytest

from engine.definitions import InvalidModel, parse_model, parse_xml

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol2;</definitions>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&xxe;</definitions>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE])
def test_doctype_and_entities_are_refused(payload):
    with pytest.raises(InvalidModel, match="DOCTYPE"):
        parse_xml("evil.bpmn", payload)


def test_oversize_file_is_refused_before_parsing():
    with pytest.raises(InvalidModel, match="larger than"):
        parse_xml("big.bpmn", "<a>" + "x" * 5_000_000 + "</a>")


def test_malformed_xml_names_the_problem():
    with pytest.raises(InvalidModel, match="not well-formed"):
        parse_xml("broken.bpmn", "<definitions><process></definitions>")


def test_unknown_files_and_missing_process_are_reported():
    with pytest.raises(InvalidModel) as caught:
        parse_model("grievance", {"notes.txt": "hello"})
    assert "only .bpmn" in caught.value.problems[0].message
