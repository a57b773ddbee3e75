"""Loading master data from the seed file (idempotent: existing codes are updated, new ones added)."""
from __future__ import annotations

import logging
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import Area, Category, Department, Office, OfficeLevel

logger = logging.getLogger(__name__)


class _Rows:
    """Rows of one master-data table by code, read once: existing codes are updated, new ones added."""

    def __init__(self, session: Session, model):
        self.session, self.model = session, model
        self.by_code = {row.code: row for row in session.scalars(select(model))}

    def put(self, code: str, **values):
        row = self.by_code.get(code)
        if row is None:
            row = self.by_code[code] = self.model(code=code, **values)
            self.session.add(row)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        return row


def load_masterdata(session: Session, *, path: Path) -> dict[str, int]:
    """Seed departments, areas (districts, sub-divisions, blocks, police districts), generated offices and
    categories from `path`; returns counts."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    department_rows, areas = _Rows(session, Department), _Rows(session, Area)
    departments = {d["code"]: department_rows.put(d["code"], name=d["name"], name_bn=d["name_bn"])
                   for d in data["departments"]}
    session.flush()
    counts = {"districts": 0, "subdivisions": 0, "blocks": 0, "police_districts": 0}
    district_of = {}
    for district in data["districts"]:
        areas.put(district["code"], kind="district", name=district["name"], name_bn=district["name_bn"],
                  district_code=None, subdivision_code=None)
        counts["districts"] += 1
        for sub in district.get("subdivisions", []):
            areas.put(sub["code"], kind="subdivision", name=sub["name"], name_bn=sub["name_bn"],
                      district_code=district["code"], subdivision_code=None)
            district_of[sub["code"]] = district["code"]
            counts["subdivisions"] += 1
    for subdivision, blocks in data.get("blocks", {}).items():
        for code, name, name_bn in blocks:
            areas.put(code, kind="block", name=name, name_bn=name_bn, district_code=district_of[subdivision],
                      subdivision_code=subdivision)
            counts["blocks"] += 1
    for unit in data.get("police_districts", {}).get("units", []):
        areas.put(unit["code"], kind="police_district", name=unit["name"], name_bn=unit["name_bn"],
                  district_code=unit["district"], subdivision_code=None)
        counts["police_districts"] += 1
    offices = OfficeTree(session).seed(data, departments)
    categories = _Rows(session, Category)
    for cat in data["categories"]:
        categories.put(cat["code"], name=cat["name"], name_bn=cat["name_bn"],
                       department_id=departments[cat["department"]].id, priority=cat["priority"])
    session.flush()
    counts = {"departments": len(departments), "areas": sum(counts.values()), **counts, "offices": offices["all"],
              "sub_district_offices": offices["sub_district"], "categories": len(data["categories"])}
    logger.info("master data loaded: %s", counts)
    return counts


def police_office_code(department_code: str, unit: dict) -> str:
    """The office code of a police district (`unit` as the seed file lists it): the main one of a civil district
    is <DEPT>-<DISTRICT>, a commissionerate <DEPT>-<UNIT>."""
    return f"{department_code}-{unit['district']}" if unit.get("main") else f"{department_code}-{unit['code']}"


class OfficeTree:
    """The generated offices (see the head of directory/data/west_bengal.yaml), written level by level: existing
    codes are updated, new ones added in batches (thousands of offices, so no query per office)."""

    def __init__(self, session: Session):
        self.session = session
        self.existing = {o.code: o for o in session.scalars(select(Office))}
        self.counts = {"all": 0, "sub_district": 0}

    def _office(self, code: str, **values) -> Office:
        office = self.existing.get(code)
        if office is None:
            office = self.existing[code] = Office(code=code, **values)
            self.session.add(office)
        else:
            for key, value in values.items():
                setattr(office, key, value)
        self.counts["all"] += 1
        if values["level"] == OfficeLevel.SUBDIVISION:
            self.counts["sub_district"] += 1
        return office

    def seed(self, data: dict, departments: dict[str, Department]) -> dict[str, int]:
        police = data.get("police_districts", {})
        districts = data["districts"]
        states = {code: self._office(f"{code}-WB", name=f"{dept.name}, Directorate (Kolkata)",
                                     level=OfficeLevel.STATE, department_id=dept.id, parent_id=None,
                                     district_code=None, subdivision_code=None, police_district_code=None)
                  for code, dept in departments.items()}
        self.session.flush()
        civil = [d for d in data["departments"] if d["code"] != police.get("department")]
        below: list[tuple[Office, dict, dict]] = []
        for dept_data in civil:
            dept = departments[dept_data["code"]]
            for district in districts:
                office = self._office(f"{dept.code}-{district['code']}",
                                      name=f"{dept.name}, {district['name']} District Office",
                                      level=OfficeLevel.DISTRICT, department_id=dept.id,
                                      parent_id=states[dept.code].id, district_code=district["code"],
                                      subdivision_code=None)
                if dept_data.get("subdivision_offices"):
                    below.extend((office, sub, district) for sub in district.get("subdivisions", []))
        if police:
            below.extend(self._police_districts(police, departments[police["department"]], states, districts))
        self.session.flush()
        for parent, sub, district in below:
            dept = self.session.get(Department, parent.department_id)
            self._office(f"{dept.code}-{sub['code']}", name=f"{dept.name}, {sub['name']} Sub-divisional Office",
                         level=OfficeLevel.SUBDIVISION, department_id=dept.id, parent_id=parent.id,
                         district_code=district["code"], subdivision_code=sub["code"],
                         police_district_code=parent.police_district_code)
        self.session.flush()
        return self.counts

    def _police_districts(self, police: dict, dept: Department, states: dict, districts: list[dict]) -> list:
        """Police district offices, and (parent, sub-division, district) for the sub-divisional police offices:
        a commissionerate covers the sub-divisions it lists, the main police district the rest of its district."""
        by_code = {d["code"]: d for d in districts}
        covered = {sub for unit in police["units"] for sub in unit.get("subdivisions", [])}
        below = []
        for unit in police["units"]:
            district = by_code[unit["district"]]
            office = self._office(police_office_code(dept.code, unit), name=f"{unit['name']} ({dept.name})",
                                  level=OfficeLevel.DISTRICT, department_id=dept.id, parent_id=states[dept.code].id,
                                  district_code=district["code"], subdivision_code=None,
                                  police_district_code=unit["code"])
            if not unit.get("subdivision_offices", True):
                continue
            subs = (set(unit["subdivisions"]) if "subdivisions" in unit else
                    {s["code"] for s in district.get("subdivisions", [])} - covered)
            below.extend((office, sub, district) for sub in district.get("subdivisions", []) if sub["code"] in subs)
        return below
