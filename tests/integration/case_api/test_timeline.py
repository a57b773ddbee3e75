"""A case's history told as business events (case_api/timeline.py): what each reader sees, with codes turned into
names, engine plumbing kept apart, evidence beside its report, and the complainant's view without internal notes
or officers' names."""
from __future__ import annotations

from datetime import timedelta

from accounts.auth import actor_for
from accounts.service import find_user
from case_api import queries, timeline
from case_api import service as case_service
from core.db import transaction
from tests.conftest import START
from tests.support import cases
from tests.support.files import pdf

CITIZEN = "9830012345"


def _send_back_then_close_then_appeal(api) -> tuple[str, str]:
    citizen = api.login_citizen(CITIZEN)
    reg_no = api.lodge(citizen).get_json()["reg_no"]
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    first = cases.task(api, nodal, "Task_submit_atr", reg_no)
    upload = api.post("/attachments", nodal, data={"file": (__import__("io").BytesIO(pdf()), "receipt.pdf")})
    assert upload.status_code == 201, upload.get_json()
    assert api.complete(nodal, first["task_id"], {"action_taken": "Card printed; awaiting the dealer.",
                                                  "outcome": "partially_redressed",
                                                  "remarks": "Internal: dealer slow"}).status_code == 200
    with api.app.app_context(), transaction() as db:  # evidence, as the task page adds it after the form
        officer = actor_for(db, find_user(db, "nodal.food.pur"))
        case_service.add_attachments(db, actor=officer, reg_no=reg_no, public_ids=[upload.get_json()["id"]])
    verify = cases.task(api, cmo, "Task_verify", reg_no)
    assert api.complete(cmo, verify["task_id"], {"call_result": "reached_not_satisfied", "decision": "send_back",
                                                 "reasons": "The card has not reached her."}).status_code == 200
    cases.close(api, reg_no)
    feedback = api.post(f"/grievances/{reg_no}/feedback", citizen,
                        json={"is_satisfied": False, "rating": 2, "comment": "Dealer still refuses rice."})
    assert feedback.status_code in (200, 201), feedback.get_json()
    return reg_no, citizen


def _timeline(app, username_or_mobile: str, reg_no: str, **kw):
    with app.app_context(), transaction(readonly=True) as db:
        grievance = queries.find_by_reg_no(db, reg_no)
        return timeline.build(db, grievance, **kw)


def test_the_officers_timeline_tells_the_business_events_by_name(api, app):
    reg_no, _citizen = _send_back_then_close_then_appeal(api)
    tl = _timeline(app, "cmo.cell", reg_no)
    kinds = [e.kind for e in tl.entries]
    assert kinds.count("claimed") >= 3, "each officer took up the task before acting on it"
    kinds = [k for k in kinds if k != "claimed"]
    assert kinds == ["lodged", "forwarded", "atr", "verified", "sent_back", "atr", "verified", "closed", "feedback",
                     "appeal_opened"]
    lodged, forwarded = tl.entries[0], tl.entries[1]
    assert lodged.facts["category"].en != "FOOD_RATION_CARD" and lodged.facts["category"].bn
    assert lodged.facts["district"].en == "Purulia"
    assert forwarded.facts["office"].code == "FOOD-PUR" and "Purulia" in forwarded.facts["office"].en
    first_atr, second_atr = tl.of_kind("atr")
    assert first_atr.facts["round"] == 1 and second_atr.facts["round"] == 2
    assert first_atr.facts["remarks"] == "Internal: dealer slow"
    assert [f.filename for f in first_atr.files] == ["receipt.pdf"]  # evidence beside its report
    assert "documents" not in kinds
    assert tl.of_kind("sent_back")[0].facts["reasons"] == "The card has not reached her."
    closed = tl.of_kind("closed")[0]
    assert closed.facts["call_result"] == "reached_satisfied" and closed.facts["outcome"] == "redressed"
    feedback = tl.of_kind("feedback")[0]
    assert feedback.facts["rating"] == 2 and feedback.facts["comment"] == "Dealer still refuses rice."
    # Engine plumbing is kept apart, not lost: tasks opening, the diagram's start. Gateways passed and scripts run
    # under no business event name leave no row (the audit diagram reads the path from the instance; the deadline a
    # script sets is in the task's opening).
    technical = {e.title for e in tl.technical}
    assert "Grievance lodged" in technical
    assert not technical & {"Office found?", "Close or send back?", "Set ATR deadline", "Await verification"}
    assert len(tl.entries) + len(tl.technical) + 1 == max(e.seq for e in tl.entries + tl.technical)  # + evidence
    [step] = tl.steps
    assert step.title == "Decide the appeal" and step.role == "head_of_department" and step.due_at is not None


def test_the_complainant_sees_what_was_done_without_internal_notes_or_officers_names(api, app):
    reg_no, _citizen = _send_back_then_close_then_appeal(api)
    tl = _timeline(app, CITIZEN, reg_no, for_complainant=True)
    assert tl.technical == []
    assert [e.kind for e in tl.entries] == ["lodged", "forwarded", "atr", "verified", "sent_back", "atr", "verified",
                                            "closed", "feedback", "appeal_opened"]
    atr = tl.of_kind("atr")[0]
    assert atr.facts["action_taken"] == "Card printed; awaiting the dealer."
    assert "remarks" not in atr.facts
    assert [f.filename for f in atr.files] == ["receipt.pdf"]
    assert all(e.actor_name is None for e in tl.entries if e.actor_role not in ("citizen",))
    assert all(step.holder is None for step in tl.steps)


def test_escalation_and_reminder_read_as_such_and_only_officers_see_the_reminder(api, app):
    citizen = api.login_citizen(CITIZEN)
    reg_no = api.lodge(citizen).get_json()["reg_no"]
    result = app.test_cli_runner().invoke(args=["timers", "run", "--as-of", (START + timedelta(days=9)).isoformat()])
    assert result.exit_code == 0, result.output
    officers = _timeline(app, "cmo.cell", reg_no)
    assert [e.kind for e in officers.entries] == ["lodged", "forwarded", "reminder", "escalated"]
    assert officers.of_kind("escalated")[0].facts["level"] == "head_of_department"
    titles = [s.title for s in officers.steps]
    assert titles == ["Submit Action Taken Report", "Review escalated grievance"]
    complainant = _timeline(app, CITIZEN, reg_no, for_complainant=True)
    assert [e.kind for e in complainant.entries] == ["lodged", "forwarded", "escalated"]
