"""Human words, in the page's language, for the codes that process data and master data carry: an ATR's outcome,
a verification call's result, a decision, an escalation level, a channel, a role; and names of master data."""
from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

WORDS = {
    "outcome": {"redressed": _l("redressed"), "partially_redressed": _l("partly redressed"),
                "not_feasible": _l("not feasible"), "not_pertaining": _l("does not pertain to this office"),
                "needs_clarification": _l("needs clarification from the complainant")},
    "call_result": {"reached_satisfied": _l("complainant reached, satisfied"),
                    "reached_not_satisfied": _l("complainant reached, not satisfied"),
                    "not_reachable": _l("complainant could not be reached"),
                    "with_mass_parent": _l("closed together with its mass grievance, whose complainant was verified")},
    "decision": {"close": _l("close the grievance"), "send_back": _l("send back to the office"),
                 "field_validation": _l("check in the field"), "direct_action": _l("the office must act again")},
    "field_result": {"confirmed": _l("action confirmed in the field"),
                     "not_confirmed": _l("action not confirmed in the field")},
    "atr_rating": {"5": _l("5: fully, with facts and evidence"), "4": _l("4: mostly"), "3": _l("3: partly"),
                   "2": _l("2: barely"), "1": _l("1: not at all")},
    "atr_issue": {"none": _l("nothing wrong"), "not_addressed": _l("does not address the grievance"),
                  "boilerplate": _l("a stock reply, not about this case"),
                  "no_evidence": _l("no evidence of the action"),
                  "wrong_facts": _l("facts contradicted by the complainant"),
                  "wrongly_not_pertaining": _l("says it does not pertain, but it does")},
    "consent": {"in_person": _l("in person"), "phone_call": _l("on a phone call"), "in_writing": _l("in writing")},
    "priority": {"normal": _l("normal"), "urgent": _l("urgent"), "emergency": _l("emergency")},
    "level": {"head_of_department": _l("the head of the department"), "secretary": _l("the secretary"),
              "cmo_cell": _l("the CM's grievance cell")},
    "channel": {"portal": _l("web portal"), "call_centre": _l("call centre"),
                "service_centre": _l("Bangla Sahayata Kendra"), "sms": _l("SMS"), "email": _l("e-mail"),
                "api": _l("partner system")},
    "role": {"citizen": _l("complainant"), "call_centre_operator": _l("call-centre operator"),
             "service_centre_operator": _l("Bangla Sahayata Kendra operator"), "integration": _l("partner system"),
             "nodal_officer": _l("the office"), "head_of_department": _l("head of department"),
             "secretary": _l("secretary"), "cmo_cell": _l("CM's grievance cell"), "system": _l("the system"),
             "auditor": _l("auditor"), "admin": _l("administrator"), "process_owner": _l("process owner"),
             "district_collector": _l("district collector"), "quality_lead": _l("quality lead")},
    # Fields of the pages' forms, as the error summary names them.
    "field": {"complainant_name": _l("Complainant's name"), "mobile": _l("Mobile number"), "email": _l("E-mail"),
              "address": _l("Address"), "district": _l("District"), "subdivision": _l("Sub-division"),
              "block": _l("Block"),
              "category": _l("Category"), "description": _l("Your grievance"), "files": _l("Documents"),
              "attachments": _l("Documents"), "is_satisfied": _l("Are you satisfied?"), "rating": _l("Your rating"),
              "comment": _l("Comments"), "action_taken": _l("Action taken"), "outcome": _l("Outcome"),
              "remarks": _l("Remarks"), "clarification_question": _l("Question for the complainant"),
              "call_result": _l("Verification call"), "decision": _l("Decision"),
              "atr_rating": _l("How well the ATR addressed the grievance"),
              "atr_issue": _l("What is wrong with the ATR"),
              "reasons": _l("Reasons"), "directive": _l("Directive to the office"), "priority": _l("Priority"),
              "department": _l("Department"), "field_result": _l("Field finding"),
              "instructions": _l("Instructions to the office"), "summary": _l("Action taken")},
    # Hints of task forms that speak in codes, said in words.
    "hint": {"close: the grievance stands redressed; direct_action: the office must act again":
             _l("Close the grievance: it stands redressed. The office must act again: it gets your instructions.")},
    # Titles of the process models' tasks, as the pages name them.
    "task": {"Submit Action Taken Report": _l("Submit Action Taken Report"),
             "Verify with complainant": _l("Verify with complainant"),
             "Review category and department": _l("Review category and department"),
             "Review escalated grievance": _l("Review escalated grievance"),
             "Review escalated grievance (secretary)": _l("Review escalated grievance (secretary)"),
             "Review escalated grievance (CMO cell)": _l("Review escalated grievance (CMO cell)"),
             "Field validation": _l("Field validation"), "Decide the appeal": _l("Decide the appeal"),
             "Review the overdue appeal": _l("Review the overdue appeal"),
             "Act on the appeal and report": _l("Act on the appeal and report")},
}


def word(kind: str, value) -> str:
    """The words for `value` of `kind` (an outcome, a role...); an unknown code is shown without underscores."""
    if value is None or value == "":
        return ""
    found = WORDS.get(kind, {}).get(str(value))
    return str(found) if found is not None else str(value).replace("_", " ")


def task_name(title: str, title_bn: str | None = None) -> str:
    """A task's name in the page's language: the diagram's Bengali name when it has one, else our words for it."""
    if title_bn and str(get_locale()) == "bn":
        return title_bn
    return word("task", title)


def local_name(name) -> str:
    """A master-data name (see case_api.timeline.Name, or any row with name/name_bn) in the page's language."""
    if name is None:
        return ""
    bengali = getattr(name, "bn", None) or getattr(name, "name_bn", None)
    if bengali and str(get_locale()) == "bn":
        return bengali
    return getattr(name, "en", None) or getattr(name, "name", None) or str(name)
