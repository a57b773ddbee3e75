"""The office records a redressed citizen's testimonial with a photo and consent, the CMO cell approves it, and the
public page shows it (in English and Bengali) without the citizen's name, mobile, address or case number."""
from __future__ import annotations

from tests.browser.test_accessibility import violations
from tests.support.cases import lodge_and_close
from tests.support.files import png

CITIZEN = "9830012345"
QUOTE = "My ration card came home within a week. Thank you to the food office."


def test_an_approved_testimonial_appears_on_the_public_page_without_personal_data(page, people, api, shot):
    reg_no = lodge_and_close(api, api.login_citizen(CITIZEN), complainant_name="Sabina Khatun",
                             address="Village Hura, Purulia")
    people.officer(page, "nodal.food.pur")
    page.get_by_role("link", name="Testimonials", exact=True).click()
    assert violations(page) == []
    page.get_by_role("link", name=f"Record a testimonial for {reg_no}").click()
    page.get_by_role("button", name="Record the testimonial").click()  # nothing filled: the browser asks first
    assert page.get_by_label("The citizen's words").evaluate("box => box.validity.valueMissing")
    page.get_by_label("The citizen's words").fill(QUOTE)
    page.get_by_label("On a phone call").check()
    page.get_by_label("A photo or document (optional)").set_input_files(
        {"name": "sabina.png", "mimeType": "image/png", "buffer": png(40, 30)})
    page.get_by_label("The citizen agreed that the photo may be shown on the public page").check()
    assert violations(page) == []
    page.get_by_role("button", name="Record the testimonial").click()
    assert "waits for the CMO cell's approval" in page.get_by_role("status").inner_text()
    assert "Waiting for the CMO cell" in page.locator(".case", has_text=QUOTE).inner_text()

    page.context.clear_cookies()
    page.goto("/testimonials")
    assert QUOTE not in page.content()                       # not yet approved: not public
    people.officer(page, "cmo.cell")
    page.get_by_role("link", name="Testimonials to approve").click()
    waiting = page.locator(".case", has_text=QUOTE)
    assert "on a phone call" in waiting.inner_text() and "The photo may be published." in waiting.inner_text()
    assert violations(page) == []
    waiting.get_by_role("button", name="Reject").click()     # a rejection needs a reason
    assert "Say why" in page.locator(".case", has_text=QUOTE).inner_text()
    assert violations(page) == []
    page.locator(".case", has_text=QUOTE).get_by_role("button", name="Approve and publish").click()
    assert "on the public page" in page.get_by_role("status").inner_text()

    page.context.clear_cookies()
    page.goto("/testimonials")
    card = page.locator(".testimonial", has_text=QUOTE)
    assert "Food & Supplies, Purulia district, redressed in November 2026" in card.inner_text()
    assert card.get_by_role("img").evaluate("img => img.complete && img.naturalWidth") == 40
    html = page.content()
    for personal in ("Sabina", "9830012345", "Hura", reg_no):
        assert personal not in html
    assert violations(page) == []
    shot(page, "public-testimonials")
    page.goto("/testimonials?lang=bn")
    card = page.locator(".testimonial", has_text=QUOTE)
    assert "খাদ্য ও সরবরাহ" in card.inner_text() and "পুরুলিয়া" in card.inner_text()
    assert "নভেম্বর" in card.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "নাগরিকরা যা বলছেন"
    assert violations(page) == []
    shot(page, "public-testimonials-bn")
