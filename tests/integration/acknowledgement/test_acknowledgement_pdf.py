"""The printable acknowledgement: a PDF that opens, with the registration number, the tracking link (also as a QR
code) and the due date; for those who may see the case only; Bengali shaped with a Bengali font."""
from __future__ import annotations

import io

from pypdf import PdfReader

from case_api.queries import find_by_reg_no
from core.db import transaction
from tests.integration.security.pages import logged_in_pages
from web import datetime_ist

CITIZEN = "9830012345"


def _pdf(client, reg_no: str, lang: str = "en"):
    return client.get(f"/grievances/{reg_no}/acknowledgement.pdf?lang={lang}")


def test_complainant_prints_the_acknowledgement(app, api):
    token = api.login_citizen(CITIZEN)
    lodged = api.lodge(token).get_json()
    client, _ = logged_in_pages(api, token)
    answer = _pdf(client, lodged["reg_no"])
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert lodged["reg_no"] in text
    assert f"/track?reg_no={lodged['reg_no'].replace('/', '%2F')}" in text
    with app.app_context(), transaction(readonly=True) as db:
        due = find_by_reg_no(db, lodged["reg_no"]).sla_due_at
    assert datetime_ist(due) in text  # the due date as people in West Bengal read it
    assert reader.pages[0].images, "the QR code"

    bengali = PdfReader(io.BytesIO(_pdf(client, lodged["reg_no"], "bn").data))
    assert lodged["reg_no"] in bengali.pages[0].extract_text()
    fonts = [str(f.get_object()["/BaseFont"]) for f in bengali.pages[0]["/Resources"]["/Font"].get_object().values()]
    assert any("Noto-Sans-Bengali" in font for font in fonts), fonts


def test_only_those_who_see_the_case_get_its_acknowledgement(app, api):
    reg_no = api.lodge(api.login_citizen(CITIZEN)).get_json()["reg_no"]
    stranger, _ = logged_in_pages(api, api.login_citizen("9830099999"))
    assert _pdf(stranger, reg_no).status_code == 404
    anonymous = api.app.test_client().get(f"/grievances/{reg_no}/acknowledgement.pdf")
    assert anonymous.status_code == 302 and "/citizen/login" in anonymous.headers["Location"]
    office, _ = logged_in_pages(api, api.login("nodal.food.pur"))
    assert _pdf(office, reg_no).status_code == 200
