"""Root-cause themes: look-alike grievances (in Bengali and English) are grouped together and unrelated ones kept
apart; a theme shows its size, the month before, its top districts and examples; the CSV holds the same."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from tests.conftest import START
from tests.integration.security.pages import logged_in_pages

# Look-alikes told in English, in Bengali or in both: a Bengali and an English telling of one problem are one
# theme (text_models.bilingual reads grievance words in English and transliterates place names).
TRANSFORMER = ["হুড়া বাজারের ট্রান্সফর্মার পুড়ে গেছে, তিন দিন বিদ্যুৎ নেই",
               "হুড়া বাজারে বিদ্যুৎ নেই, ট্রান্সফর্মার পুড়ে গেছে",
               "The transformer at Hura bazar burnt, no electricity for three days",
               "Hura bazar transformer burnt out, whole market without electricity",
               "No electricity in Hura bazar since the transformer burnt",
               "Transformer burnt at Hura bazar, electricity gone for days",
               "Hura bazar has had no electricity since the transformer burnt"]
RATION = ["রেশন কার্ডের আবেদন ব্লক অফিসে মাসের পর মাস পড়ে আছে",
          "রেশন কার্ডের আবেদন ব্লক অফিসে পড়ে আছে, কার্ড পাইনি",
          "ব্লক অফিসে রেশন কার্ডের আবেদন পড়ে আছে",
          "আমার রেশন কার্ডের আবেদন ব্লক অফিসে আটকে আছে",
          "রেশন কার্ডের আবেদন জমা দিয়েছি, ব্লক অফিসে পড়ে আছে",
          "My ration card application is pending at the block office for months"]
WATER = ["The tube-well near the Santhal para school gives no water",
         "Tube-well at Santhal para school is broken, no water",
         "No water from the Santhal para tube-well near the school",
         "Santhal para school tube-well has stopped giving water",
         "The school tube-well in Santhal para gives no drinking water"]
UNRELATED = ["A stray dog bit my son near the primary school gate",
             "Kanyashree scholarship for my daughter has not been credited",
             "The village road to the health centre is full of potholes"]


@pytest.fixture
def november(api, frozen_clock):
    frozen_clock.set(START + timedelta(days=3))
    operator, number = api.login("operator"), 0
    for text in TRANSFORMER + RATION + WATER + UNRELATED:
        number += 1
        response = api.lodge(operator, mobile=f"98320{number:05d}", description=text, address="Hura")
        assert response.status_code == 201, response.get_json()
    frozen_clock.set(START + timedelta(days=20))


def _themes(page: str) -> list[set[str]]:
    """The registration numbers shown as examples per theme, and each theme's size, from the page."""
    rows = re.findall(r'<tr data-theme="(?:\d+|other)">(.*?)</tr>', page, re.S)
    return [(int(re.search(r'data-measure="size">(\d+)', row).group(1)), re.findall(r'data-reg="([^"]+)"', row))
            for row in rows]


def test_look_alike_grievances_form_one_theme_each(api, november):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    page = cmo.get("/themes", query_string={"month": "2026-11"}).get_data(as_text=True)
    assert "21 grievances lodged in November 2026" in page
    themes = _themes(page)
    sizes = [size for size, _examples in themes]
    assert sizes[:3] == [7, 6, 5] and sum(sizes) == 21, "each problem is one theme, whatever its language"
    assert sizes[3:] == [3], "the unrelated ones are kept apart, as grievances like no theme"
    assert '<tr data-theme="other">' in page and "Like no theme" in page
    groups = [set(examples) for _size, examples in themes[:3]]
    assert len(set().union(*groups)) == 9, "no case is an example of two themes"
    words = " ".join(re.findall(r'<th scope="row">([^<]*)</th>', page)[:3]).lower()
    assert "transformer" in words and "রেশন" in words and "tube-well" in words or "santhal" in words
    assert "Purulia (7)" in page

    exported = cmo.get("/themes/export.csv", query_string={"month": "2026-11"})
    lines = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    assert lines[0][:3] == ["theme", "words", "grievances"] and [line[2] for line in lines[1:4]] == ["7", "6", "5"]
    hod, _ = logged_in_pages(api, api.login("hod.food"))
    assert hod.get("/themes", query_string={"department": "POWER"}).status_code == 403
    assert "Too few grievances" in cmo.get("/themes", query_string={"month": "2026-10"}).get_data(as_text=True)
