"""A call-centre operator lodges with the call's reference and recording; the quality lead rates one lodging right,
sends another back with a wrong category; the operator corrects it; the lead sees the operator's weekly score."""
from __future__ import annotations

from tests.browser.test_accessibility import violations
from tests.support.recordings import wav


def lodge_by_phone(page, description: str, category: str, reference: str, recording: bytes = wav()) -> None:
    page.goto("/lodge")
    page.get_by_label("Complainant's name").fill("Abdul Karim")
    page.get_by_label("Complainant's mobile number").fill("98300 12345")
    page.get_by_label("District").select_option("PUR")
    page.get_by_label("What is it about?").select_option(category)
    page.get_by_label("Your grievance").fill(description)
    page.get_by_label("Call reference").fill(reference)
    page.get_by_label("Call recording (optional)").set_input_files(
        {"name": "call.wav", "mimeType": "audio/wav", "buffer": recording})
    page.get_by_role("button", name="Lodge the grievance").click()


def rate(page, reg_no: str, wrong: tuple[str, ...], remark: str | None, button: str) -> None:
    page.get_by_role("link", name=reg_no).click()
    assert page.locator("audio").get_attribute("src").endswith("/recording")
    for fact in ("category_ok", "district_ok", "text_ok"):
        page.locator(f"#{fact}-{'no' if fact in wrong else 'yes'}").check()
    if remark:
        page.get_by_label("Remark").fill(remark)
    assert violations(page) == []
    page.get_by_role("button", name=button).click()


def test_lead_rates_and_sends_back_and_the_operator_corrects(page, people, api, shot):
    people.officer(page, "operator")
    lodge_by_phone(page, "Ration card for the new-born daughter is not issued yet.", "FOOD_RATION_CARD",
                   "CC-20261102-0041", recording=b"not a recording at all")
    assert "WAV, MP3, Ogg or M4A" in page.locator("#recording-error").inner_text()   # refused, nothing lodged
    assert page.get_by_label("Call reference").input_value() == "CC-20261102-0041"
    assert violations(page) == []
    page.get_by_label("Call recording (optional)").set_input_files(
        {"name": "call.wav", "mimeType": "audio/wav", "buffer": wav()})
    page.get_by_role("button", name="Lodge the grievance").click()
    good = page.get_by_test_id("reg-no").inner_text()
    lodge_by_phone(page, "The ration dealer in Hura gives short weight every month.", "FOOD_RATION_CARD",
                   "CC-20261102-0042")
    faulty = page.get_by_test_id("reg-no").inner_text()

    page.context.clear_cookies()
    people.officer(page, "quality.lead")
    assert page.url.endswith("/quality")
    sample = page.locator(".operator-sample", has_text="Call-centre operator")
    assert sample.get_by_role("link", name=good).is_visible() and sample.get_by_role("link", name=faulty).is_visible()
    assert violations(page) == []
    rate(page, good, (), None, "Save the rating")
    assert "Rating of" in page.get_by_role("status").inner_text()
    rate(page, faulty, ("category_ok",), "Short weight is a ration dealer irregularity.",
         "Save and send back for correction")
    assert "sent back to the operator" in page.get_by_role("status").inner_text()
    sample = page.locator(".operator-sample", has_text="Call-centre operator")
    assert sample.get_by_role("link", name=faulty).count() == 0                   # rated: out of the sample
    assert "not yet" in page.locator(".sent-back tr", has_text=faulty).inner_text()
    page.goto("/quality?lang=bn")
    assert page.get_by_role("heading", level=1).inner_text() == "কলের গুণমান: মূল্যায়নের জন্য নথিভুক্তি"
    assert violations(page) == []
    page.goto("/quality/scores?lang=en")
    row = page.locator("tr", has_text="Call-centre operator")
    assert "83% (2)" in row.inner_text()                                          # (3 + 2) of 6 facts right
    assert violations(page) == []
    shot(page, "scores")

    page.context.clear_cookies()
    people.officer(page, "operator")
    page.get_by_role("link", name="Lodgings to correct").click()
    item = page.locator(".case", has_text=faulty)
    assert "category" in item.inner_text() and "ration dealer irregularity" in item.inner_text()
    assert page.locator(".case", has_text=good).count() == 0
    assert violations(page) == []
    item.get_by_role("link", name=f"Correct {faulty}").click()
    assert page.get_by_label("What is it about?").input_value() == "FOOD_RATION_CARD"  # pre-filled as registered
    page.get_by_label("What is it about?").select_option("FOOD_PDS_DEALER")
    assert violations(page) == []
    page.get_by_role("button", name="Save the correction").click()
    notice = page.get_by_role("status").inner_text()
    assert f"{faulty} is corrected" in notice and "stays with the office" in notice
    assert "Nothing to correct." in page.content()
    shot(page, "corrected")
    case = api.get(f"/grievances/{faulty}", api.login("operator")).get_json()
    assert case["category"] == "FOOD_PDS_DEALER"
