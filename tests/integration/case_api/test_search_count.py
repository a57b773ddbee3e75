"""A search counts its matches up to a cap (an exact count of a common name would scan every match) and says when
there are more: the caller narrows the search instead of paging through thousands."""
from __future__ import annotations

from case_api import queries


def test_a_search_counts_up_to_the_cap_and_says_when_more_match(api, monkeypatch):
    operator = api.login("operator")
    for n in range(3):
        assert api.lodge(operator, mobile=f"983000010{n}", complainant_name=f"Rina Halder {n}").status_code == 201
    cmo = api.login("cmo.cell")
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    page = api.get("/grievances", cmo, query_string={"name": "halder"}).get_json()
    assert (page["total"], page["total_capped"], len(page["items"])) == (2, True, 3)
    monkeypatch.setattr(queries, "COUNT_CAP", 5)
    page = api.get("/grievances", cmo, query_string={"name": "halder"}).get_json()
    assert (page["total"], page["total_capped"]) == (3, False)
