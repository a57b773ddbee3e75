"""Migration 0036 stores work items' task ids as uuid on PostgreSQL: the tasks made before it keep their ids (the
worklist finds them by the same text), and migrating back restores the text column."""
from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from migrations import alembic_config, upgrade
from worklists.queries import get_item

AT = datetime(2026, 11, 2, 4, 30)
TASKS = ["3f2b8c1e-5a44-4c7e-9d2a-0b1c2d3e4f50", "00000000-0000-4000-8000-000000000001"]


def column_type(conn) -> str:
    if conn.dialect.name == "postgresql":
        return conn.scalar(text("SELECT data_type FROM information_schema.columns "
                                "WHERE table_name = 'work_item' AND column_name = 'task_id'"))
    return next(row.type for row in conn.execute(text("PRAGMA table_info(work_item)")) if row.name == "task_id")


def test_task_ids_made_before_0036_are_found_after_it_and_migrate_back(database_server):
    url = database_server.new_empty("task_id_0036")
    try:
        upgrade(url, "0035")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO process_model (id, process_id, version, files, sha256, deployed_by, "
                              "deployed_at) VALUES (1, 'grievance', 1, '{}', 'x', 'test', :at)"), {"at": AT})
            conn.execute(text("INSERT INTO process_instance (id, process_model_id, status, state, serializer_version,"
                              " timer_failures, lock_version, created_at, updated_at) VALUES (1, 1, 'running', "
                              "'{}', '1.5/spec-ref-1', 0, 1, :at, :at)"), {"at": AT})
            conn.execute(text("INSERT INTO work_item (id, task_id, instance_id, element_id, title, status, opened_at)"
                              " VALUES (:id, :task, 1, 'Task_submit_atr', 'Submit ATR', 'open', :at)"),
                         [{"id": i, "task": task, "at": AT} for i, task in enumerate(TASKS, 1)])
        engine.dispose()

        upgrade(url)
        engine = create_engine(url)
        with engine.connect() as conn:
            assert column_type(conn) == ("uuid" if conn.dialect.name == "postgresql" else "VARCHAR(40)")
        with Session(engine) as session:
            assert [get_item(session, task).id for task in TASKS] == [1, 2]
        engine.dispose()

        command.downgrade(alembic_config(url), "0035")
        engine = create_engine(url)
        with engine.connect() as conn:
            assert column_type(conn) in ("character varying", "VARCHAR(40)")
            assert [row.task_id for row in conn.execute(text("SELECT task_id FROM work_item ORDER BY id"))] == TASKS
        engine.dispose()
    finally:
        database_server.drop(url)
