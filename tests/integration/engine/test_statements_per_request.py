"""What one request costs the database, as counted statements (deterministic, unlike time: bench/lifecycle.py has
the timings). Immutable rows (model versions, SLA policy versions, master data) come from the process's caches, the
grievance is written once per unit of work, outbox rows are inserted-or-ignored, and a completion loads its instance
once. A request's statements include authenticating the caller (one statement, in a read-only transaction of its
own); messages a unit of work queues reach the outbox with one statement.

SQLite costs more statements than PostgreSQL for the same work: the app opens its write transactions itself (BEGIN
IMMEDIATE, a statement), and SQLAlchemy inserts the history rows of a unit one by one there, where PostgreSQL gets
them in one batched INSERT."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlalchemy import event, select

from app import create_app
from core.config import Settings
from core.db import transaction
from engine import store
from engine.definitions import deploy, read_model_folder
from engine.models import ProcessInstance, ProcessModel
from tests.fixtures.databases import backend

ATR = {"action_taken": "Ration card issued to the complainant.", "outcome": "redressed"}
# (lodge, completion) statements of the whole request (authentication included), per backend.
# The summary counts (case_counts/) add one statement at commit on PostgreSQL (an upsert per changed table, as
# WITH clauses of one INSERT); on SQLite one (an executemany) per table: up to seven a lodge (case, deadline, day, age,
# the office's case, deadline and month rows) and six an ATR (case, deadline, the office's case, deadline and month
# rows and the ATR's digest). The SQLite bounds are today's counts exactly, so one query more is caught there too.
BOUNDS = {"postgresql": (12, 12), "sqlite": (20, 19)}


@dataclass
class Statements:
    unit: list[str] = field(default_factory=list)
    counting: bool = False

    def seen(self, _conn, _cursor, statement, *_args) -> None:
        if self.counting:
            self.unit.append(" ".join(statement.split()))

    def of(self, call):
        self.unit, self.counting = [], True
        try:
            response = call()
        finally:
            self.counting = False
        assert response.status_code in (200, 201), response.get_json()
        return response

    def reading(self, table: str) -> list[str]:
        return [s for s in self.unit if s.startswith("SELECT") and f" FROM {table}" in s]


@pytest.fixture
def statements(app) -> Statements:
    counter = Statements()
    event.listen(app.extensions["db"].engine, "before_cursor_execute", counter.seen)
    return counter


@pytest.fixture
def deserializations(monkeypatch) -> list[int]:
    """How often an instance's state is deserialized (the real serializer runs; each call is noted)."""
    calls: list[int] = []
    real = store.SERIALIZER.deserialize_json

    def noting(state, *args, **kwargs):
        calls.append(len(state))
        return real(state, *args, **kwargs)
    monkeypatch.setattr(store.SERIALIZER, "deserialize_json", noting)
    return calls


def test_a_lodge_and_a_completion_stay_within_their_statement_budgets(app, api, statements, deserializations):
    lodge_bound, completion_bound = BOUNDS[backend()]
    operator, nodal = api.login("operator"), api.login("nodal.food.pur")
    api.lodge(operator, mobile="9830000001")  # the process's caches warm up on the first case
    statements.of(lambda: api.lodge(operator, mobile="9830000002"))
    assert len(statements.unit) <= lodge_bound, statements.unit
    assert len(statements.reading("sla_policy_version")) <= 1, "the SLA policy is looked up once per unit of work"
    # The grievance is written once, with what its process decided, and so is its instance.
    assert [s[:33] for s in statements.unit if s.startswith(("INSERT INTO grievance ", "UPDATE grievance"))] \
        == ["INSERT INTO grievance (id, reg_no"], statements.unit
    assert not any(s.startswith("UPDATE process_instance") for s in statements.unit), statements.unit
    assert sum(s.startswith("INSERT INTO case_event") for s in statements.unit) == 1, "the history in one statement"
    assert not any("SAVEPOINT" in s for s in statements.unit), statements.unit
    assert not statements.reading("outbox_message"), "queueing a message must not read the outbox first"
    assert sum("INSERT INTO outbox_message" in s for s in statements.unit) == 1, "three messages, one statement"
    assert len(statements.reading("user_office")) == 0, "the caller's offices come with their account"

    task_id = api.worklist(nodal, task="Task_submit_atr")[0]["task_id"]
    deserializations.clear()
    api.post(f"/tasks/{task_id}/claim", nodal)  # only the holder completes; the claim is a request of its own
    statements.of(lambda: api.post(f"/tasks/{task_id}/complete", nodal, json={"data": ATR}))
    assert len(statements.unit) <= completion_bound, statements.unit
    assert len(statements.reading("process_instance")) == 1, statements.unit
    assert len(statements.reading("work_item")) == 2, "the task's item is read once (and what opened next once)"
    assert not statements.reading("process_model"), "a model version is read once per process, not per request"
    assert len(deserializations) == 1, "the instance is deserialized once per completion"
    assert sum(s.startswith("UPDATE grievance") for s in statements.unit) <= 1, statements.unit


def test_a_version_deployed_by_another_process_is_started_by_the_next_lodge(app, api):
    operator = api.login("operator")
    api.lodge(operator, mobile="9830000001")  # this process now holds version 1 in its caches
    other = create_app(Settings(database_url=app.extensions["db"].url, secret_key="test-secret", testing=True))
    try:
        files = read_model_folder(other.extensions["settings"].bpmn_dir / "grievance")
        files["grievance.bpmn"] += "\n<!-- a second version -->\n"
        with other.app_context(), transaction() as session:
            new_version = deploy(session, process_id="grievance", files=files, actor="process.owner").version
    finally:
        other.extensions["db"].dispose()
    reg_no = api.lodge(operator, mobile="9830000002").get_json()["reg_no"]
    with app.app_context(), transaction(readonly=True) as session:
        version = session.scalar(select(ProcessModel.version).join(
            ProcessInstance, ProcessInstance.process_model_id == ProcessModel.id)
            .where(ProcessInstance.business_key == reg_no))
    assert new_version == 2 and version == new_version
