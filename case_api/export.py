"""A case's history as evidence: its events, whether their hash chain holds and the engine's paths, exported as
JSON or CSV (one row per event). Shared by the auditors' page and GET /api/v1/grievances/<no>/history/export."""
from __future__ import annotations

import csv
import io
import json

import engine
from case_api import history, queries
from core.db import transaction
from core.errors import AppError

COLUMNS = ("seq", "at", "event_type", "actor_role", "actor_name", "element_id", "title", "data", "prev_hash", "hash")
FORMATS = {"json": "application/json", "csv": "text/csv"}


def case_record(reg_no: str) -> dict:
    """Everything the audit shows of one case: its events, whether their chain holds, the engine's paths."""
    with transaction(readonly=True) as db:
        grievance = queries.find_by_reg_no(db, reg_no)
        if grievance is None:
            raise AppError.not_found("grievance", reg_no)
        events = history.list_events(db, grievance.id)
        return {"reg_no": grievance.reg_no, "status": grievance.status, "chain": history.verify_chain(events),
                "events": [{c: getattr(e, c) for c in COLUMNS if c != "data"} | {"data": json.loads(e.data)}
                           for e in events],
                "paths": engine.case_paths(db, grievance.reg_no)}


def render(record: dict, fmt: str) -> tuple[str, str, str]:
    """(body, media type, file name) of the export in `fmt` (json or csv)."""
    name = record["reg_no"].replace("/", "-")
    if fmt == "json":
        body = json.dumps({**record, "chain": vars(record["chain"]), "paths": [vars(p) for p in record["paths"]]},
                          default=str, ensure_ascii=False, indent=2)
        return body, FORMATS["json"], f"{name}-history.json"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for event in record["events"]:
            writer.writerow([json.dumps(event[c], ensure_ascii=False) if c == "data" else event[c] for c in COLUMNS])
        return out.getvalue(), FORMATS["csv"], f"{name}-history.csv"
    raise AppError.not_found("export format", fmt)
