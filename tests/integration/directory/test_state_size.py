"""Master data at the size the state works with (directory/data/west_bengal.yaml): 139 departments, 23 civil and 28
police districts, 4,330 sub-district offices; a police grievance goes to the police unit that covers the
complainant's sub-division, and that unit's officer works it."""
from __future__ import annotations

from sqlalchemy import func, select

from accounts.models import Role
from accounts.service import create_user
from core.db import transaction
from directory.models import Area, Department, Office, OfficeLevel
from directory.queries import get_office


def test_the_seeded_directory_has_the_states_size(app):
    with app.app_context(), transaction(readonly=True) as db:
        def count(stmt):
            return db.scalar(select(func.count()).select_from(stmt.subquery()))

        assert count(select(Department.id)) == 139
        assert count(select(Area.id).where(Area.kind == "district")) == 23
        assert count(select(Area.id).where(Area.kind == "subdivision")) == 71
        assert count(select(Area.id).where(Area.kind == "police_district")) == 28
        assert count(select(Office.id).where(Office.level == OfficeLevel.SUBDIVISION)) == 4330
        police = db.scalar(select(Department.id).where(Department.code == "POLICE"))
        assert count(select(Office.id).where(Office.department_id == police,
                                             Office.level == OfficeLevel.DISTRICT)) == 28
        assert count(select(Office.id).where(Office.police_district_code.is_not(None))) == 28 + 70, \
            "each police district's office and the sub-divisional police offices under it name their unit"
        assert count(select(Office.id).where(Office.police_district_code.is_not(None),
                                             Office.department_id != police)) == 0
        barrackpore = get_office(db, "POLICE-NPG-BKP")
        assert barrackpore.police_district_code == "BKP-PC"
        assert get_office(db, "POLICE-NPG-BAR").police_district_code == "NPG-PD"
        assert db.get(Office, barrackpore.parent_id).code == "POLICE-BKP-PC"
        assert db.get(Office, get_office(db, "POLICE-NPG-BAR").parent_id).code == "POLICE-NPG"
        assert db.get(Office, get_office(db, "FOOD-NPG-BKP").parent_id).code == "FOOD-NPG"


def _police_officer(app, username: str, office: str, mobile: str) -> None:
    with app.app_context(), transaction() as db:
        create_user(db, username=username, full_name=f"Officer of {office}", role=Role.NODAL_OFFICER,
                    password="Demo@12345", mobile=mobile, office_ids=(get_office(db, office).id,))


def test_police_grievances_follow_the_police_districts(app, api):
    _police_officer(app, "ps.barrackpore", "POLICE-NPG-BKP", "9000000091")
    _police_officer(app, "ps.barasat", "POLICE-NPG-BAR", "9000000092")
    operator = api.login("operator")

    def lodge(mobile: str, district: str, subdivision: str | None) -> dict:
        body = {"category": "POLICE_INACTION", "district": district, "mobile": mobile,
                "description": f"The police station has not registered my complaint ({mobile})."}
        if subdivision:
            body["subdivision"] = subdivision
        lodged = api.lodge(operator, **body)
        assert lodged.status_code == 201, lodged.get_json()
        return lodged.get_json()

    assert lodge("9830000011", "NPG", "NPG-BKP")["office"] == "POLICE-NPG-BKP"   # a commissionerate's sub-division
    assert lodge("9830000012", "NPG", "NPG-BAR")["office"] == "POLICE-NPG-BAR"   # the police district's
    assert lodge("9830000013", "NPG", None)["office"] == "POLICE-NPG"            # the district's main unit
    assert lodge("9830000014", "KOL", "KOL-KMC")["office"] == "POLICE-KOL"       # Kolkata Police: none below it
    [row] = api.worklist(api.login("ps.barrackpore"))
    assert row["office_name"] == "Home & Hill Affairs (Police), Barrackpore Sub-divisional Office"
    assert len(api.worklist(api.login("ps.barasat"))) == 1
