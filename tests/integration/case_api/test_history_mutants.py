"""The history's hash format is a published, stable fact, not an implementation detail: a chain stored by one
release must still verify after the next (a changed key name, key order, separator or text escaping would mark
every stored history as tampered), and an auditor can re-check each hash from the history the API returns with
SHA-256 alone. A broken chain still says how many steps the case has."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pytest
from sqlalchemy import delete, update

from case_api.models import CaseEvent
from case_api.queries import find_by_reg_no
from core.db import transaction
from tests.support.cases import task

GENESIS = "0" * 64
BROKEN = "does not match its hash (its content, or the entry before it, was changed)"
ATR_IN_BENGALI = "রেশন কার্ড ছাপিয়ে ব্লক অফিসে হস্তান্তর করা হয়েছে।"


def canonical(value) -> str:
    """The published canonical form: JSON, keys sorted, no spaces, non-ASCII text kept as it is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def published_hash(grievance_id: int, event: dict) -> str:
    """SHA-256 of the canonical JSON of the event's fields (its data as canonical text) and the previous hash."""
    payload = {"grievance_id": grievance_id, "seq": event["seq"], "event_type": event["event_type"],
               "at": datetime.fromisoformat(event["at"]).isoformat(), "actor_id": event["actor_id"],
               "actor_role": event["actor_role"], "actor_name": event["actor_name"], "task_id": event["task_id"],
               "element_id": event["element_id"], "title": event["title"], "data": canonical(event["data"]),
               "prev_hash": event["prev_hash"]}
    return hashlib.sha256(canonical(payload).encode()).hexdigest()


@pytest.fixture
def history(api):
    auditor = api.login("auditor")

    def read(reg_no) -> dict:
        response = api.get(f"/grievances/{reg_no}/history", auditor)
        assert response.status_code == 200, response.get_json()
        return response.get_json()
    return read


def lodge_with_bengali_atr(api) -> str:
    """A case lodged, answered by an ATR in Bengali and closed by the CMO cell's call."""
    lodged = api.lodge(api.login_citizen("9830012345"), complainant_name="সাবিনা খাতুন")
    assert lodged.status_code == 201, lodged.get_json()
    reg_no = lodged.get_json()["reg_no"]
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    atr = task(api, nodal, "Task_submit_atr", reg_no)
    answered = api.complete(nodal, atr["task_id"], {"action_taken": ATR_IN_BENGALI, "outcome": "redressed"})
    assert answered.status_code == 200
    verify = task(api, cmo, "Task_verify", reg_no)
    assert api.complete(cmo, verify["task_id"], {"call_result": "reached_satisfied",
                                                 "decision": "close"}).status_code == 200
    return reg_no


def grievance_id_of(app, reg_no) -> int:
    with app.app_context(), transaction(readonly=True) as session:
        return find_by_reg_no(session, reg_no).id


def test_every_hash_is_the_published_sha256_of_the_steps_fields(app, api, history):
    reg_no = lodge_with_bengali_atr(api)
    record = history(reg_no)
    events, grievance_id = record["events"], grievance_id_of(app, reg_no)
    assert record["chain"]["ok"] is True
    assert [e["data"].get("action_taken") for e in events if e["event_type"] == "atr_submitted"] == [ATR_IN_BENGALI]
    assert [e["title"] for e in events if e["event_type"] in ("atr_submitted", "complainant_verified")] == \
        ["Submit Action Taken Report", "Verify with complainant"], "each step named as the diagram names it"
    assert [e["actor_name"] for e in events if e["event_type"] in ("atr_submitted", "complainant_verified")] == \
        ["Nodal officer, Food & Supplies Purulia", "Ananya Sen"], "and who took it, by name"
    assert {e["actor_role"] for e in events} >= {"citizen", "nodal_officer", "cmo_cell"}
    assert any(e["task_id"] for e in events) and any(e["element_id"] for e in events)
    previous = GENESIS
    for event in events:
        assert event["prev_hash"] == previous
        assert event["hash"] == published_hash(grievance_id, event), f"step {event['seq']} ({event['event_type']})"
        previous = event["hash"]


def test_a_history_stored_under_the_published_format_verifies(app, api, history):
    """Rows as an earlier release stored them (data written with sorted keys and Bengali kept as text) verify;
    the same rows with the data merely re-spaced do not, since the stored text is what was hashed."""
    reg_no = lodge_with_bengali_atr(api)
    events, grievance_id = history(reg_no)["events"], grievance_id_of(app, reg_no)
    [atr] = [e for e in events if e["event_type"] == "atr_submitted"]
    note = {"remark": "ফোনে কথা হয়েছে", "action_taken": ATR_IN_BENGALI, "outcome": "redressed"}
    rewritten = {**atr, "data": note}
    rows = [rewritten if e["seq"] == atr["seq"] else e for e in events]
    previous = GENESIS
    with app.app_context(), transaction() as session:
        for row in rows:   # re-link the whole chain from the edited step on, as the earlier release would have
            row["prev_hash"] = previous
            row["hash"] = published_hash(grievance_id, row)
            session.execute(update(CaseEvent).where(CaseEvent.grievance_id == grievance_id,
                                                    CaseEvent.seq == row["seq"])
                            .values(data=canonical(row["data"]), hash=row["hash"]))
            previous = row["hash"]
    after = history(reg_no)
    assert after["chain"] == {"ok": True, "events": len(events), "first_bad_seq": None, "reason": None}
    assert [e for e in after["events"] if e["seq"] == atr["seq"]][0]["data"] == note

    with app.app_context(), transaction() as session:
        session.execute(update(CaseEvent).where(CaseEvent.grievance_id == grievance_id, CaseEvent.seq == atr["seq"])
                        .values(data=json.dumps(note, sort_keys=True)))
    broken = history(reg_no)["chain"]
    assert (broken["ok"], broken["first_bad_seq"]) == (False, atr["seq"])


