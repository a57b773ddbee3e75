"""An officer's worklist: filtered by SLA colour (green, amber past the reminder point, red from the due time on),
by task, office and claim, sorted by due or opening time either way, in keyset pages."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import parse_iso

CASES = 3


@pytest.fixture
def officer(api, frozen_clock):
    """Three cases lodged a working day apart, so each ATR falls due later than the one before."""
    for n in range(CASES):
        lodged = api.lodge(api.login("operator"), mobile=f"98300{n:05d}",
                           description=f"Ration card application pending, request {n}.")
        assert lodged.status_code == 201, lodged.get_json()
        frozen_clock.advance(days=1)
    return api.login("nodal.food.pur")


def reg_nos(items) -> list[str]:
    return [i["reg_no"] for i in items]


def expected_colours(items, at) -> dict[str, list[str]]:
    """The rule as officers are told it: red from the due time on, amber from the reminder point, else green."""
    def colour(item):
        if at >= parse_iso(item["due_at"]):
            return "red"
        return "amber" if at >= parse_iso(item["remind_at"]) else "green"
    return {c: [i["reg_no"] for i in items if colour(i) == c] for c in ("green", "amber", "red")}


def test_the_colour_filters_follow_the_reminder_point_and_the_due_time(api, officer, frozen_clock):
    items = api.worklist(officer)
    first = items[0]
    remind_at, due_at = parse_iso(first["remind_at"]), parse_iso(first["due_at"])
    minute = timedelta(minutes=1)
    seen = set()
    for at in (remind_at - minute, remind_at, due_at - minute, due_at, due_at + timedelta(days=3)):
        frozen_clock.set(at)
        token = api.login("nodal.food.pur")
        shown = {colour: reg_nos(api.worklist(token, sla=colour)) for colour in ("green", "amber", "red")}
        assert shown == expected_colours(items, at), at
        assert [i["sla"] for i in api.worklist(token)] == [
            next(c for c, nos in shown.items() if i["reg_no"] in nos) for i in items]
        seen |= {c for c, nos in shown.items() if nos}
    assert seen == {"green", "amber", "red"}
    assert reg_nos(api.worklist(token, sla="red")) == reg_nos(items), "three days on, every ATR is overdue"


def test_sorting_and_pages(api, officer):
    soonest = reg_nos(api.worklist(officer))
    assert len(soonest) == CASES and soonest == sorted(soonest), "lodged first, due first"
    assert reg_nos(api.worklist(officer, sort="-due_at")) == soonest[::-1]
    assert reg_nos(api.worklist(officer, sort="opened_at")) == soonest
    assert reg_nos(api.worklist(officer, sort="-opened_at")) == soonest[::-1]
    first = api.get("/worklist", officer, query_string={"page_size": 2}).get_json()
    assert (reg_nos(first["items"]), first["count"], first["count_is_exact"]) == (soonest[:2], CASES, True)
    last = api.get("/worklist", officer, query_string={"page_size": 2, "cursor": first["next_cursor"]}).get_json()
    assert (reg_nos(last["items"]), last["next_cursor"]) == (soonest[2:], None)


def test_each_item_says_what_where_since_when_and_who_holds_it(app, api, officer, frozen_clock):
    from core.db import transaction
    from directory.queries import get_office

    with app.app_context(), transaction(readonly=True) as session:
        office_id = get_office(session, "FOOD-PUR").id
    items = api.worklist(officer)
    assert [(i["task"], i["title"], i["role"], i["office_id"], i["status"]) for i in items] == [
        ("Task_submit_atr", "Submit Action Taken Report", "nodal_officer", office_id, "open")] * CASES
    assert [parse_iso(i["opened_at"]) for i in items] == [frozen_clock.now() - timedelta(days=CASES - n)
                                                           for n in range(CASES)]
    assert {(i["claimed_by_id"], i["claimed_at"]) for i in items} == {(None, None)}
    claimed = api.post(f"/tasks/{items[0]['task_id']}/claim", officer).get_json()
    assert parse_iso(claimed["claimed_at"]) == frozen_clock.now() and claimed["claimed_by_id"] is not None
    assert api.worklist(officer)[0]["claimed_by_id"] == claimed["claimed_by_id"]


def test_task_office_and_claim_filters(api, officer):
    every = reg_nos(api.worklist(officer))
    assert reg_nos(api.worklist(officer, task="Task_submit_atr")) == every
    assert api.worklist(officer, task="Task_verify") == []
    assert reg_nos(api.worklist(officer, office="FOOD-PUR")) == every
    assert api.worklist(officer, office="FOOD-KOL") == []
    [second] = [i for i in api.worklist(officer) if i["reg_no"] == every[1]]
    assert api.post(f"/tasks/{second['task_id']}/claim", officer).status_code == 200
    assert reg_nos(api.worklist(officer, claimed="mine")) == [every[1]]
    assert reg_nos(api.worklist(officer, claimed="unclaimed")) == [every[0], every[2]]
    assert api.post(f"/tasks/{second['task_id']}/release", officer).status_code == 200
    assert api.worklist(officer, claimed="mine") == []


def test_a_task_without_a_deadline_is_green_and_never_amber_or_red(api, frozen_clock):
    """The CMO cell's review of an unclassified grievance has no deadline: it shows green, and the green filter
    (the same rule, in SQL, where a missing deadline is NULL) keeps it, however late it is."""
    lodged = api.lodge(api.login("operator"), mobile="9830011111", category="OTHER",
                       description="Not sure which office deals with a broken culvert near the school.")
    assert lodged.status_code == 201, lodged.get_json()
    reg_no = lodged.get_json()["reg_no"]
    frozen_clock.advance(days=60)
    cmo = api.login("cmo.cell")
    [review] = [i for i in api.worklist(cmo) if i["reg_no"] == reg_no]
    assert (review["due_at"], review["remind_at"], review["sla"]) == (None, None, "green")
    assert reg_no in reg_nos(api.worklist(cmo, sla="green"))
    assert reg_no not in reg_nos(api.worklist(cmo, sla="amber")) + reg_nos(api.worklist(cmo, sla="red"))


def test_a_task_past_its_due_time_without_a_reminder_point_is_red_not_green(api, officer, db, frozen_clock):
    """A step a process owner gives a due time but no reminder (possible in the properties panel) is never green
    once that time has passed."""
    from sqlalchemy import update

    from worklists.models import WorkItem

    first = api.worklist(officer)[0]
    with db.transaction() as session:
        session.execute(update(WorkItem).where(WorkItem.task_id == first["task_id"]).values(remind_at=None))
    frozen_clock.set(parse_iso(first["due_at"]) + timedelta(minutes=1))
    late = api.login("nodal.food.pur")  # a week on: a fresh login
    assert first["reg_no"] not in reg_nos(api.worklist(late, sla="green"))
    assert first["reg_no"] in reg_nos(api.worklist(late, sla="red"))
    frozen_clock.set(parse_iso(first["due_at"]) - timedelta(minutes=1))
    assert first["reg_no"] in reg_nos(api.worklist(api.login("nodal.food.pur"), sla="green")), \
        "without a reminder it is green until due"
