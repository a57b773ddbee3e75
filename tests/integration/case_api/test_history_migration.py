"""Migration 0033 shrinks the stored history (32-byte hashes, no stored previous hash, keyed by case and place):
a chain written before it still verifies after it, reads back the same hashes and previous hashes, and grows on;
migrating back restores the earlier rows exactly."""
from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from case_api import history
from migrations import alembic_config, upgrade

GENESIS = "0" * 64
LODGED = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def old_rows(grievance_id: int) -> list[dict]:
    """Three steps as release 0032 stored them: hex hashes, each row holding the previous row's hash too."""
    rows, prev = [], GENESIS
    for seq, (kind, data) in enumerate([("lodged", {"channel": "portal"}),
                                        ("forwarded", {"office": "FOOD-PUR"}),
                                        ("atr_submitted", {"action_taken": "রেশন কার্ড দেওয়া হয়েছে।"})], start=1):
        row = {"grievance_id": grievance_id, "seq": seq, "event_type": kind,
               "at": (LODGED + timedelta(hours=seq)).isoformat(), "actor_id": None, "actor_role": "system",
               "actor_name": "system", "element_id": None, "title": None,
               "task_id": f"{seq:08x}-0000-4000-8000-000000000000" if seq > 1 else None,
               "data": canonical(data), "prev_hash": prev}
        row["hash"] = prev = hashlib.sha256(canonical(row).encode()).hexdigest()
        rows.append(row)
    return rows


def test_a_chain_stored_before_0033_verifies_and_grows_after_it_and_migrates_back(database_server):
    from alembic import command

    url = database_server.new_empty("history_0033")
    try:
        upgrade(url, "0032")
        engine = create_engine(url)
        rows = old_rows(1)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO grievance (id, reg_no, status, channel, complainant_name, district_code, category_code, "
                "description, is_emergency, is_escalated, send_back_count, lodged_at, updated_at) VALUES (1, "
                "'CMO/2026/000001', 'forwarded', 'portal', 'Sabina Khatun', 'PUR', 'FOOD_RATION_CARD', "
                "'No ration card', false, false, 0, :at, :at)"), {"at": LODGED})
            conn.execute(text(
                "INSERT INTO case_event (grievance_id, seq, event_type, at, actor_id, actor_role, actor_name, "
                "task_id, element_id, title, data, prev_hash, hash) VALUES (:grievance_id, :seq, :event_type, "
                ":at, :actor_id, :actor_role, :actor_name, :task_id, :element_id, :title, :data, :prev_hash, "
                ":hash)"), [{**r, "at": datetime.fromisoformat(r["at"])} for r in rows])
        engine.dispose()

        upgrade(url)
        engine = create_engine(url)
        assert {c["name"] for c in inspect(engine).get_columns("case_event")} >= {"grievance_id", "seq", "hash"}
        assert not {"id", "prev_hash"} & {c["name"] for c in inspect(engine).get_columns("case_event")}
        with Session(engine) as session:
            events = history.list_events(session, 1)
            assert history.verify_chain(events).ok
            assert [(e.seq, e.prev_hash, e.hash, e.task_id) for e in events] == \
                [(r["seq"], r["prev_hash"], r["hash"], r["task_id"]) for r in rows]
            history.append_event(session, grievance_id=1, event_type="grievance_closed", at=LODGED + timedelta(days=1),
                                 actor=None, data={"reason": "redressed"})
            session.commit()
            grown = history.list_events(session, 1)
            assert [e.seq for e in grown] == [1, 2, 3, 4] and history.verify_chain(grown).ok
            assert grown[3].prev_hash == rows[2]["hash"]
            fourth = grown[3].hash
        engine.dispose()

        command.downgrade(alembic_config(url), "0032")
        engine = create_engine(url)
        with engine.connect() as conn:
            back = conn.execute(text("SELECT seq, prev_hash, hash, task_id FROM case_event ORDER BY seq")).all()
        engine.dispose()
        assert [tuple(r) for r in back] == [(r["seq"], r["prev_hash"], r["hash"], r["task_id"]) for r in rows] + \
            [(4, rows[2]["hash"], fourth, None)]
    finally:
        database_server.drop(url)
