"""The quality lead's and the CMO cell's forms say what is wrong in the page's language, Bengali included."""
from __future__ import annotations

from tests.integration.call_quality.test_call_quality import lodge
from tests.integration.security.pages import logged_in_pages


def test_a_rating_without_its_remark_is_refused_in_bengali(api):
    reg_no = lodge(api, api.login("operator"))
    client, headers = logged_in_pages(api, api.login("quality.lead"))
    refused = client.post(f"/quality/lodgings/{reg_no}?lang=bn", headers=headers,
                          data={"category_ok": "false", "district_ok": "true", "text_ok": "true", "remark": ""})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "কী ভুলভাবে নথিভুক্ত হয়েছে তা লিখুন" in page and "say what was registered wrongly" not in page
    english = client.post(f"/quality/lodgings/{reg_no}?lang=en", headers=headers,
                          data={"category_ok": "false", "district_ok": "true", "text_ok": "true", "remark": ""})
    assert "say what was registered wrongly" in english.get_data(as_text=True)
