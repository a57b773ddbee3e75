"""A running state for `make run`: about a thousand grievances over the past 90 days, lodged on every channel and
taken through their lives by the demo accounts, through the same services the pages and the API call and the real
engine, with the application clock moved to each moment and the timers fired by the real sweep (every two hours).
Some are closed on time, some reminded, escalated, sent back, clarified, appealed; the latest are still open, so
every worklist, the dashboard and the audit pages have content. Made once: a database with grievances gets none."""
from __future__ import annotations

import heapq
import itertools
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from accounts import service as accounts
from accounts.auth import Actor, actor_for
from accounts.models import Role, User, UserOffice
from bootstrap import demo_texts as texts
from case_api.feedback import GIVERS, give_feedback
from case_api.models import Channel, Grievance
from case_api.service import submit_clarification
from core import clock
from core.db import transaction
from core.errors import AppError
from directory.models import Category, Department, Office
from engine import fire_due_timers
from intake.service import channel_actor, lodge_grievance
from notifications.models import MessageStatus, OutboxMessage
from worklists.models import ItemStatus, WorkItem
from worklists.service import claim_task, complete_task

logger = logging.getLogger(__name__)

DAYS = 90
SWEEP_EVERY = timedelta(hours=2)
# Where the demo's grievances go (an office with a demo nodal officer), and how often.
OFFICE_WEIGHTS = {"FOOD-PUR": 40, "FOOD-KOL": 30, "PRD-PUR": 15, "POWER-KOL": 15}
CHANNEL_WEIGHTS = {Channel.PORTAL: 30, Channel.CALL_CENTRE: 28, Channel.SERVICE_CENTRE: 14, Channel.SMS: 10,
                   Channel.EMAIL: 10, Channel.API: 8}
LODGING_ROLES = {Channel.CALL_CENTRE: Role.CALL_CENTRE_OPERATOR, Channel.SERVICE_CENTRE: Role.SERVICE_CENTRE_OPERATOR,
                 Channel.API: Role.INTEGRATION}
# What happens to a grievance; escalation and appeal only where the department has a demo head of department.
# "stalled": the office never reports, so the case climbs the whole ladder (head of department, secretary, CMO cell).
FATE_WEIGHTS = {"on_time": 40, "reminded": 12, "escalated": 10, "sent_back": 9, "clarified": 9, "appealed": 9,
                "unreached": 6, "stalled": 5}
NEEDS_HEAD = {"escalated", "appealed", "stalled"}
REVIEWS = ("Task_escalation_review", "Task_secretary_review", "Task_cmo_escalation_review",
           "Task_review_overdue_appeal")
COMPLAINANTS = 400


@dataclass
class DemoCase:
    reg_no: str
    grievance_id: int
    channel: str
    fate: str
    complainant: Actor | None  # the citizen's own account, for portal cases
    lodger: Actor
    sent_back: bool = False
    directed: bool = False


@dataclass
class DemoResult:
    grievances: int = 0
    fates: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    steps: int = 0
    missed: int = 0
    sweeps: int = 0
    timers_fired: int = 0
    seconds: float = 0.0


