"""What people are told when a case moves: SMS to the complainant, SMS and e-mail to the officers who
must act, and the heads of department's daily synopsis. Every message is queued in the outbox in the same
transaction as the change, under a key that makes queueing it twice impossible."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import engine
from accounts.models import Role
from accounts.queries import department_officers, heads_of_department, officers_of_office
from case_api.models import CaseStatus, Grievance
from directory import queries as directory
from directory.models import Department
from mass_grievances.queries import answered_by_a_parent
from notifications.service import queue_email, queue_sms, tell_complainant
from notifications.templates import render

IST = ZoneInfo("Asia/Kolkata")
# Ladder levels told by SMS and e-mail; the CMO cell sees its escalations in its worklist and dashboards.
LADDER_ROLES = {"head_of_department": Role.HEAD_OF_DEPARTMENT, "secretary": Role.SECRETARY}
# Templates a task may name in its `notify` property (sent to its lane's officers in the case's department).
NOTIFY_DEPARTMENT = {"officer_appeal"}
# Statuses the complainant hears about when their case reaches them.
TO_COMPLAINANT = {CaseStatus.FORWARDED: "case_forwarded", CaseStatus.ATR_SUBMITTED: "atr_received",
                  CaseStatus.CLOSED: "case_closed", CaseStatus.AWAITING_CLARIFICATION: "clarification_requested",
                  CaseStatus.UNDER_APPEAL: "appeal_opened"}


def _when(at: datetime | None) -> str:
    return at.astimezone(IST).strftime("%d %b %Y %H:%M") if at else "-"


def _office_name(session: Session, grievance: Grievance) -> str:
    office = directory.office_by_id(session, grievance.office_id)
    return office.name if office else "the department"


def _tell_officers(session: Session, users, *, template: str, key: str, subject: str, **values) -> None:
    text = render(template, "en", **values)
    for user in users:
        if user.mobile:
            queue_sms(session, to=user.mobile, body=text, key=f"{key}:sms:{user.id}")
        if user.email:
            queue_email(session, to=user.email, subject=subject, body=text, key=f"{key}:email:{user.id}")


def on_event(session: Session, grievance: Grievance, event) -> None:
    """Queue the messages one engine event calls for (called after the grievance is updated)."""
    if isinstance(event, engine.TaskCompleted):
        name = event.task.properties.get("event_name")
        if name == "atr_reminder_sent" and not answered_by_a_parent(session, grievance.id):
            _tell_officers(session, officers_of_office(session, grievance.office_id), template="officer_reminder",
                           key=f"{grievance.reg_no}:reminder:{event.task.task_id}",
                           subject=f"Reminder: ATR due for {grievance.reg_no}", reg_no=grievance.reg_no,
                           due=_when(grievance.sla_due_at))
        elif name in ("sla_breached", "sla_escalated") and grievance.escalation_level in LADDER_ROLES \
                and not answered_by_a_parent(session, grievance.id):  # the parent's escalation tells of the group
            recipients = department_officers(session, grievance.department_id, LADDER_ROLES[grievance.escalation_level])
            _tell_officers(session, recipients, template="hod_escalation",
                           key=f"{grievance.reg_no}:escalated:{event.task.task_id}",
                           subject=f"Escalated: {grievance.reg_no}", reg_no=grievance.reg_no,
                           office=_office_name(session, grievance))
    elif isinstance(event, engine.TaskOpened) and event.task.properties.get("notify") in NOTIFY_DEPARTMENT:
        # A task that names a `notify` template tells the department's officers of its lane when it opens.
        role = LADDER_ROLES[event.task.lane]
        _tell_officers(session, department_officers(session, grievance.department_id, role),
                       template=event.task.properties["notify"], key=f"{grievance.reg_no}:notify:{event.task.task_id}",
                       subject=f"{event.task.title}: {grievance.reg_no}", reg_no=grievance.reg_no,
                       office=_office_name(session, grievance), due=_when(grievance.sla_due_at))
    elif isinstance(event, engine.TaskOpened) and event.task.lane == "nodal_officer":
        _tell_officers(session, officers_of_office(session, grievance.office_id), template="officer_new_case",
                       key=f"{grievance.reg_no}:new:{event.task.task_id}", subject=f"New grievance {grievance.reg_no}",
                       reg_no=grievance.reg_no, office=_office_name(session, grievance),
                       due=_when(grievance.sla_due_at))


def status_changed(session: Session, grievance: Grievance, events: list, *, seq: int) -> None:
    """Tell the complainant their case reached a status they care about (`seq`: its history position, which
    keeps a status reached twice, e.g. forwarded again after a reply, from being mistaken for a repeat)."""
    template = TO_COMPLAINANT.get(grievance.status)
    if template is None:
        return
    question = next((e.data_changed["clarification_question"] for e in events if isinstance(e, engine.TaskCompleted)
                     and e.data_changed.get("clarification_question")), "")
    tell_complainant(session, grievance, key=f"{grievance.reg_no}:{grievance.status}:{seq}",
                     body=render(template, grievance.language, reg_no=grievance.reg_no,
                                 office=_office_name(session, grievance), question=question,
                                 due=_when(grievance.sla_due_at)))


def send_daily_synopsis(session: Session, *, now: datetime) -> int:
    """Queue each head of department's end-of-day SMS: pending, overdue and escalated counts of their
    department. Keyed by department, day and person, so running it again the same day sends nothing new."""
    day: date = now.astimezone(IST).date()
    queued = 0
    open_cases = select(Grievance.department_id, func.count().label("pending"),
                        func.count().filter(Grievance.sla_due_at < now).label("overdue"),
                        func.count().filter(Grievance.is_escalated.is_(True)).label("escalated")) \
        .where(Grievance.status != CaseStatus.CLOSED, Grievance.department_id.is_not(None)) \
        .group_by(Grievance.department_id)
    counts = {row.department_id: row for row in session.execute(open_cases)}
    for department in session.scalars(select(Department).order_by(Department.id)):
        row = counts.get(department.id)
        for head in heads_of_department(session, department.id):
            if not head.mobile:
                continue
            queue_sms(session, to=head.mobile, key=f"synopsis:{department.code}:{day.isoformat()}:{head.id}",
                      body=render("hod_synopsis", "en", department=department.name, day=day.strftime("%d %b %Y"),
                                  pending=row.pending if row else 0, overdue=row.overdue if row else 0,
                                  escalated=row.escalated if row else 0))
            queued += 1
    return queued


def synopsis_due(now: datetime, hour_ist: int) -> bool:
    """True once today's synopsis hour has passed in India."""
    local = now.astimezone(IST)
    return local >= datetime.combine(local.date(), time(hour_ist), IST)
