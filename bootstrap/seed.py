"""Seeding: master data from its file, the grievance process from bpmn/, demo accounts for `make run`."""
from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy.orm import Session

import engine
from accounts import service as accounts
from accounts.models import Role
from directory import queries as directory
from directory.service import load_masterdata
from escalation_rules.service import read_policy_file, save_policy

DEMO_USERS = Path(__file__).with_name("demo_users.yaml")
DEMO_PASSWORD = "Demo@12345"
PROCESSES = ("grievance", "appeal")


def seed_base(session: Session, *, settings) -> dict:
    """What every installation needs: master data and the deployed processes. Idempotent."""
    counts = load_masterdata(session, path=settings.masterdata_file)
    counts["sla_policy_version"] = save_policy(session, body=read_policy_file(settings.sla_rules_file),
                                               actor="seed", note="seed file").version
    for process_id in PROCESSES:
        model = engine.deploy(session, process_id=process_id, actor="seed",
                              files=engine.read_model_folder(settings.bpmn_dir / process_id))
        counts[f"{process_id}_version"] = model.version
    return counts


def seed_demo_users(session: Session, *, password: str = DEMO_PASSWORD) -> list[str]:
    """Create the demo accounts that do not exist yet; returns the usernames created."""
    created = []
    for spec in yaml.safe_load(DEMO_USERS.read_text(encoding="utf-8"))["users"]:
        if accounts.find_user(session, spec["username"]):
            continue
        dept = directory.find_department(session, spec["department"]) if spec.get("department") else None
        offices = tuple(directory.get_office(session, code).id for code in spec.get("offices", []))
        accounts.create_user(session, username=spec["username"], full_name=spec["full_name"],
                             role=Role(spec["role"]), password=password, mobile=spec.get("mobile"),
                             department_id=dept.id if dept else None, office_ids=offices,
                             district_code=spec.get("district"))
        created.append(spec["username"])
    return created
