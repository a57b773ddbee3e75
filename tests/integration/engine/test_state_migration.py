"""Migration 0034 compresses every stored instance state: what the engine reads back is the same JSON text, the row
holds a fraction of it, and migrating back restores the text."""
from __future__ import annotations

import json
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from engine.models import ProcessInstance
from migrations import alembic_config, upgrade

AT = datetime(2026, 11, 2, 4, 30)


def waiting_state(n: int) -> str:
    """A state shaped like a running grievance's (tasks keyed by id, each with its spec, state and data)."""
    tasks = {f"{i:08x}-0000-4000-8000-{n:012x}": {"id": f"{i:08x}-0000-4000-8000-{n:012x}", "state": 64,
                                                  "task_spec": f"Task_{i}", "triggered": False, "internal_data": {},
                                                  "data": {}, "delta": {"updates": {}, "deletions": []},
                                                  "typename": "Task"} for i in range(40)}
    return json.dumps({"tasks": tasks, "data": {"reg_no": f"CMO/2026/{n:06d}"}, "typename": "BpmnWorkflow"})


def test_states_stored_before_0034_read_back_the_same_compressed_and_migrate_back(database_server):
    url = database_server.new_empty("state_0034")
    try:
        upgrade(url, "0033")
        engine = create_engine(url)
        states = {1: waiting_state(1), 2: json.dumps({"completed": ["StartEvent_lodged", "End_closed"]})}
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO process_model (id, process_id, version, files, sha256, deployed_by, "
                              "deployed_at) VALUES (1, 'grievance', 1, '{}', 'x', 'test', :at)"), {"at": AT})
            conn.execute(text("INSERT INTO process_instance (id, process_model_id, status, state, serializer_version,"
                              " timer_failures, lock_version, created_at, updated_at) VALUES (:id, 1, 'running', "
                              ":state, '1.5/spec-ref-1', 0, 1, :at, :at)"),
                         [{"id": i, "state": s, "at": AT} for i, s in states.items()])
        engine.dispose()

        upgrade(url)
        engine = create_engine(url)
        with Session(engine) as session:
            assert {row.id: row.state for row in session.query(ProcessInstance)} == states
        with engine.connect() as conn:
            stored = dict(conn.execute(text("SELECT id, state FROM process_instance")).all())
        assert all(bytes(value)[:1] == b"\x01" for value in stored.values())
        assert len(bytes(stored[1])) < len(states[1]) / 5, "a running state shrinks to a fraction"
        with Session(engine) as session:   # written by the engine from now on: compressed the same way
            row = session.get(ProcessInstance, 1)
            row.state, row.updated_at = waiting_state(3), datetime.now(UTC)
            session.commit()
            states[1] = waiting_state(3)
        engine.dispose()

        command.downgrade(alembic_config(url), "0033")
        engine = create_engine(url)
        with engine.connect() as conn:
            assert dict(conn.execute(text("SELECT id, state FROM process_instance")).all()) == states
        engine.dispose()
    finally:
        database_server.drop(url)
