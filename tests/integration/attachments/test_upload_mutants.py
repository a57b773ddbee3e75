"""The citizen is told exactly why a file is refused: an empty file, and a PDF with active content, each named
in full in the problem's detail and its field error; nothing is kept."""
from __future__ import annotations

import io

import pytest

from tests.support.files import pdf

ACTIVE = "the PDF carries scripts, launch actions or embedded files, which are not accepted"


def upload(api, token, content: bytes, name: str):
    return api.post("/attachments", token, data={"file": (io.BytesIO(content), name)},
                    content_type="multipart/form-data")


@pytest.mark.parametrize("content, name, says", [
    (b"", "empty.pdf", "the file is empty"),
    (pdf(b"/JavaScript (x) "), "form.pdf", ACTIVE),
])
def test_a_refused_file_is_refused_saying_exactly_why(api, content, name, says):
    citizen = api.login_citizen("9830012345")
    response = upload(api, citizen, content, name)
    assert response.status_code == 415, response.get_json()
    assert (response.get_json()["code"], response.get_json()["detail"]) == ("unsupported_attachment", f"file: {says}.")
    assert response.get_json()["errors"] == {"file": [says]}
