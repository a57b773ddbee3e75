"""The map in a browser: 23 district squares with their names and figures, a legend, the located grievances as a
heat layer; axe-core clean in English and Bengali; it fits a phone."""
from __future__ import annotations

from tests.browser.test_accessibility import violations
from tests.integration.gis.test_map import lodged  # noqa: F401 (fixture)


def test_the_cmo_cell_reads_the_district_map(page, phone, people, lodged, shot):  # noqa: F811
    people.officer(page, "cmo.cell")
    page.get_by_role("link", name="Map", exact=True).click()
    districts = page.get_by_test_id("district-map")
    districts.locator(".leaflet-overlay-pane path").first.wait_for()
    assert districts.locator(".leaflet-overlay-pane path").count() == 23
    assert "Purulia\n2" in districts.inner_text() and "Darjeeling\n0" in districts.inner_text()
    assert page.get_by_test_id("legend").locator("li").count() == 6
    points = page.get_by_test_id("points-map")
    assert points.locator("canvas.leaflet-heatmap-layer").count() == 1, "the heat layer of located grievances"
    assert "3 grievances with a location" in page.get_by_test_id("points-count").inner_text()
    assert violations(page) == []
    shot(page, "map")

    page.get_by_label("Colour districts by").select_option("receipts_per_100k")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Received per 100,000 people in the period: districts").wait_for()

    page.goto("/map?lang=bn")
    page.get_by_test_id("district-map").locator(".leaflet-overlay-pane path").first.wait_for()
    assert "পুরুলিয়া\n2" in page.get_by_test_id("district-map").inner_text()
    assert violations(page) == []
    people.officer(phone, "hod.food")
    phone.goto("/map")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "map-phone")
