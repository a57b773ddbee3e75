"""GET requests filters: status (open/closed only), service_code, the date window (90 days by default), ids."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import parse_iso
from tests.conftest import START
from tests.integration.open311.conftest import FORMATS


def close_case(api) -> None:
    """The Purulia food office answers its one case and the CM's Office closes it after calling the complainant."""
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    answered = api.complete(nodal, atr["task_id"], {"action_taken": "Card issued.", "outcome": "redressed"})
    assert answered.status_code == 200
    cmo = api.login("cmo.cell")
    [verify] = api.worklist(cmo, task="Task_verify")
    assert api.complete(cmo, verify["task_id"], {"call_result": "reached_satisfied",
                                                 "decision": "close"}).status_code == 200


def ids(requests: list[dict]) -> list[str]:
    return [r["service_request_id"] for r in requests]


@pytest.fixture
def closed_and_open(api, open311, key, frozen_clock) -> tuple[str, str]:
    closed = open311.lodge(key)["service_request_id"]
    frozen_clock.advance(hours=1)
    close_case(api)
    frozen_clock.advance(hours=1)
    still_open = open311.lodge(key, service_code="POWER_BILLING", phone="9830077777",
                               description="My electricity bill for October is ten times the usual amount.")
    return closed, still_open["service_request_id"]


def test_status_maps_our_statuses_to_open_and_closed(api, open311, closed_and_open):
    closed, still_open = closed_and_open
    for fmt in FORMATS:
        assert ids(open311.requests(fmt, status="closed")) == [closed]
        assert ids(open311.requests(fmt, status="open")) == [still_open]
        assert ids(open311.requests(fmt, status="open,closed")) == [still_open, closed], "newest first"
    [request] = open311.requests(status="closed")
    case = api.get(f"/track/{closed}").get_json()
    assert case["status"] == "closed"
    assert parse_iso(request["updated_datetime"]) == parse_iso(case["closed_at"]) == START + timedelta(hours=1)
    assert request["status_notes"].startswith("closed 2026-11-02 11:00 IST")
    [other] = open311.requests(status="open")
    assert other["status_notes"].startswith("forwarded to Power, Purulia District Office; Action Taken Report due")


def test_service_code_filter(open311, closed_and_open):
    closed, still_open = closed_and_open
    assert ids(open311.requests(service_code="POWER_BILLING")) == [still_open]
    assert ids(open311.requests("xml", service_code="FOOD_RATION_CARD")) == [closed]
    assert ids(open311.requests(service_code="FOOD_RATION_CARD,POWER_BILLING")) == [still_open, closed]
    assert open311.requests(service_code="HEALTH_AMBULANCE") == []


def test_service_request_ids_override_every_other_filter(open311, closed_and_open):
    closed, still_open = closed_and_open
    both = open311.requests(service_request_id=f"{closed},{still_open.lower()}", status="open",
                            service_code="HEALTH_AMBULANCE")
    assert sorted(ids(both)) == sorted([closed, still_open])


def test_the_date_window_defaults_to_the_last_90_days(open311, key, frozen_clock):
    first = open311.lodge(key)["service_request_id"]
    frozen_clock.advance(days=60)
    second = open311.lodge(key, phone="9830066666", description="The PDS shop has been shut for a whole month now.")[
        "service_request_id"]
    assert ids(open311.requests()) == [second, first]
    frozen_clock.advance(days=40)
    assert ids(open311.requests()) == [second], "the first is now older than 90 days"
    assert ids(open311.requests(start_date="2026-11-01", end_date="2026-11-03T00:00:00+05:30")) == [first]
    assert ids(open311.requests("xml", start_date="2026-11-01T00:00:00Z")) == [second, first], "90 days on from it"
    assert ids(open311.requests(end_date="2026-12-01")) == [first], "90 days up to it"
    assert open311.requests(start_date="2026-11-02T10:00:01+05:30", end_date="2026-12-31") == []
    assert ids(open311.requests(start_date="2026-11-02T10:00:00+05:30", end_date="2026-11-02T10:00:00+05:30")) == [
        first], "both ends included"


def test_a_case_is_closed_for_open311_only_once_the_cms_office_closes_it(api, open311, key):
    """An Action Taken Report received, or one sent back, still leaves the request open in both formats."""
    reg_no = open311.lodge(key)["service_request_id"]
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    [atr] = api.worklist(nodal)
    assert api.complete(nodal, atr["task_id"], {"action_taken": "Card issued.", "outcome": "redressed"}).status_code \
        == 200
    assert api.get(f"/track/{reg_no}").get_json()["status"] == "atr_submitted"
    for fmt in FORMATS:
        [request] = open311.requests(fmt, service_request_id=reg_no)
        assert request["status"] == "open"
        assert request["status_notes"].startswith("Action Taken Report received from")
        assert ids(open311.requests(fmt, status="open")) == [reg_no]
        assert open311.requests(fmt, status="closed") == []
    [verify] = api.worklist(cmo, task="Task_verify")
    assert api.complete(cmo, verify["task_id"], {"call_result": "reached_not_satisfied", "decision": "send_back",
                                                 "reasons": "The complainant has no card yet."}).status_code == 200
    [request] = open311.requests(service_request_id=reg_no)
    assert request["status"] == "open" and request["status_notes"].startswith("Action Taken Report sent back")
