"""A case's history told as business events: lodged, forwarded to an office, reminded, escalated, an Action Taken
Report with its evidence, sent back with reasons, verified, closed with a reason, feedback, appeal and decision.
Engine plumbing (gateways, start and end events, deadline scripts, timers, tasks opening) is kept apart as
technical detail. Every page that shows a history builds it here; the words are the pages' (web/words.py), the
facts here carry codes turned into names."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from attachments import service as attachments
from case_api import history
from case_api.models import CaseEvent, Grievance
from directory.models import Area, Category, Department, Office
from worklists.models import ItemStatus, WorkItem

# Engine steps with no business meaning of their own (grievance_registered: cases lodged before the shipped model
# stopped naming its registration script, which now leaves no row).
TECHNICAL = {"process_started", "process_completed", "task_completed", "grievance_registered", "case_categorised",
             "registration_rerouted",
             "task_opened", "task_cancelled", "timer_fired", "process_migrated", "incident_opened",
             "incident_resolved"}
# event type -> (entry kind, shown to the complainant)
KINDS = {
    "grievance_lodged": ("lodged", True), "duplicate_suspected": ("duplicate", False),
    "case_recategorised": ("recategorised", True), "case_forwarded": ("forwarded", True),
    "atr_reminder_sent": ("reminder", False), "sla_breached": ("escalated", True), "sla_escalated": ("escalated", True),
    "escalation_reviewed": ("directive", False), "overdue_appeal_reviewed": ("directive", False),
    "atr_submitted": ("atr", True), "case_returned_for_rerouting": ("rerouted", True),
    "clarification_requested": ("clarification_asked", True),
    "clarification_received": ("clarification_received", True), "sla_resumed": ("resumed", False),
    "complainant_verified": ("verified", True), "field_validated": ("field_validated", True),
    "case_sent_back": ("sent_back", True), "case_closed": ("closed", True), "appeal_closed": ("closed", True),
    "feedback_received": ("feedback", True), "appeal_opened": ("appeal_opened", True),
    "appeal_reviewed": ("appeal_decided", True), "appeal_overdue": ("appeal_overdue", False),
    "appeal_action_reported": ("appeal_action", True), "attachments_added": ("documents", True),
    "task_claimed": ("claimed", False), "task_released": ("released", False),
    "task_assigned": ("assigned", False), "task_reassigned": ("assigned", False),
    "testimonial_recorded": ("testimonial", False), "testimonial_approved": ("testimonial_published", False),
    "testimonial_rejected": ("testimonial_declined", False), "call_kept": ("call_kept", False),
    "lodging_reviewed": ("lodging_reviewed", False), "registration_corrected": ("registration_corrected", False),
    "mass_grievance_parent": ("mass_parent", False), "mass_grievance_joined": ("mass_joined", True),
}
REPORTS = {"atr", "appeal_action"}  # entries whose evidence files follow them in the history
DECISIONS = {"verified", "field_validated", "appeal_decided"}


@dataclass(frozen=True)
class Name:
    """A master-data name in English and (where the master data has one) Bengali; `code` for the audit."""

    code: str
    en: str
    bn: str | None = None


@dataclass
class Entry:
    seq: int
    at: datetime
    kind: str
    actor_name: str | None  # None: the system, or hidden from the complainant
    actor_role: str
    facts: dict
    public: bool
    files: list = field(default_factory=list)
    title: str | None = None
    event_type: str = ""
    actor_id: int | None = None  # to match evidence to its report; never shown


@dataclass
class Step:
    """An open task of the case: what is being done, by which role (and office), who holds it, until when."""

    title: str
    role: str | None
    office: Name | None
    holder: str | None
    due_at: datetime | None


@dataclass
class Timeline:
    entries: list[Entry]
    technical: list[Entry]
    steps: list[Step]

    def of_kind(self, *kinds: str) -> list[Entry]:
        return [e for e in self.entries if e.kind in kinds]


class Names:
    """Codes of master data turned into names, each looked up once."""

    _TABLES = {"category": Category, "department": Department, "district": Area, "office": Office}

    def __init__(self, session: Session):
        self.session, self._cache = session, {}

    def __call__(self, kind: str, code: str | None) -> Name | None:
        if not code:
            return None
        if (kind, code) not in self._cache:
            table = self._TABLES[kind]
            row = self.session.scalar(select(table).where(table.code == code))
            self._cache[kind, code] = Name(code, row.name, getattr(row, "name_bn", None)) if row else Name(code, code)
        return self._cache[kind, code]


def _files_by_hash(files) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in files:
        out.setdefault(f.sha256, []).append(f)
    return out


def _pick(by_hash: dict, sha256: str, name: str | None = None):
    candidates = by_hash.get(sha256) or []
    return next((f for f in candidates if name is None or f.filename == name), candidates[0] if candidates else None)


def _facts(kind: str, data: dict, names: Names, entries: list[Entry]) -> dict:
    """The facts of one entry, codes turned into names; some come from the entry before (a send-back's reasons)."""
    if kind == "lodged":
        return {"channel": data.get("channel"), "category": names("category", data.get("category")),
                "district": names("district", data.get("district")), "is_emergency": data.get("is_emergency")}
    if kind == "recategorised":
        return {"category": names("category", data.get("category")),
                "department": names("department", data.get("department")),
                "priority": data.get("priority"), "remarks": data.get("remarks")}
    if kind == "forwarded":
        return {"office": names("office", data.get("office"))}
    if kind == "assigned":
        return {"to": data.get("assignee_name"), "from": data.get("previous_name")}
    if kind == "released":
        return {"from": data.get("holder_name"), "reason": data.get("reason")}
    if kind == "duplicate":
        return {"of": data.get("of")}
    if kind in ("mass_parent", "mass_joined"):
        return {"members": data.get("members") or [], "parent": data.get("parent"),
                "complainants": data.get("complainants")}
    if kind == "clarification_asked":
        last = _last(entries, "atr")
        return {"question": last.facts.get("clarification_question") if last else None}
    if kind == "clarification_received":
        return {"text": data.get("text")}
    if kind == "sent_back":
        decided = _last(entries, *DECISIONS)
        return {"reasons": decided.facts.get("reasons") if decided else None, "round": data.get("send_back_count")}
    if kind == "closed":
        decided = _last(entries, *DECISIONS)
        return {"by": decided.kind if decided else None, **(decided.facts if decided else {}),
                "outcome": (_last(entries, "atr").facts.get("outcome") if _last(entries, "atr") else None)}
    if kind == "escalated":
        return {"level": data.get("escalation_level") or "head_of_department"}
    if kind == "appeal_opened":
        return {"due_at": data.get("appeal_due_at")}
    if kind == "atr":
        return {**data, "round": len(_all(entries, "atr")) + 1}
    if kind == "registration_corrected":
        kinds = {"category": "category", "district": "district"}
        return {"changes": [(field, names(kinds[field], change["from"]) if field in kinds else None,
                             names(kinds[field], change["to"]) if field in kinds else None)
                            for field, change in data.get("changes", {}).items()], "note": data.get("note"),
                "rerouted": data.get("rerouted")}
    return dict(data)


def _last(entries: list[Entry], *kinds: str) -> Entry | None:
    return next((e for e in reversed(entries) if e.kind in kinds), None)


def _all(entries: list[Entry], *kinds: str) -> list[Entry]:
    return [e for e in entries if e.kind in kinds]


def _attach_evidence(entries: list[Entry], event: CaseEvent, files: list) -> bool:
    """Files added right after a person's report are its evidence: shown with the report, not on their own."""
    last_by_person = next((e for e in reversed(entries) if e.actor_role != "system" and e.kind != "documents"), None)
    if last_by_person is not None and last_by_person.kind in REPORTS and last_by_person.actor_id == event.actor_id:
        last_by_person.files.extend(files)
        return True
    return False


def entries_of(session: Session, grievance: Grievance, events: list[CaseEvent] | None = None) -> tuple[list, list]:
    """(business entries, technical entries) of a case's history, oldest first."""
    events = history.list_events(session, grievance.id) if events is None else events
    names, by_hash = Names(session), _files_by_hash(attachments.list_for(session, grievance.id))
    business: list[Entry] = []
    technical: list[Entry] = []
    for event in events:
        data = json.loads(event.data or "{}")
        base = {"seq": event.seq, "at": event.at, "actor_role": event.actor_role, "title": event.title,
                "actor_name": None if event.actor_role == "system" else event.actor_name or None,
                "event_type": event.event_type, "actor_id": event.actor_id}
        if event.event_type in TECHNICAL or event.event_type not in KINDS and event.task_id and \
                event.actor_role == "system":
            technical.append(Entry(kind="technical", facts=data, public=False, **base))
            continue
        kind, public = KINDS.get(event.event_type, ("other", False))
        if kind == "documents":
            files = [f for f in (_pick(by_hash, x.get("sha256"), x.get("name")) for x in data.get("files", [])) if f]
            if _attach_evidence(business, event, files):
                continue
            entry = Entry(kind=kind, facts={}, public=public, files=files, **base)
        else:
            entry = Entry(kind=kind, facts=_facts(kind, data, names, business), public=public, **base)
            if kind == "lodged":
                entry.files = [f for f in (_pick(by_hash, h) for h in data.get("attachments", [])) if f]
        business.append(entry)
    return business, technical


def current_steps(session: Session, grievance: Grievance, names: Names | None = None) -> list[Step]:
    names = names or Names(session)
    items = session.scalars(select(WorkItem).where(WorkItem.grievance_id == grievance.id,
                                                   WorkItem.status == ItemStatus.OPEN).order_by(WorkItem.opened_at))
    steps = []
    for item in items:
        office = session.get(Office, item.office_id) if item.office_id else None
        holder = session.get(User, item.claimed_by_id) if item.claimed_by_id else None
        steps.append(Step(title=item.title, role=item.role, office=names("office", office.code) if office else None,
                          holder=holder.full_name if holder else None, due_at=item.due_at))
    return steps


def build(session: Session, grievance: Grievance, *, for_complainant: bool = False,
          events: list[CaseEvent] | None = None) -> Timeline:
    """The case's timeline as its reader may see it. The complainant sees what was done for them, by whom only as
    a role (no officer's name), and no internal notes or engine detail."""
    business, technical = entries_of(session, grievance, events)
    steps = current_steps(session, grievance)
    if for_complainant:
        business = [_for_complainant(e) for e in business if e.public]
        technical = []
        for step in steps:
            step.holder = None
    return Timeline(entries=business, technical=technical, steps=steps)


INTERNAL_FACTS = {"remarks", "instructions"}


def _for_complainant(entry: Entry) -> Entry:
    shown = Entry(seq=entry.seq, at=entry.at, kind=entry.kind,
                  actor_name=None if entry.actor_role != "citizen" else entry.actor_name,
                  actor_role=entry.actor_role, facts={k: v for k, v in entry.facts.items() if k not in INTERNAL_FACTS},
                  public=True, files=entry.files, title=entry.title, event_type=entry.event_type)
    return shown
