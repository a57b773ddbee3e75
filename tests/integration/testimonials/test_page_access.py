"""The testimonial and call-quality pages check role and CSRF like the API: a citizen sees no testimonial before it
is approved, an operator cannot rate, a quality lead cannot publish, and nobody posts without the form's token."""
from __future__ import annotations

from tests.integration.security.pages import logged_in_pages
from tests.support.cases import lodge_and_close

CITIZEN = "9830012345"
QUOTE = "The ration card reached us in a week; the office was kind."


def test_pages_refuse_the_wrong_roles(api):
    citizen = api.login_citizen(CITIZEN)
    reg_no = lodge_and_close(api, citizen, complainant_name="Sabina Khatun")
    nodal = api.login("nodal.food.pur")
    testimonial = api.post(f"/testimonials/cases/{reg_no}", nodal,
                           json={"quote": QUOTE, "consent_method": "in_person"}).get_json()
    pages = {name: logged_in_pages(api, api.login(name)) for name in ("operator", "quality.lead", "cmo.cell")}
    pages["citizen"] = logged_in_pages(api, citizen)

    for who in ("citizen", "operator", "quality.lead"):
        client, _headers = pages[who]
        assert client.get("/testimonials/review").status_code == 403, who
        assert QUOTE not in client.get("/testimonials").get_data(as_text=True), who
        assert client.get(f"/testimonials/record/{reg_no}").status_code == 403, who
    for who in ("citizen", "operator", "cmo.cell"):
        client, headers = pages[who]
        assert client.get("/quality").status_code == 403, who
        assert client.get("/quality/scores").status_code == 403, who
        assert client.post(f"/quality/lodgings/{reg_no}", headers=headers,
                           data={"category_ok": "true", "district_ok": "true", "text_ok": "true"}).status_code == 403
    client, headers = pages["quality.lead"]
    assert client.get("/quality/corrections").status_code == 403
    assert client.post(f"/testimonials/{testimonial['id']}/decide", headers=headers,
                       data={"decision": "approve"}).status_code == 403

    client, headers = pages["cmo.cell"]
    assert client.post(f"/testimonials/{testimonial['id']}/decide", data={"decision": "approve"}).status_code == 400
    assert api.get("/testimonials/published").get_json()["total"] == 0           # no token, nothing published
    approved = client.post(f"/testimonials/{testimonial['id']}/decide", headers=headers, data={"decision": "approve"})
    assert approved.status_code == 302
    public = api.client.get("/testimonials").get_data(as_text=True)
    assert QUOTE in public and "Sabina" not in public and reg_no not in public and "98300" not in public
