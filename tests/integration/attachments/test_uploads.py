"""Evidence files: accepted by content (JPEG, PNG, PDF), kept on disk with a checksum, shown only to those who
may see the case; anything else gets a clear refusal and nothing half-lodged."""
from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import func, select

from attachments.models import Attachment
from case_api.models import Grievance
from core.db import transaction
from tests.support.files import jpeg, pdf, png

CITIZEN = "9830012345"
LIMIT = 60_000


@pytest.fixture
def settings_overrides():
    return {"attachment_max_bytes": LIMIT}


def upload(api, token, content: bytes, name: str):
    return api.post("/attachments", token, data={"file": (io.BytesIO(content), name)},
                    content_type="multipart/form-data")


def counts(app) -> tuple[int, int]:
    with app.app_context(), transaction(readonly=True) as session:
        return (session.scalar(select(func.count()).select_from(Grievance)),
                session.scalar(select(func.count()).select_from(Attachment)))


def test_citizen_lodges_with_a_photo_and_a_pdf_and_gets_them_back_intact(api, app):
    citizen = api.login_citizen(CITIZEN)
    photo, letter = upload(api, citizen, png(), "ration card.png"), upload(api, citizen, pdf(), "letter.pdf")
    assert photo.status_code == 201 and letter.status_code == 201, (photo.get_json(), letter.get_json())
    assert photo.get_json()["content_type"] == "image/png" and photo.get_json()["sha256"] == \
        hashlib.sha256(png()).hexdigest()
    lodged = api.lodge(citizen, attachments=[photo.get_json()["id"], letter.get_json()["id"]])
    assert lodged.status_code == 201, lodged.get_json()
    reg_no = lodged.get_json()["reg_no"]
    listed = api.get(f"/grievances/{reg_no}/attachments", citizen).get_json()["items"]
    assert [(f["filename"], f["content_type"]) for f in listed] == [("ration card.png", "image/png"),
                                                                     ("letter.pdf", "application/pdf")]
    download = api.get(f"/grievances/{reg_no}/attachments/{listed[1]['id']}", citizen)
    assert download.status_code == 200 and download.data == pdf()
    assert download.mimetype == "application/pdf" and "attachment" in download.headers["Content-Disposition"]
    stored = app.extensions["settings"].attachments_dir.rglob(hashlib.sha256(pdf()).hexdigest())
    assert [p.read_bytes() for p in stored] == [pdf()]  # on disk, outside the database
    nodal = api.login("nodal.food.pur")
    assert api.get(f"/grievances/{reg_no}/attachments", nodal).get_json()["items"][0]["sha256"] == \
        hashlib.sha256(png()).hexdigest()


def test_the_name_does_not_decide_the_type(api):
    citizen = api.login_citizen(CITIZEN)
    disguised = upload(api, citizen, png(), "scan.pdf")
    assert disguised.status_code == 201
    assert disguised.get_json()["content_type"] == "image/png" and disguised.get_json()["filename"] == "scan.png"
    assert upload(api, citizen, jpeg(), "photo").get_json()["content_type"] == "image/jpeg"