class DemoHistory:
    """Lodges `cases` grievances between `now - days` and `now` and plays every step due before `now`."""

    def __init__(self, db, *, cases: int, now: datetime, days: int = DAYS, seed: int = 12):
        self.db, self.cases, self.now, self.days, self.rng = db, cases, now, days, random.Random(seed)
        self.queue: list = []
        self.order = itertools.count()
        self.result = DemoResult()
        with transaction(readonly=True) as session:
            self._load_people(session)

    # --- who acts -------------------------------------------------------------------------------------------
    def _load_people(self, session) -> None:
        users = session.scalars(select(User).where(User.is_active.is_(True), User.username.is_not(None))).all()
        self.by_role: dict[tuple, Actor] = {}
        for user in users:
            actor = actor_for(session, user)
            self.by_role.setdefault((user.role, user.department_id), actor)
            self.by_role.setdefault((user.role, None), actor)
            for office_id in actor.office_ids:
                self.by_role.setdefault((user.role, "office", office_id), actor)
        staffed = session.scalars(select(UserOffice.office_id)).all()
        self.offices = {o.code: o for o in session.scalars(select(Office).where(
            Office.code.in_(OFFICE_WEIGHTS), Office.id.in_(staffed)))}
        self.categories = {code: session.scalars(select(Category.code).join(
            Department, Department.id == Category.department_id).where(Department.id == o.department_id,
                                                                       Category.code.in_(texts.COMPLAINTS))).all()
            for code, o in self.offices.items()}

    def _officer(self, item: WorkItem) -> Actor | None:
        if item.role == Role.NODAL_OFFICER:
            return self.by_role.get((item.role, "office", item.office_id))
        if item.role in (Role.HEAD_OF_DEPARTMENT, Role.SECRETARY):
            return self.by_role.get((item.role, item.department_id))
        return self.by_role.get((item.role, None))

    # --- the timeline ---------------------------------------------------------------------------------------
    def run(self) -> DemoResult:
        started = time.perf_counter()
        previous = clock.use(clock.FrozenClock(self.now - timedelta(days=self.days)))
        logging.disable(logging.INFO)  # not a line per lodging and per sweep on the console
        try:
            self._plan_lodgings()
            sweep_at = self.now - timedelta(days=self.days) + SWEEP_EVERY
            while self.queue and self.queue[0][0] <= self.now:
                at, _, step, args = heapq.heappop(self.queue)
                while sweep_at <= at:
                    self._sweep(sweep_at)
                    sweep_at += SWEEP_EVERY
                clock.use(clock.FrozenClock(at))
                step(*args)
                self.result.steps += 1
            self._sweep(self.now)
            self._mark_messages_sent()
            self._count_statuses()
        finally:
            clock.use(previous)
            logging.disable(logging.NOTSET)
        self.result.seconds = round(time.perf_counter() - started, 1)
        return self.result

    def _at(self, at: datetime, step, *args) -> None:
        heapq.heappush(self.queue, (at, next(self.order), step, args))

    def _later(self, low: timedelta, high: timedelta, step, *args) -> None:
        self._at(clock.now() + low + (high - low) * self.rng.random(), step, *args)

    def _sweep(self, at: datetime) -> None:
        clock.use(clock.FrozenClock(at))
        fired = fire_due_timers(self.db)
        self.result.sweeps += 1
        self.result.timers_fired += fired.timers_fired

    def _plan_lodgings(self) -> None:
        start = self.now - timedelta(days=self.days)
        for _ in range(self.cases):
            day = start + timedelta(days=int(self.days * self.rng.random() ** 0.9))  # a little busier lately
            at = day.replace(hour=2, minute=0) + timedelta(minutes=self.rng.randrange(14 * 60))  # 07:30-21:30 IST
            if at < self.now:
                self._at(at, self._lodge)

    # --- steps ----------------------------------------------------------------------------------------------
    def _pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _lodge(self) -> None:
        office = self.offices[self._pick({k: v for k, v in OFFICE_WEIGHTS.items() if k in self.offices})]
        category = self.rng.choice(self.categories[office.code])
        channel = self._pick(CHANNEL_WEIGHTS)
        fate = self._pick(FATE_WEIGHTS)
        if fate in NEEDS_HEAD and (Role.HEAD_OF_DEPARTMENT, office.department_id) not in self.by_role:
            fate = "on_time"
        number = self.rng.randrange(COMPLAINANTS)
        name, mobile = texts.NAMES[number % len(texts.NAMES)], f"97330{number:05d}"
        place = self.rng.choice(texts.PLACES[office.district_code])
        description = self.rng.choice(texts.COMPLAINTS[category]).format(place=place,
                                                                          month=self.rng.choice(texts.MONTHS))
        with transaction() as session:
            complainant = self._citizen(session, name, mobile) if channel == Channel.PORTAL else None
            lodger = complainant or self.by_role.get((LODGING_ROLES.get(channel), None)) or channel_actor(channel)
            grievance = lodge_grievance(
                session, actor=lodger, complainant_name=name, district=office.district_code, category=category,
                description=description, mobile=mobile, address=f"Village {place}", channel=channel,
                language=self.rng.choice(("en", "bn")))
            case = DemoCase(grievance.reg_no, grievance.id, channel, fate, complainant, lodger)
            remind_at, due_at = grievance.remind_at, grievance.sla_due_at
        self.result.grievances += 1
        self.result.fates[fate] += 1
        if fate == "stalled" or remind_at is None or due_at is None:  # nobody reports: the ladder climbs
            return
        now = clock.now()
        before_reminder = now + (remind_at - now) * (0.15 + 0.7 * self.rng.random())
        if fate == "reminded":
            self._at(remind_at + (due_at - remind_at) * (0.1 + 0.8 * self.rng.random()), self._submit_atr, case)
        elif fate == "escalated":
            self._at(due_at + timedelta(hours=3 + 17 * self.rng.random()), self._review, case)
            self._at(due_at + timedelta(days=1 + 3 * self.rng.random()), self._submit_atr, case)
        elif fate == "clarified":
            self._at(before_reminder, self._ask, case)
        else:
            self._at(before_reminder, self._submit_atr, case)

    def _citizen(self, session, name: str, mobile: str) -> Actor:
        user = session.scalar(select(User).where(User.mobile == "+91" + mobile, User.role == Role.CITIZEN))
        return actor_for(session, user or accounts.create_user(session, full_name=name, role=Role.CITIZEN,
                                                               mobile=mobile))

    def _act(self, case: DemoCase, element_id: str, data: dict) -> bool:
        """The right demo officer claims the case's open task, then completes it; False when there is none."""
        with transaction(readonly=True) as session:
            item = session.scalar(select(WorkItem).where(WorkItem.grievance_id == case.grievance_id,
                                                         WorkItem.element_id == element_id,
                                                         WorkItem.status == ItemStatus.OPEN))
            officer = self._officer(item) if item else None
        if officer is None:
            self.result.missed += 1
            return False
        try:
            with transaction() as session:  # claimed first, as the pages require; one unit of work
                claim_task(session, actor=officer, task_id=item.task_id)
                complete_task(session, actor=officer, task_id=item.task_id, data=data)
        except AppError as error:
            logger.warning("demo history: %s on %s: %s", element_id, case.reg_no, error.detail)
            self.result.missed += 1
            return False
        return True

    def _submit_atr(self, case: DemoCase) -> None:
        outcome = self._pick({"redressed": 80, "partially_redressed": 10, "not_feasible": 10})
        if self._act(case, "Task_submit_atr", {"action_taken": self.rng.choice(texts.ATR_TEXTS[outcome]),
                                               "outcome": outcome}):
            self._later(timedelta(hours=3), timedelta(days=2), self._verify, case)

    def _ask(self, case: DemoCase) -> None:
        if self._act(case, "Task_submit_atr", {"action_taken": "Checked the records; more detail is needed.",
                                               "outcome": "needs_clarification",
                                               "clarification_question": self.rng.choice(
                                                   texts.CLARIFICATION_QUESTIONS)}):
            self._later(timedelta(hours=6), timedelta(days=3), self._clarify, case)

    def _clarify(self, case: DemoCase) -> None:
        replier = case.lodger if case.lodger.user_id else self.by_role[(Role.CMO_CELL, None)]
        with transaction() as session:
            submit_clarification(session, actor=replier, reg_no=case.reg_no,
                                 text=self.rng.choice(texts.CLARIFICATION_ANSWERS))
        self._later(timedelta(hours=4), timedelta(days=2), self._submit_atr, case)

    def _review(self, case: DemoCase) -> None:
        with transaction(readonly=True) as session:
            open_reviews = session.scalars(select(WorkItem.element_id).where(
                WorkItem.grievance_id == case.grievance_id, WorkItem.element_id.in_(REVIEWS),
                WorkItem.status == ItemStatus.OPEN)).all()
        for element_id in open_reviews:
            self._act(case, element_id, {"directive": self.rng.choice(texts.DIRECTIVES)})

    def _verify(self, case: DemoCase) -> None:
        if case.fate == "sent_back" and not case.sent_back:
            if self._act(case, "Task_verify", {"call_result": "reached_not_satisfied", "decision": "send_back",
                                               "reasons": self.rng.choice(texts.SEND_BACK_REASONS)}):
                case.sent_back = True
                self._later(timedelta(days=1), timedelta(days=3), self._submit_atr, case)
            return
        call = "not_reachable" if case.fate == "unreached" else "reached_satisfied"
        if not self._act(case, "Task_verify", {"call_result": call, "decision": "close"}):
            return
        if case.fate == "appealed":
            self._later(timedelta(days=1), timedelta(days=5), self._feedback, case, False)
        elif self.rng.random() < 0.7:
            self._later(timedelta(days=1), timedelta(days=6), self._feedback, case, True)

    def _feedback(self, case: DemoCase, satisfied: bool) -> None:
        giver = case.lodger
        if not giver.user_id or giver.role not in GIVERS:
            giver = self.by_role[(Role.CMO_CELL, None)]  # the CMO cell's feedback call
        with transaction() as session:
            give_feedback(session, actor=giver, reg_no=case.reg_no, is_satisfied=satisfied,
                          on_behalf_of_complainant=giver.role != Role.CITIZEN,
                          rating=self.rng.choice((4, 5) if satisfied else (1, 2)),
                          comment=self.rng.choice(texts.FEEDBACK_COMMENTS[satisfied]))
        if not satisfied:
            self._later(timedelta(days=1), timedelta(days=8), self._decide, case)

    def _decide(self, case: DemoCase) -> None:
        decision = "close" if case.directed or self.rng.random() < 0.5 else "direct_action"
        data = {"decision": decision, "reasons": texts.APPEAL_REASONS[decision]}
        if decision == "direct_action":
            data["instructions"] = texts.APPEAL_INSTRUCTIONS
        if self._act(case, "Task_decide_appeal", data) and decision == "direct_action":
            case.directed = True
            self._later(timedelta(days=1), timedelta(days=4), self._appeal_action, case)

    def _appeal_action(self, case: DemoCase) -> None:
        if self._act(case, "Task_appeal_action", {"summary": texts.APPEAL_ACTION}):
            self._later(timedelta(days=1), timedelta(days=3), self._decide, case)

    # --- the end --------------------------------------------------------------------------------------------
    def _mark_messages_sent(self) -> None:
        """The demo's SMS and e-mails belong to the past: recorded as sent then, not sent to the console now."""
        with transaction() as session:
            session.execute(update(OutboxMessage).where(
                OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.created_at <= self.now).values(
                status=MessageStatus.SENT, sent_at=OutboxMessage.created_at, provider_ref="demo history"))

    def _count_statuses(self) -> None:
        with transaction(readonly=True) as session:
            rows = session.execute(select(Grievance.status, func.count()).group_by(Grievance.status)).all()
        self.result.statuses = Counter(dict(rows))


def has_grievances(session) -> bool:
    return session.scalar(select(func.count()).select_from(Grievance)) > 0


def make_demo_history(db, *, cases: int, now: datetime | None = None, days: int = DAYS) -> DemoResult | None:
    """The demo history, or None when the database already has grievances (re-running adds nothing)."""
    with transaction(readonly=True) as session:
        if has_grievances(session):
            return None
    return DemoHistory(db, cases=cases, now=now or clock.now(), days=days).run()
