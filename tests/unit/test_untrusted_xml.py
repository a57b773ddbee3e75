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


def _disguised(encoding: str, codec: str) -> bytes:
    """A DOCTYPE with an internal entity, written in another encoding so the bytes never spell '<!DOCTYPE'."""
    text = (f'<?xml version="1.0" encoding="{encoding}"?>'
            '<!DOCTYPE d [<!ENTITY x "boom">]><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">'
            '&x;</definitions>')
    if codec == "utf-7-forced":  # Python's UTF-7 codec leaves '<' and '!' as they are; encode them as UTF-7 may
        head, body = text.split("?>", 1)
        return (head + "?>").encode() + body.replace("<", "+ADw-").replace("!", "+ACE-").encode()
    return text.encode(codec)


@pytest.mark.parametrize("encoding, codec", [("UTF-7", "utf-7-forced"), ("UTF-16", "utf-16"),
                                             ("UTF-16LE", "utf-16-le"), ("UTF-32", "utf-32")])
def test_doctype_disguised_by_another_encoding_is_refused(encoding, codec):
    raw = _disguised(encoding, codec)
    assert b"<!DOCTYPE" not in raw.upper()
    with pytest.raises(InvalidModel, match="DOCTYPE|UTF-8") as caught:
        parse_xml("evil.bpmn", raw)
    assert "boom" not in str(caught.value)


def test_a_model_in_another_encoding_is_refused_with_the_fix():
    raw = ('<?xml version="1.0" encoding="ISO-8859-1"?>'
           '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>').encode("latin-1")
    with pytest.raises(InvalidModel, match="save it as UTF-8"):
        parse_xml("latin.bpmn", raw)