@pytest.mark.parametrize("content, name, reason", [
    (b"<html><script>alert(1)</script></html>", "photo.jpg", "only JPEG, PNG and PDF"),
    (b"MZ\x90\x00" + b"\x00" * 200, "receipt.pdf", "only JPEG, PNG and PDF"),
    (png()[:-12], "cut.png", "incomplete"),
    (b"\x89PNG    " + png()[8:], "partial-signature.png", "only JPEG, PNG and PDF"),
    (b"\x89PNG\r\n\x1a" + png()[8:], "seven-byte-signature.png", "only JPEG, PNG and PDF"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "header-only.png", "incomplete"),
    (pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "), "form.pdf", "scripts"),
    (b"", "empty.png", "empty"),
])
def test_wrongly_typed_files_are_refused_and_not_kept(api, app, content, name, reason):
    citizen = api.login_citizen(CITIZEN)
    response = upload(api, citizen, content, name)
    assert response.status_code == 415 if content else response.status_code in (415, 422)
    assert reason in response.get_json()["detail"] and response.mimetype == "application/problem+json"
    assert counts(app) == (0, 0)


def test_oversize_files_are_refused_with_the_limit_named(api, app):
    citizen = api.login_citizen(CITIZEN)
    just_over = upload(api, citizen, png(padding=LIMIT), "big.png")
    assert just_over.status_code == 413 and f"{LIMIT:,} bytes" in just_over.get_json()["detail"]
    far_over = upload(api, citizen, png(padding=LIMIT * 4), "huge.png")
    assert far_over.status_code == 413 and far_over.get_json()["code"] == "request_too_large"
    # The request may carry one file of the limit and its envelope (64 KiB), not two files' worth.
    two_files_worth = upload(api, citizen, png(padding=LIMIT * 2 + 10_000), "twice.png")
    assert two_files_worth.get_json()["code"] == "request_too_large"
    assert counts(app) == (0, 0)


def test_lodging_with_a_file_that_is_not_yours_lodges_nothing(api, app):
    other = api.login_citizen("9830099999")
    foreign = upload(api, other, png(), "theirs.png").get_json()["id"]
    citizen = api.login_citizen(CITIZEN)
    mine = upload(api, citizen, jpeg(), "mine.jpg").get_json()["id"]
    for ids, culprit in (([mine, foreign], foreign), (["no-such-attachment-id"], "no-such-attachment-id")):
        refused = api.lodge(citizen, attachments=ids)
        assert refused.status_code == 422 and refused.get_json()["errors"]["attachments"] == [
            f"{culprit} is not a file you uploaded and have not used yet"]
    assert counts(app) == (0, 2)
    assert api.lodge(citizen, attachments=[mine]).status_code == 201  # the refused lodging did not use it up
    assert api.lodge(citizen, attachments=[mine]).status_code == 422  # but a file belongs to one grievance


def test_only_those_who_may_see_the_case_see_its_files(api):
    citizen = api.login_citizen(CITIZEN)
    file_id = upload(api, citizen, png(), "p.png").get_json()["id"]
    reg_no = api.lodge(citizen, attachments=[file_id]).get_json()["reg_no"]
    stranger = api.login_citizen("9830099999")
    assert api.get(f"/grievances/{reg_no}/attachments", stranger).status_code == 404
    assert api.get(f"/grievances/{reg_no}/attachments/{file_id}", stranger).status_code == 404
    assert api.get(f"/grievances/{reg_no}/attachments/{file_id}", api.login("nodal.food.kol")).status_code == 404
    assert api.get(f"/grievances/{reg_no}/attachments/{file_id}").status_code == 401
    assert upload(api, api.login("auditor"), png(), "x.png").status_code == 403


def test_a_file_is_served_only_through_the_grievance_it_belongs_to(api):
    """The CMO cell may see both cases, yet one case's file is not downloadable through the other's address."""
    citizen, other = api.login_citizen(CITIZEN), api.login_citizen("9830099999")
    mine = upload(api, citizen, png(), "mine.png").get_json()["id"]
    theirs = upload(api, other, pdf(), "theirs.pdf").get_json()["id"]
    my_case = api.lodge(citizen, attachments=[mine]).get_json()["reg_no"]
    their_case = api.lodge(other, attachments=[theirs], description="Street light near the school is dark.").get_json()[
        "reg_no"]
    cmo = api.login("cmo.cell")
    assert api.get(f"/grievances/{their_case}/attachments/{theirs}", cmo).data == pdf()
    crossed = api.get(f"/grievances/{my_case}/attachments/{theirs}", cmo)
    assert crossed.status_code == 404 and crossed.get_json()["code"] == "attachment_not_found"
    assert theirs in crossed.get_json()["detail"]
    assert api.get(f"/grievances/{my_case}/attachments/{theirs}", citizen).status_code == 404
    assert [f["id"] for f in api.get(f"/grievances/{my_case}/attachments", cmo).get_json()["items"]] == [mine]


def test_a_file_damaged_on_disk_is_never_served(api, app):
    citizen = api.login_citizen(CITIZEN)
    file_id = upload(api, citizen, png(), "p.png").get_json()["id"]
    reg_no = api.lodge(citizen, attachments=[file_id]).get_json()["reg_no"]
    [path] = app.extensions["settings"].attachments_dir.rglob(hashlib.sha256(png()).hexdigest())
    path.write_bytes(png(width=3))
    response = api.get(f"/grievances/{reg_no}/attachments/{file_id}", citizen)
    assert response.status_code == 500 and response.get_json()["code"] == "attachment_damaged"
    assert response.get_json()["detail"] == ("This file is damaged in storage; the administrators are alerted. "
                                             "Quote its id when asking.")


def test_uploads_never_cited_are_purged_after_a_day_but_cited_files_stay(api, app, frozen_clock):
    from jobs.periodic import purge_unused_uploads

    citizen = api.login_citizen(CITIZEN)
    cited = upload(api, citizen, png(), "kept.png").get_json()["id"]
    upload(api, citizen, png(), "same bytes, abandoned.png")
    upload(api, citizen, pdf(), "abandoned.pdf")
    api.lodge(citizen, attachments=[cited])
    root = app.extensions["settings"].attachments_dir
    assert purge_unused_uploads(app) == 0  # not a day old yet
    frozen_clock.advance(days=1, minutes=1)
    assert purge_unused_uploads(app) == 2
    assert counts(app) == (1, 1)
    assert list(root.rglob(hashlib.sha256(png()).hexdigest()))
    assert not list(root.rglob(hashlib.sha256(pdf()).hexdigest()))
