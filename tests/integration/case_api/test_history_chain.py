"""The auditor's hash chain: any edit to a stored step of the history (what the ATR said, who acted, when,
which step it was) is reported as a break at that step; an untouched history verifies."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, update

from case_api.models import CaseEvent
from case_api.queries import find_by_reg_no
from core.db import transaction
from tests.support.cases import lodge_and_close

BROKEN = "does not match its hash (its content, or the entry before it, was changed)"
EDITS = {
    "data": lambda event: json.dumps({**json.loads(event["data"]), "action_taken": "Nothing was needed."}),
    "actor_name": lambda event: "Someone else",
    "actor_role": lambda event: "cmo_cell",
    "event_type": lambda event: "grievance_closed",
    "title": lambda event: "Edited title",
    "element_id": lambda event: "Task_verify",
    "task_id": lambda event: "00000000-0000-0000-0000-000000000000",
}


@pytest.fixture
def history(api):
    auditor = api.login("auditor")

    def read(reg_no) -> dict:
        response = api.get(f"/grievances/{reg_no}/history", auditor)
        assert response.status_code == 200, response.get_json()
        return response.get_json()
    return read


def edit_stored_event(app, reg_no, seq, **values) -> None:
    """What someone with write access to the database would do: change one column of one history row."""
    with app.app_context(), transaction() as session:
        grievance_id = find_by_reg_no(session, reg_no).id
        session.execute(update(CaseEvent).where(CaseEvent.grievance_id == grievance_id, CaseEvent.seq == seq)
                        .values(**values))


@pytest.mark.parametrize("column", sorted(EDITS))
def test_an_edited_step_breaks_the_chain_at_that_step(app, api, history, column):
    reg_no = lodge_and_close(api, api.login_citizen("9830012345"))
    before = history(reg_no)
    assert before["chain"] == {"ok": True, "events": len(before["events"]), "first_bad_seq": None, "reason": None}
    assert before["events"][0]["prev_hash"] == "0" * 64, "the chain starts from the published genesis value"
    assert [e["seq"] for e in before["events"]] == list(range(1, len(before["events"]) + 1))
    assert all(e["prev_hash"] == p["hash"] for p, e in zip(before["events"], before["events"][1:], strict=False))
    [atr] = [e for e in before["events"] if e["event_type"] == "atr_submitted"]
    stored = {**atr, "data": json.dumps(atr["data"])}
    edit_stored_event(app, reg_no, atr["seq"], **{column: EDITS[column](stored)})
    after = history(reg_no)
    assert after["chain"]["ok"] is False
    assert after["chain"]["first_bad_seq"] == atr["seq"]
    assert after["chain"]["reason"] == BROKEN


def test_an_edited_time_or_actor_id_breaks_the_chain(app, api, history, frozen_clock):
    reg_no = lodge_and_close(api, api.login_citizen("9830012345"))
    events = history(reg_no)["events"]
    [atr] = [e for e in events if e["event_type"] == "atr_submitted"]
    edit_stored_event(app, reg_no, atr["seq"], at=frozen_clock.advance(minutes=-30))
    assert history(reg_no)["chain"]["first_bad_seq"] == atr["seq"]

    other = lodge_and_close(api, api.login_citizen("9830099999"), description="Street light is dark for weeks.")
    [atr] = [e for e in history(other)["events"] if e["event_type"] == "atr_submitted"]
    edit_stored_event(app, other, atr["seq"], actor_id=None)
    assert history(other)["chain"]["first_bad_seq"] == atr["seq"]


def test_a_removed_or_rehashed_step_is_reported(app, api, history):

    reg_no = lodge_and_close(api, api.login_citizen("9830012345"))
    events = history(reg_no)["events"]
    edit_stored_event(app, reg_no, events[1]["seq"], hash=events[0]["hash"])   # the second entry re-hashed
    broken = history(reg_no)["chain"]
    assert (broken["ok"], broken["first_bad_seq"], broken["reason"]) == (False, events[1]["seq"], BROKEN)
    edit_stored_event(app, reg_no, events[1]["seq"], hash=events[1]["hash"])
    assert history(reg_no)["chain"]["ok"] is True
    with app.app_context(), transaction() as session:
        session.execute(delete(CaseEvent).where(CaseEvent.hash == events[1]["hash"]))
    gap = history(reg_no)["chain"]
    assert (gap["ok"], gap["first_bad_seq"]) == (False, events[2]["seq"])
    assert gap["reason"] == f"sequence jumps to {events[2]['seq']}, expected {events[1]['seq']}"


def test_the_auditors_page_says_how_the_history_was_altered_in_the_auditors_language(app, api):
    from tests.integration.security.pages import logged_in_pages

    reg_no = lodge_and_close(api, api.login_citizen("9830012345"))
    client, _headers = logged_in_pages(api, api.login("auditor"))
    page = lambda lang: client.get(f"/audit/{reg_no}?lang={lang}").get_data(as_text=True)  # noqa: E731
    assert "History intact" in page("en")
    edit_stored_event(app, reg_no, 3, title="Edited title")
    assert "History altered: entry 3 does not match its hash (its content, or the entry before it, was changed)." \
        in page("en")
    assert "এন্ট্রি 3 তার হ্যাশের সঙ্গে মেলে না" in page("bn")
    with app.app_context(), transaction() as session:
        session.execute(delete(CaseEvent).where(CaseEvent.grievance_id == find_by_reg_no(session, reg_no).id,
                                                CaseEvent.seq == 2))
    assert "History altered: entries before entry 3 are missing or out of order." in page("en")
    assert "এন্ট্রি 3-এর আগের এন্ট্রি নেই বা ক্রম বদলেছে" in page("bn")
