"""A grievance someone may not see answers exactly like one that does not exist: 404, code grievance_not_found,
and a message naming the number asked for, so registration numbers cannot be probed and the caller sees which one
was refused."""
from __future__ import annotations


def refusal(response) -> tuple:
    body = response.get_json()
    return response.status_code, body["code"], body["detail"]


def test_anothers_grievance_is_refused_as_if_it_did_not_exist(api):
    reg_no = api.lodge(api.login("operator"), mobile="9830012345").get_json()["reg_no"]
    unknown = reg_no[:-6] + "999999"
    for who in (api.login_citizen("9830012346"), api.login("nodal.food.kol")):
        assert refusal(api.get(f"/grievances/{reg_no}", who)) == (404, "grievance_not_found", f"No grievance {reg_no}.")
        assert refusal(api.get(f"/grievances/{unknown}", who)) == (404, "grievance_not_found",
                                                                  f"No grievance {unknown}.")
