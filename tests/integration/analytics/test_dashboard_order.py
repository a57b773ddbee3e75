"""With all 139 departments on the CMO cell's dashboard, the rows come most overdue first (the meeting's agenda),
and any column orders them; compliance lowest first; names A-Z."""
from __future__ import annotations

import re

import pytest

from tests.integration.analytics.test_dashboard_counts import week  # noqa: F401 (fixture)
from tests.integration.security.pages import logged_in_pages


@pytest.fixture
def dashboard(api, week):  # noqa: F811
    client, _headers = logged_in_pages(api, api.login("cmo.cell"))
    return client


def order(client, **args) -> list[str]:
    response = client.get("/dashboard", query_string=args)
    assert response.status_code == 200
    return re.findall(r'<tr data-key="([A-Z_]+)"', response.get_data(as_text=True))


def test_most_overdue_first_then_any_column(dashboard):
    default = order(dashboard)
    assert len(default) == 139 and default[:2] == ["FOOD", "PRD"], "FOOD has the overdue case, PRD pending ones"
    assert order(dashboard, sort="pending")[:2] == ["FOOD", "PRD"]
    assert order(dashboard, sort="compliance")[0] == "FOOD", "the only department with a compliance figure"
    by_name = order(dashboard, sort="name")
    assert by_name[:3] == ["AGRI_MKT", "AGRI", "ARD"], "Agricultural Marketing, Agriculture, Animal Resources..."
    page = dashboard.get("/dashboard", query_string={"sort": "overdue"}).get_data(as_text=True)
    assert 'aria-sort="descending"' in page
    assert dashboard.get("/dashboard", query_string={"sort": "favourites"}).status_code == 400
