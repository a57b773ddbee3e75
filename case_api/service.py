"""Use cases on a case that are not officers' tasks: the complainant's reply to a clarification request, routing a
corrected registration to the office that now serves it, documents added to a case."""
from __future__ import annotations

from sqlalchemy.orm import Session

import engine
from attachments import service as attachments
from case_api import access
from case_api.history import append_event
from case_api.models import CaseStatus, Grievance
from case_api.process_data import grievance_start_data
from case_api.queries import get_visible
from core import clock
from core.errors import AppError
from directory import queries as directory

CLARIFICATION_MESSAGE = "clarification_received"
REROUTE_MESSAGE = "registration_rerouted"
ROUTING_FACTS = ("category", "category_department", "category_priority", "district", "subdivision")


def submit_clarification(session: Session, *, actor, reg_no: str, text: str) -> None:
    """Pass the complainant's answer to the waiting process, which resumes the paused SLA."""
    grievance = get_visible(session, actor, reg_no)
    if grievance.status != CaseStatus.AWAITING_CLARIFICATION:
        raise AppError.conflict("not_awaiting_clarification", f"Grievance {reg_no} is not waiting for a reply.")
    append_event(session, grievance_id=grievance.id, event_type="clarification_received", at=clock.now(),
                 actor=actor, data={"text": text})
    engine.send_message(session, instance_id=grievance.instance_id, name=CLARIFICATION_MESSAGE,
                        payload={"text": text}, actor=actor)


def serving_office(session: Session, grievance: Grievance) -> tuple[str | None, str | None]:
    """(the office serving the case's category and district now, the office it is with)."""
    facts = grievance_start_data(session, grievance)
    serving = directory.route_office(session, department=facts["category_department"], district=facts["district"],
                                     subdivision=facts["subdivision"])
    current = directory.office_by_id(session, grievance.office_id)
    return serving, current.code if current else None


def reroute_corrected(session: Session, *, actor, grievance: Grievance) -> None:
    """Send a case whose category or district was corrected to the office that now serves it: its process takes
    the corrected facts and routes the case again (routing rules, forwarding, a new ATR deadline), and the old
    office's task is withdrawn. 409 `not_waiting` when the process is past the old office's report (the caller's
    savepoint then drops the history row written here)."""
    facts = grievance_start_data(session, grievance)
    payload = {name: facts[name] for name in ROUTING_FACTS}
    append_event(session, grievance_id=grievance.id, event_type=REROUTE_MESSAGE, at=clock.now(), actor=actor,
                 data=payload)
    engine.send_message(session, instance_id=grievance.instance_id, name=REROUTE_MESSAGE, payload=payload,
                        actor=actor)


def add_attachments(session: Session, *, actor, reg_no: str, public_ids: list[str]) -> list:
    """Attach the caller's uploads to a case they lodged or act on (evidence with an ATR, a citizen's extra
    document), recorded in its history."""
    grievance = get_visible(session, actor, reg_no)
    if not access.sees_contact_details(actor, grievance):
        raise AppError.forbidden("Only the complainant, whoever lodged it, the office acting on it and the CMO cell "
                                 "add documents to a grievance.")
    files = attachments.link(session, actor=actor, public_ids=public_ids, grievance_id=grievance.id)
    append_event(session, grievance_id=grievance.id, event_type="attachments_added", at=clock.now(), actor=actor,
                 data={"files": [{"name": f.filename, "sha256": f.sha256} for f in files]})
    return files