def test_a_broken_chain_still_counts_every_step(app, api, history):
    reg_no = lodge_with_bengali_atr(api)
    events, grievance_id = history(reg_no)["events"], grievance_id_of(app, reg_no)
    count, third = len(events), events[2]

    def edit(**values):
        with app.app_context(), transaction() as session:
            session.execute(update(CaseEvent).where(CaseEvent.grievance_id == grievance_id,
                                                    CaseEvent.seq == third["seq"]).values(**values))

    edit(title="Edited title")
    assert history(reg_no)["chain"] == {"ok": False, "events": count, "first_bad_seq": third["seq"],
                                        "reason": BROKEN}
    rehashed = {**third, "title": "Edited title"}   # edited, and its hash recomputed the published way
    edit(hash=published_hash(grievance_id, rehashed))
    assert history(reg_no)["chain"] == {"ok": False, "events": count, "first_bad_seq": events[3]["seq"],
                                        "reason": BROKEN}, "the next entry no longer follows it"
    edit(title=third["title"], hash=third["hash"])
    assert history(reg_no)["chain"]["ok"] is True
    with app.app_context(), transaction() as session:
        session.execute(delete(CaseEvent).where(CaseEvent.grievance_id == grievance_id,
                                                CaseEvent.seq == events[1]["seq"]))
    assert history(reg_no)["chain"] == {"ok": False, "events": count - 1, "first_bad_seq": third["seq"],
                                        "reason": f"sequence jumps to {third['seq']}, expected {events[1]['seq']}"}


def test_a_step_rolled_back_by_an_incident_leaves_the_chain_whole(api, history):
    """The model fails after the ATR: its steps are rolled back, the incident is recorded, and once the owner
    fixes the model and retries, the history reads on from the last kept step and verifies."""
    from tests.integration.incidents.faults import deploy, migrate, with_script
    from tests.integration.processes.edits import grievance_bpmn

    owner = api.login("process.owner")
    broken = deploy(api, owner, with_script("Task_mark_atr_submitted", "raise SystemExit"), "exit after ATR")
    reg_no = api.lodge(api.login("operator"), mobile="9830012345").get_json()["reg_no"]
    nodal = api.login("nodal.food.pur")
    atr = task(api, nodal, "Task_submit_atr", reg_no)
    held = api.complete(nodal, atr["task_id"], {"action_taken": ATR_IN_BENGALI, "outcome": "redressed"})
    assert held.status_code == 200 and held.get_json()["held_by_incident"] is True
    parked = history(reg_no)
    assert parked["chain"]["ok"] is True, parked["chain"]
    assert [e["seq"] for e in parked["events"]] == list(range(1, len(parked["events"]) + 1))
    assert "atr_submitted" not in [e["event_type"] for e in parked["events"]], "rolled back with the failed step"

    [incident] = api.get("/incidents", owner).get_json()["items"]
    migrate(api, owner, broken, deploy(api, owner, grievance_bpmn(), "no exit"))
    assert api.post(f"/incidents/{incident['id']}/retry", owner).get_json()["status"] == "resolved"
    resumed = history(reg_no)
    assert resumed["chain"] == {"ok": True, "events": len(resumed["events"]), "first_bad_seq": None, "reason": None}
    assert resumed["events"][:len(parked["events"])] == parked["events"], "the kept steps are untouched"
    assert "atr_submitted" in [e["event_type"] for e in resumed["events"][len(parked["events"]):]]


def test_an_event_just_appended_names_the_hash_before_it_and_who_took_it(app, api):
    """What append_event hands back (before anything reads the history again) links to the previous step, and a
    step without a person is the system's; a person without a name stays nameless, not the system."""
    from types import SimpleNamespace

    from case_api.history import append_event, list_events
    from core import clock

    reg_no = api.lodge(api.login("operator"), mobile="9830012345").get_json()["reg_no"]
    with app.app_context(), transaction() as session:
        grievance_id = find_by_reg_no(session, reg_no).id
        last = list_events(session, grievance_id)[-1].hash
        by_system = append_event(session, grievance_id=grievance_id, event_type="note_added", at=clock.now(),
                                 actor=None, data={"n": 1})
        nameless = append_event(session, grievance_id=grievance_id, event_type="note_added", at=clock.now(),
                                actor=SimpleNamespace(user_id=7, role="auditor", name=""), data={"n": 2})
        assert (by_system.prev_hash, by_system.actor_name, by_system.actor_role) == (last, "system", "system")
        assert (nameless.prev_hash, nameless.actor_name, nameless.actor_role) == (by_system.hash, "", "auditor")
    history = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()
    assert [e["actor_name"] for e in history["events"][-2:]] == ["system", ""] and history["chain"]["ok"]
