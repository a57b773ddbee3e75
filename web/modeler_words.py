"""What the process editor's properties panel offers (lanes' roles, deadlines for timers and tasks) and the words of
bpmn-js and its panel in the page's language (scripts/assets/spiff-properties.js; process-modeler.js translates
through them)."""
from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from web.words import word

LANE_ROLES = ("system", "nodal_officer", "head_of_department", "secretary", "cmo_cell")

# Moments a timer may fire at: the service-level helpers (counted from when the timer starts, on the department's
# working calendar) and the deadlines the grievance process sets before the ATR task.
DEADLINES = (
    ("sla_due(priority, category, department)", _l("The category's service level, from now")),
    ("sla_reminder(priority, category, department)", _l("The service level's reminder point, from now")),
    ("sla_clarification_due(department)", _l("The time a complainant has to clarify, from now")),
    ("atr_due_at", _l("The ATR deadline")),
    ("atr_reminder_at", _l("The ATR reminder")),
    ("escalate_hod_at", _l("Escalation to the head of department")),
    ("escalate_secretary_at", _l("Escalation to the secretary")),
    ("escalate_cmo_at", _l("Escalation to the CM's grievance cell")),
)
DATE_VARIABLES = ("atr_due_at", "atr_reminder_at", "escalate_hod_at", "escalate_secretary_at", "escalate_cmo_at")


def N_(text: str) -> str:
    """Marks text for the catalogue (pybabel's default keywords); translated when the page is drawn."""
    return text


# bpmn-js's and the panel's own English, and ours; bpmn-js passes each through its translate service.
PANEL_WORDS = [
    N_("General"), N_("Name"), N_("ID"), N_("Documentation"), N_("Element documentation"), N_("Timer"), N_("Type"),
    N_("Value"), N_("Date"), N_("Duration"), N_("Cycle"), N_("<none>"), N_("Process name"), N_("Process ID"),
    N_("Executable"), N_("Message"), N_("Condition"), N_("Script"), N_("Decision"), N_("(none)"), N_("Task type"),
    N_("Done by a person (user task)"), N_("Done by the system (script)"), N_("Decision table (business rule)"),
    N_("Done outside the system"), N_("Not specified"), N_("Lane (who does it)"), N_("Name in Bengali"),
    N_("Role of the people in this lane"), N_("Form and deadlines"), N_("Form the officer fills in"),
    N_("Create a new form…"), N_("Due by"), N_("Shown on worklists; colours the task when it lapses."),
    N_("Remind at"), N_("Name in the case history"), N_("e.g. atr_checked (letters, digits, _)"),
    N_("Script (Python)"),
    N_("Runs when the case reaches this task. It may call the service-level helpers, such as "
       "sla_due(priority, category, department)."),
    N_("A Python expression on the case's data, e.g. decision == \"close\". The flow is taken when it is true."),
    N_("Decision table (its id in the .dmn file)"), N_("Deadline"),
    N_("When the timer fires, by the service-level policy and the working calendar."),
    N_("Select an element to edit its properties."), N_("Multiple elements are selected. Select a single one to edit "
                                                         "its properties."),
    N_("Activate hand tool"), N_("Activate lasso tool"), N_("Activate create/remove space tool"),
    N_("Activate global connect tool"), N_("Create start event"), N_("Create intermediate/boundary event"),
    N_("Create end event"), N_("Create gateway"), N_("Create task"), N_("Create expanded sub-process"),
    N_("Create data object reference"), N_("Create data store reference"), N_("Create group"),
    N_("Create pool/participant"), N_("Append end event"), N_("Append gateway"), N_("Append task"),
    N_("Append intermediate/boundary event"), N_("Change element"), N_("Delete"),
    N_("Connect to other element"), N_("Add text annotation"),
]


def studio_choices(form_names: list[str]) -> dict:
    """The panel's choices and words for the editor page (JSON)."""
    return {
        "forms": sorted(form_names),
        "roles": [{"value": role, "label": f"{word('role', role)} ({role})"} for role in LANE_ROLES],
        "deadlines": [{"value": value, "label": str(label)} for value, label in DEADLINES],
        "dateVariables": [{"value": name, "label": next(str(label) for value, label in DEADLINES if value == name)}
                          for name in DATE_VARIABLES],
        "words": {text: gettext(text) for text in PANEL_WORDS},
    }
