"""Loading master data from the seed file (idempotent: existing codes are updated, new ones added)."""
from __future__ import annotations

import logging
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import Area, Category, Department, Office, OfficeLevel

logger = logging.getLogger(__name__)


def _upsert(session: Session, model, code: str, **values):
    row = session.scalar(select(model).where(model.code == code))
    if row is None:
        row = model(code=code, **values)
        session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    return row


def load_masterdata(session: Session, *, path: Path) -> dict[str, int]:
    """Seed departments, areas, generated offices and categories from `path`; returns counts."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    departments = {d["code"]: _upsert(session, Department, d["code"], name=d["name"], name_bn=d["name_bn"])
                   for d in data["departments"]}
    session.flush()
    areas = 0
    for district in data["districts"]:
        _upsert(session, Area, district["code"], kind="district", name=district["name"],
                name_bn=district["name_bn"], district_code=None)
        for sub in district.get("subdivisions", []):
            _upsert(session, Area, sub["code"], kind="subdivision", name=sub["name"], name_bn=sub["name_bn"],
                    district_code=district["code"])
            areas += 1
        areas += 1
    offices = _seed_offices(session, data, departments)
    for cat in data["categories"]:
        _upsert(session, Category, cat["code"], name=cat["name"], name_bn=cat["name_bn"],
                department_id=departments[cat["department"]].id, priority=cat["priority"])
    session.flush()
    counts = {"departments": len(departments), "areas": areas, "offices": offices,
              "categories": len(data["categories"])}
    logger.info("master data loaded: %s", counts)
    return counts


def _seed_offices(session: Session, data: dict, departments: dict[str, Department]) -> int:
    """A state office per department, a district office under it per district, and sub-division
    offices under those for departments that work below district level."""
    count = 0
    for dept_data in data["departments"]:
        dept = departments[dept_data["code"]]
        state = _upsert(session, Office, f"{dept.code}-WB", name=f"{dept.name}, Directorate (Kolkata)",
                        level=OfficeLevel.STATE, department_id=dept.id, parent_id=None,
                        district_code=None, subdivision_code=None)
        session.flush()
        count += 1
        for district in data["districts"]:
            dist = _upsert(session, Office, f"{dept.code}-{district['code']}",
                           name=f"{dept.name}, {district['name']} District Office", level=OfficeLevel.DISTRICT,
                           department_id=dept.id, parent_id=state.id, district_code=district["code"],
                           subdivision_code=None)
            session.flush()
            count += 1
            if not dept_data.get("subdivision_offices"):
                continue
            for sub in district.get("subdivisions", []):
                _upsert(session, Office, f"{dept.code}-{sub['code']}",
                        name=f"{dept.name}, {sub['name']} Sub-divisional Office", level=OfficeLevel.SUBDIVISION,
                        department_id=dept.id, parent_id=dist.id, district_code=district["code"],
                        subdivision_code=sub["code"])
                count += 1
    return count
