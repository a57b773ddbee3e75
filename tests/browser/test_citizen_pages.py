"""A citizen lodges on the portal (mobile OTP, a photo attached), gets the registration number and tracks it."""
from __future__ import annotations

import re

from tests.support.files import png

CITIZEN = "9830012345"


def fill_lodge_form(page, *, description: str, attachment) -> None:
    page.get_by_label("Complainant's name").fill("Sabina Khatun")
    page.get_by_label("District").select_option("PUR")
    page.get_by_label("What is it about?").select_option("FOOD_RATION_CARD")
    page.get_by_label("Your grievance").fill(description)
    page.get_by_label("Documents or photos (optional)").set_input_files(str(attachment))


def test_citizen_lodges_with_a_photo_and_tracks_the_grievance(page, people, shot, tmp_path):
    page.goto("/")
    page.get_by_role("link", name="Lodge a grievance").first.click()
    assert "/citizen/login" in page.url  # lodging needs the mobile OTP first
    people.citizen(page, CITIZEN)
    page.goto("/lodge")
    photo = tmp_path / "card.png"
    photo.write_bytes(png())
    fill_lodge_form(page, description="My ration card application of March is still pending.", attachment=photo)
    shot(page, "1-lodge-form")
    page.get_by_role("button", name="Lodge the grievance").click()
    reg_no = page.get_by_test_id("reg-no").inner_text()
    assert re.fullmatch(r"CMO/2026/\d{6}", reg_no)
    shot(page, "2-registered")

    page.get_by_role("link", name="Track this grievance").click()
    assert page.get_by_test_id("status").inner_text() == "With the office for action"
    shot(page, "3-tracked")
    page.goto("/my-cases")
    assert reg_no in page.locator(".case-list").inner_text()


def test_a_wrong_form_shows_what_to_correct_and_lodges_nothing(page, people, api, tmp_path):
    people.citizen(page, CITIZEN)
    page.goto("/lodge")
    fake = tmp_path / "photo.jpg"
    fake.write_bytes(b"<html>not a photo</html>")
    fill_lodge_form(page, description="Too short", attachment=fake)
    page.get_by_role("button", name="Lodge the grievance").click()
    summary = page.get_by_role("alert")
    assert "Only JPEG, PNG and PDF files are accepted." in summary.inner_text()
    assert summary.get_by_role("link", name="Documents").get_attribute("href") == "#files"  # the real input
    page.get_by_label("Documents or photos (optional)").set_input_files([])
    page.get_by_role("button", name="Lodge the grievance").click()
    assert "at least 10 characters" in page.locator("#description-error").inner_text()
    assert page.get_by_label("Your grievance").get_attribute("aria-invalid") == "true"
    assert api.get("/grievances", api.login("cmo.cell")).get_json()["total"] == 0


def test_the_portal_reads_in_bengali_and_fits_a_phone(phone, shot):
    phone.goto("/?lang=bn")
    assert phone.locator("html").get_attribute("lang") == "bn"
    assert phone.get_by_role("heading", level=1).inner_text() == "আপনার অভিযোগ মুখ্যমন্ত্রীর দপ্তরকে জানান"
    assert phone.get_by_role("link", name="অভিযোগের অবস্থা দেখুন").is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    phone.goto("/track?reg_no=CMO/2026/000404")  # the choice of language is remembered
    assert "নম্বরে কোনও অভিযোগ নথিভুক্ত নেই" in phone.get_by_role("alert").inner_text()
    shot(phone, "track-not-found-bn")
