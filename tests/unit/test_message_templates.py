import pytest

from notifications.templates import _catalog, render

VALUES = dict(reg_no="CMO/2026/000123", office="Food & Supplies, Purulia District Office", due="09 Nov 2026 10:00",
              department="Food & Supplies", day="02 Nov 2026", pending=4, overdue=1, escalated=1,
              question="Which ration shop do you use?")


@pytest.mark.parametrize("name", sorted(_catalog()))
@pytest.mark.parametrize("language", ["en", "bn"])
def test_every_template_renders_in_both_languages(name, language):
    text = render(name, language, **VALUES)
    assert "{" not in text and len(text) <= 320


def test_bengali_text_is_bengali_and_unknown_languages_fall_back_to_english():
    assert "নথিভুক্ত" in render("grievance_lodged", "bn", reg_no="CMO/2026/000001")
    assert render("grievance_lodged", "xx", reg_no="R").startswith("Your grievance is registered as R")
