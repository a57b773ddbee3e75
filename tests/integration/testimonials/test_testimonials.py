"""Testimonials: the office that redressed a case records the citizen's words with their consent; only the CMO cell
publishes them; the public list and photo carry nothing that names or locates the citizen."""
from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from PIL import Image

from case_api.history import list_events
from case_api.queries import find_by_reg_no
from core.db import transaction
from tests.integration.security.pages import logged_in_pages
from tests.support.cases import lodge_and_close
from tests.support.files import pdf, png

CITIZEN = "9830012345"
QUOTE = "My ration card came home within a week; thank you to the Purulia food office."


def photo_taken_at_home() -> bytes:
    """A phone's JPEG: EXIF with the camera owner's name and the GPS position where it was taken."""
    exif = Image.Exif()
    exif[0x013B] = "Sabina Khatun"                                   # Artist
    exif[0x8825] = {1: "N", 2: (23.0, 20.0, 1.5), 3: "E", 4: (86.0, 21.0, 54.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(api, token, content: bytes, name: str) -> str:
    response = api.post("/attachments", token, data={"file": (io.BytesIO(content), name)},
                        content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def record(api, token, reg_no, **overrides):
    body = {"quote": QUOTE, "consent_method": "phone_call"}
    return api.post(f"/testimonials/cases/{reg_no}", token, json={**body, **overrides})


def events(app, reg_no):
    with app.app_context(), transaction(readonly=True) as session:
        return [(e.event_type, e.actor_role, json.loads(e.data))
                for e in list_events(session, find_by_reg_no(session, reg_no).id)]


def test_an_approved_testimonial_is_public_without_personal_data(api, app):
    reg_no = lodge_and_close(api, api.login_citizen(CITIZEN), complainant_name="Sabina Khatun",
                             address="Village Hura, Purulia")
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    original = photo_taken_at_home()
    assert b"Sabina" in original
    photo = upload(api, nodal, original, "Sabina at home.jpg")
    recorded = record(api, nodal, reg_no, attachment=photo, consent_covers_photo=True,
                      consent_at="2026-11-02T10:00:00+05:30")
    assert recorded.status_code == 201, recorded.get_json()
    testimonial = recorded.get_json()
    assert testimonial["status"] == "pending" and testimonial["consent_recorded_by"].startswith("Nodal officer")
    assert testimonial["consent_method"] == "phone_call"
    assert datetime.fromisoformat(testimonial["consent_at"]) == datetime(2026, 11, 2, 4, 30, tzinfo=UTC)

    assert api.get("/testimonials/published").get_json() == {"items": [], "total": 0}
    decided = api.post(f"/testimonials/{testimonial['id']}/decision", cmo, json={"approve": True})
    assert decided.status_code == 200 and decided.get_json()["status"] == "approved"

    published = api.get("/testimonials/published").get_json()
    assert published["total"] == 1
    [item] = published["items"]
    assert item["quote"] == QUOTE and item["has_photo"] is True
    assert item["department"]["en"] == "Food & Supplies" and item["district"]["en"] == "Purulia"
    assert item["redressed_month"] == "2026-11"
    text = json.dumps(published)
    for personal in ("Sabina", "9830012345", "Hura", reg_no):
        assert personal not in text
    photo_page = api.client.get(f"/testimonials/{item['id']}/photo")
    assert photo_page.status_code == 200 and photo_page.mimetype == "image/jpeg"
    shown = Image.open(io.BytesIO(photo_page.data))
    assert shown.size == (64, 48) and not shown.getexif() and b"Sabina" not in photo_page.data

    assert [e[:2] for e in events(app, reg_no)[-2:]] == [("testimonial_recorded", "nodal_officer"),
                                                          ("testimonial_approved", "cmo_cell")]
    client, _headers = logged_in_pages(api, api.login("auditor"))
    page = " ".join(client.get(f"/cases/{reg_no}").get_data(as_text=True).split())
    assert "Testimonial recorded with the citizen's consent (on a phone call)" in page
    assert "Testimonial approved: it appears on the public page without personal data." in page


def test_a_photo_without_consent_to_publish_or_a_document_is_never_public(api):
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    citizen = api.login_citizen(CITIZEN)
    first = lodge_and_close(api, citizen)
    second = lodge_and_close(api, citizen, description="The dealer refused rice for two months in Hura village.")
    ids = [record(api, nodal, first, attachment=upload(api, nodal, png(), "p.png")).get_json()["id"],
           record(api, nodal, second, attachment=upload(api, nodal, pdf(), "letter.pdf"),
                  consent_covers_photo=True).get_json()["id"]]
    for testimonial_id in ids:
        assert api.post(f"/testimonials/{testimonial_id}/decision", cmo, json={"approve": True}).status_code == 200
    assert [i["has_photo"] for i in api.get("/testimonials/published").get_json()["items"]] == [False, False]
    for testimonial_id in ids:
        assert api.client.get(f"/testimonials/{testimonial_id}/photo").status_code == 404


def test_who_may_record_see_and_decide(api):
    citizen = api.login_citizen(CITIZEN)
    reg_no = lodge_and_close(api, citizen)
    open_case = api.lodge(citizen, description="Another grievance about the ration dealer's shop hours.")
    nodal, kolkata, cmo = api.login("nodal.food.pur"), api.login("nodal.food.kol"), api.login("cmo.cell")
    operator, hod = api.login("operator"), api.login("hod.food")

    assert record(api, kolkata, reg_no).status_code == 404           # not their office: not even visible
    assert record(api, cmo, reg_no).status_code == 403               # the acting office records, not the cell
    assert record(api, citizen, reg_no).status_code == 403
    not_closed = record(api, nodal, open_case.get_json()["reg_no"])
    assert not_closed.status_code == 409 and not_closed.get_json()["code"] == "not_redressed"
    future = record(api, nodal, reg_no, consent_at="2027-01-01T10:00:00+05:30")
    assert future.status_code == 422 and "future" in future.get_json()["errors"]["consent_at"][0]
    assert record(api, nodal, reg_no, consent_method="guessed").status_code == 422

    created = record(api, nodal, reg_no)
    assert created.status_code == 201
    testimonial_id = created.get_json()["id"]
    assert record(api, nodal, reg_no).status_code == 409             # one waiting or published per case

    for token in (citizen, operator, hod):                           # unapproved: not for them
        assert api.get("/testimonials", token).status_code == 403
    assert api.get("/testimonials", kolkata).get_json() == []
    assert [t["id"] for t in api.get("/testimonials", nodal).get_json()] == [testimonial_id]
    assert api.get("/testimonials/published").get_json()["total"] == 0

    for token in (nodal, citizen, hod):
        assert api.post(f"/testimonials/{testimonial_id}/decision", token, json={"approve": True}).status_code == 403
    no_reason = api.post(f"/testimonials/{testimonial_id}/decision", cmo, json={"approve": False})
    assert no_reason.status_code == 422 and "note" in no_reason.get_json()["errors"]
    rejected = api.post(f"/testimonials/{testimonial_id}/decision", cmo,
                        json={"approve": False, "note": "Names a neighbour."})
    assert rejected.get_json()["status"] == "rejected"
    assert api.post(f"/testimonials/{testimonial_id}/decision", cmo, json={"approve": True}).status_code == 409
    assert api.get("/testimonials/published").get_json()["total"] == 0
    assert api.client.get(f"/testimonials/{testimonial_id}/photo").status_code == 404
    assert record(api, nodal, reg_no, quote="After the rejection the officer records better words of thanks.")\
        .status_code == 201
