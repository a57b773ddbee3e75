"""Tracking a grievance: by number for anyone (no personal data), by mobile after OTP for the citizen (every case
lodged with it, whatever the channel), by name and date for officers; contact details masked per role."""
from __future__ import annotations

import pytest

CITIZEN = "9830012345"
FULL, MASKED, HIDDEN = "full", "masked", "hidden"


@pytest.fixture
def csc_case(api):
    """A citizen without a smartphone lodges at a Bangla Sahayata Kendra; the operator keys it in."""
    lodged = api.lodge(api.login("csc.operator"), mobile=CITIZEN, address="Village Hura, Purulia")
    assert lodged.status_code == 201, lodged.get_json()
    return lodged.get_json()


@pytest.mark.parametrize("who, expected", [
    ("citizen", FULL), ("csc.operator", FULL), ("nodal.food.pur", FULL), ("cmo.cell", FULL),
    ("hod.food", MASKED), ("secretary.food", MASKED), ("auditor", MASKED), ("admin", MASKED),
    ("operator", HIDDEN), ("open311.client", HIDDEN), ("nodal.food.kol", HIDDEN), ("process.owner", HIDDEN),
    ("other citizen", HIDDEN),
])
def test_each_role_sees_contact_details_only_if_it_needs_them(api, csc_case, who, expected):
    token = {"citizen": lambda: api.login_citizen(CITIZEN),
             "other citizen": lambda: api.login_citizen("9830099999")}.get(who, lambda: api.login(who))()
    reg_no = csc_case["reg_no"]
    one = api.get(f"/grievances/{reg_no}", token)
    listed = api.get("/grievances", token).get_json()["items"]
    if expected == HIDDEN:
        assert one.status_code == 404 and reg_no not in [g["reg_no"] for g in listed]
        return
    [in_list] = [g for g in listed if g["reg_no"] == reg_no]
    wanted = ("+919830012345", "Village Hura, Purulia") if expected == FULL else ("+91******2345", "V***")
    for shown in (one.get_json(), in_list):
        assert (shown["mobile"], shown["address"]) == wanted


def test_the_service_centre_channel_and_operator_are_recorded(api, csc_case):
    assert csc_case["channel"] == "service_centre"
    history = api.get(f"/grievances/{csc_case['reg_no']}/history", api.login("auditor")).get_json()
    lodged = history["events"][0]
    assert (lodged["event_type"], lodged["actor_role"], lodged["data"]["channel"]) == (
        "grievance_lodged", "service_centre_operator", "service_centre")
    assert "Bangla Sahayata Kendra" in lodged["actor_name"]


def test_a_citizen_tracks_every_case_lodged_with_their_mobile_whatever_the_channel(api, csc_case):
    by_phone = api.lodge(api.login("operator"), mobile="+91 98300 12345",
                         description="Old-age pension has not been credited for three months.").get_json()
    api.lodge(api.login("operator"), mobile="9830099999", description="Someone else's pension is late too.")
    citizen = api.login_citizen(CITIZEN)
    online = api.lodge(citizen, description="The fair price shop is closed on most days of the week.").get_json()
    mine = api.get("/grievances", citizen).get_json()
    assert sorted(g["reg_no"] for g in mine["items"]) == sorted(
        [csc_case["reg_no"], by_phone["reg_no"], online["reg_no"]])
    assert {g["channel"] for g in mine["items"]} == {"service_centre", "call_centre", "portal"}


def test_anyone_tracks_by_number_and_sees_no_personal_data(api, csc_case):
    public = api.get(f"/track/{csc_case['reg_no']}")
    assert public.status_code == 200 and public.get_json()["status"] == "forwarded"
    body = public.get_data(as_text=True)
    for personal in ("9830012345", "Sabina", "Hura", "ration card application"):
        assert personal not in body
    assert api.get("/track/CMO/2026/999999").status_code == 404


def test_officers_search_by_name_and_lodged_date_within_their_scope(api, frozen_clock):
    frozen_clock.advance(hours=13)  # 23:00 in Kolkata on Monday 2 November, 17:30 UTC
    operator = api.login("operator")
    late = api.lodge(operator, mobile=CITIZEN, complainant_name="Rina Mondal").get_json()["reg_no"]
    frozen_clock.advance(hours=2)   # 01:00 on Tuesday 3 November in Kolkata, still the 2nd in UTC
    after_midnight = api.lodge(operator, mobile="9830011111", complainant_name="Rina Mondal",
                               description="Ration card was cancelled without any notice to us.").get_json()["reg_no"]
    nodal, other_office = api.login("nodal.food.pur"), api.login("nodal.food.kol")

    def search(token, **params):
        return [g["reg_no"] for g in api.get("/grievances", token, query_string=params).get_json()["items"]]

    assert search(nodal, name="rina", lodged_on="2026-11-02") == [late]
    assert search(nodal, name="rina", lodged_on="2026-11-03") == [after_midnight]
    assert search(nodal, name="MONDAL") == [after_midnight, late]
    assert search(other_office, name="rina") == []
    refused = api.get("/grievances", nodal, query_string={"lodged_on": "2-11-2026"})
    assert refused.status_code == 422 and "lodged_on" in refused.get_json()["errors"]
