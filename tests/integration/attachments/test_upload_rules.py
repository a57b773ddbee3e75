"""The finer rules of evidence files: the size limit to the byte, complete files only (with the padding
scanners add), every kind of active PDF content refused, safe display names, at most five files a case, and
unused uploads kept for exactly a day."""
from __future__ import annotations

import io

import pytest

from tests.integration.attachments.test_uploads import CITIZEN, LIMIT, counts, upload
from tests.support.files import jpeg, pdf, png

settings_overrides = pytest.fixture(lambda: {"attachment_max_bytes": LIMIT})


def png_of_size(size: int) -> bytes:
    base = len(png(padding=1)) - 1
    return png(padding=size - base)


def test_a_file_of_exactly_the_limit_is_taken_one_byte_more_is_not(api):
    citizen = api.login_citizen(CITIZEN)
    assert len(png_of_size(LIMIT)) == LIMIT
    assert upload(api, citizen, png_of_size(LIMIT), "exact.png").status_code == 201
    over = upload(api, citizen, png_of_size(LIMIT + 1), "over.png")
    assert over.status_code == 413
    assert over.get_json()["detail"] == f"file: {LIMIT + 1:,} bytes is more than the {LIMIT:,} bytes allowed."


@pytest.mark.parametrize("content, kind", [
    (jpeg() + b"\x00\x00\r\n", "image/jpeg"),
    (png() + b"\n", "image/png"),
    (pdf() + b"\r\n\x00 ", "application/pdf"),
    (pdf().replace(b"%%EOF\n", b"%%EOF"), "application/pdf"),
])
def test_complete_files_with_trailing_padding_are_taken(api, content, kind):
    response = upload(api, api.login_citizen(CITIZEN), content, "scan")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["content_type"] == kind


@pytest.mark.parametrize("content, says", [
    (jpeg()[:-2], "the JPEG image is incomplete (no end-of-image marker)"),
    (jpeg()[:-2] + b"\x00" * 2000 + b"\xff\xd9"[:1], "the JPEG image is incomplete (no end-of-image marker)"),
    (png() + b"x" * 100, "the PNG image is incomplete (no IEND chunk)"),
    (pdf()[:-7], "the PDF is incomplete (no %%EOF marker)"),
    (pdf() + b"trailing garbage " * 10, "the PDF is incomplete (no %%EOF marker)"),
    (b"\xff\xd8" + jpeg()[3:], "only JPEG, PNG and PDF files are accepted; this file's content is none of them"),
    (b"%PDF" + pdf()[5:], "only JPEG, PNG and PDF files are accepted; this file's content is none of them"),
])
def test_incomplete_or_unknown_files_are_refused_saying_why(api, app, content, says):
    response = upload(api, api.login_citizen(CITIZEN), content, "scan")
    assert response.status_code == 415 and response.get_json()["detail"] == f"file: {says}."
    assert response.get_json()["errors"] == {"file": [says]}
    assert counts(app) == (0, 0)


@pytest.mark.parametrize("active", [b"/JavaScript (x)", b"/JS (app.alert(1))", b"/Launch << /F (cmd.exe) >>",
                                    b"/EmbeddedFile 3 0 R", b"/OpenAction 4 0 R", b"/AA << /O 5 0 R >>"])
def test_every_kind_of_active_pdf_content_is_refused(api, active):
    response = upload(api, api.login_citizen(CITIZEN), pdf(active + b" "), "form.pdf")
    assert response.status_code == 415
    assert "scripts, launch actions or embedded files" in response.get_json()["detail"]


def test_words_that_merely_start_like_active_content_are_fine(api):
    response = upload(api, api.login_citizen(CITIZEN), pdf(b"/JSONData (x) /AAmount 3 /Launcher 1 "), "ok.pdf")
    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize("name, shown", [
    ("C:/Users/citizen/evil.png", "evil.png"),
    ("X-ray report X.png", "X-ray report X.png"),
    ("/etc/passwd", "passwd.png"),
    ("ration\x00card<script>.png", "ration_card_script_.png"),
    ("", "attachment.png"),
    ("...", "attachment.png"),
    (" .hidden. ", "hidden.png"),
    ("x" * 300 + ".png", "x" * 150 + ".png"),
    ("রেশন কার্ড.jpeg", "রেশন কার্ড.png"),
    ("scan (1).PDF", "scan (1).png"),
])
def test_display_names_lose_paths_and_odd_characters_and_follow_the_content(api, name, shown):
    response = upload(api, api.login_citizen(CITIZEN), png(), name)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["filename"] == shown


def test_a_grievance_keeps_at_most_five_files(api):
    citizen = api.login_citizen(CITIZEN)
    ids = [upload(api, citizen, png(width=n + 1), f"p{n}.png").get_json()["id"] for n in range(6)]
    refused = api.lodge(citizen, attachments=ids)
    assert refused.status_code == 422 and "attachments" in refused.get_json()["errors"]
    lodged = api.lodge(citizen, attachments=ids[:5])
    assert lodged.status_code == 201, lodged.get_json()
    listed = api.get(f"/grievances/{lodged.get_json()['reg_no']}/attachments", citizen).get_json()["items"]
    assert [f["id"] for f in listed] == ids[:5]


def test_an_upload_is_kept_until_exactly_a_day_has_passed(api, app, frozen_clock):
    from jobs.periodic import purge_unused_uploads

    upload(api, api.login_citizen(CITIZEN), png(), "abandoned.png")
    frozen_clock.advance(days=1)
    assert purge_unused_uploads(app) == 0
    frozen_clock.advance(seconds=1)
    assert purge_unused_uploads(app) == 1
    assert counts(app) == (0, 0)


def test_evidence_with_a_report_counts_towards_the_five_files_of_the_case(api):
    """Four files at lodging leave room for one more: an ATR with two pieces of evidence is refused whole (the
    report is not taken either), with one it goes through."""
    from tests.integration.security.pages import logged_in_pages
    from tests.support.cases import task

    citizen = api.login_citizen(CITIZEN)
    ids = [upload(api, citizen, png(width=n + 1), f"p{n}.png").get_json()["id"] for n in range(4)]
    reg_no = api.lodge(citizen, attachments=ids).get_json()["reg_no"]
    nodal = api.login("nodal.food.pur")
    work = task(api, nodal, "Task_submit_atr", reg_no)
    client, headers = logged_in_pages(api, nodal)
    form = {"action_taken": "Card printed and handed over.", "outcome": "redressed"}

    def submit(count: int):
        files = [(io.BytesIO(png(width=10 + n)), f"evidence{n}.png") for n in range(count)]
        return client.post(f"/work/{work['task_id']}", data={**form, "files": files}, headers=headers,
                           content_type="multipart/form-data")

    refused = submit(2)
    assert refused.status_code == 422
    assert '<p class="error" id="attachments-error">a grievance keeps at most 5 files</p>' in refused.get_data(
        as_text=True), "the reason is shown by the evidence input"
    assert len(api.get(f"/grievances/{reg_no}/attachments", citizen).get_json()["items"]) == 4
    assert task(api, nodal, "Task_submit_atr", reg_no)["task_id"] == work["task_id"], "the report waits"
    assert submit(1).status_code == 302
    assert len(api.get(f"/grievances/{reg_no}/attachments", citizen).get_json()["items"]) == 5
