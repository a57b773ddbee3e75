"""The map page: each district's figure equals what was lodged there, the colour classes follow the figures, the
located grievances are filtered by category and period, and a head of department sees their own department."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from gis import rules
from tests.conftest import START
from tests.integration.open311.conftest import Open311, mint_key
from tests.integration.security.pages import logged_in_pages

PURULIA, KOLKATA = (23.33, 86.36), (22.57, 88.36)


@pytest.fixture
def lodged(app, api, frozen_clock):
    """Two located ration-card grievances in Purulia, a located power cut in Kolkata, a housing case in Bankura
    without a location; read an hour later (the period: the month so far)."""
    open311, key = Open311(app), mint_key(app)
    for mobile, code, district, (lat, long) in (("9830000001", "FOOD_RATION_CARD", "PUR", PURULIA),
                                                ("9830000002", "FOOD_RATION_CARD", "PUR", PURULIA),
                                                ("9830000003", "POWER_OUTAGE", "KOL", KOLKATA)):
        open311.lodge(key, service_code=code, lat=lat, long=long, phone=mobile, **{"attribute[district]": district},
                      description=f"Grievance number {mobile} about {code.lower()} that is still not solved.")
    api.lodge(api.login("operator"), mobile="9830000004", district="BAN", category="PRD_HOUSING", address="Khatra",
              description="Banglar Bari house sanctioned but no instalment has come.")
    frozen_clock.set(START + timedelta(hours=1))


def _page(client, **args) -> tuple[str, dict]:
    response = client.get("/map", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    page = response.get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S).group(1))
    return page, data


def _figures(data) -> dict[str, tuple[str, int | None]]:
    return {d["code"]: (d["figure"], d["class"]) for d in data["districts"]}


def test_districts_carry_their_figures_and_colours(api, lodged):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    page, data = _page(cmo)
    figures = _figures(data)
    assert len(figures) == 23 == len(rules.districts()), "every district of the state, once"
    assert figures["PUR"] == ("2", 4) and figures["KOL"] == ("1", 2) and figures["BAN"] == ("1", 2)
    assert figures["DAR"] == ("0", 0)
    assert len({tuple(d["tile"]) for d in data["districts"]}) == 23, "no two districts share a square"
    assert 'data-key="PUR"><th scope="row">Purulia</th><td class="num" data-measure="value">2<' in page

    _page_, per_head = _page(cmo, measure="receipts_per_100k")
    assert _figures(per_head)["PUR"][0] == f"{100_000 * 2 / 2930115:.1f}"
    _page_, compliance = _page(cmo, measure="compliance")
    assert _figures(compliance)["PUR"] == ("—", None), "nothing judged yet: no colour"


def test_located_grievances_follow_the_category_and_period(api, lodged):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    assert sorted(map(tuple, _page(cmo)[1]["points"])) == sorted([KOLKATA, PURULIA, PURULIA])
    assert _page(cmo, category="POWER_OUTAGE")[1]["points"] == [list(KOLKATA)]
    assert _page(cmo, **{"from": "2026-10-01", "to": "2026-10-31"})[1]["points"] == []


def test_a_head_of_department_sees_their_department_only(api, lodged):
    hod, _ = logged_in_pages(api, api.login("hod.food"))
    _page_, data = _page(hod)
    assert _figures(data)["PUR"][0] == "2" and _figures(data)["KOL"][0] == "0", "the power cut is not theirs"
    assert data["points"] == [list(PURULIA)] * 2
    assert hod.get("/map", query_string={"department": "PRD"}).status_code == 403
    assert hod.get("/map", query_string={"measure": "happiness"}).status_code == 400
