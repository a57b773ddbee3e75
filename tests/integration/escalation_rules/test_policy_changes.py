"""Process owners change service levels as data: validated, versioned with who and when, applied to new
cases without editing the BPMN, while running deadlines keep the time they were given."""
from __future__ import annotations

import copy
from datetime import timedelta

from core.clock import parse_iso
from tests.conftest import START


def test_a_policy_change_reaches_new_cases_only(api):
    owner, operator = api.login("process.owner"), api.login("operator")
    before = api.lodge(operator, mobile="9830012345").get_json()
    policy = api.get("/sla-policy", owner).get_json()
    assert policy["version"] == 1 and policy["created_by"] == "seed"
    body = copy.deepcopy(policy["body"])
    body["priorities"]["normal"]["deadline"] = {"working_days": 3}
    changed = api.call("PUT", "/sla-policy", owner, json={"body": body, "note": "campaign: faster redressal"})
    assert changed.status_code == 201, changed.get_json()
    assert changed.get_json()["version"] == 2 and changed.get_json()["created_by"].startswith("process_owner:")
    after = api.lodge(operator, mobile="9830012345").get_json()
    # Three working days from Monday 2 November: Thursday 5 November, 10:00 IST.
    assert parse_iso(after["sla_due_at"]) == START + timedelta(days=3)
    assert parse_iso(api.get(f"/grievances/{before['reg_no']}", operator).get_json()["sla_due_at"]) \
        == START + timedelta(days=8)
    versions = api.get("/sla-policy/versions", owner).get_json()
    assert [v["version"] for v in versions] == [2, 1] and versions[0]["note"] == "campaign: faster redressal"


def test_only_process_owners_change_it_and_bad_policies_are_refused(api):
    owner, cmo = api.login("process.owner"), api.login("cmo.cell")
    body = api.get("/sla-policy", cmo).get_json()["body"]
    assert api.call("PUT", "/sla-policy", cmo, json={"body": body}).status_code == 403
    assert api.get("/sla-policy", api.login_citizen("9830012345")).status_code == 403
    broken = copy.deepcopy(body)
    del broken["priorities"]["emergency"]
    refused = api.call("PUT", "/sla-policy", owner, json={"body": broken})
    assert refused.status_code == 422 and "priorities" in refused.get_json()["errors"]
    assert api.get("/sla-policy", owner).get_json()["version"] == 1
