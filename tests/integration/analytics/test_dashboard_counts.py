"""The dashboard's figures, read the way the head of department and the CMO cell read them: counts per department
and district, SLA compliance, the daily trend in India time, the drill-down list, and each one's reach."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from accounts.auth import actor_for
from accounts.service import find_user
from analytics import queries
from core.db import transaction
from core.errors import AppError
from directory.models import Department
from tests.integration.analytics.scenario import NOW, make_week
from tests.support.cases import task

MEASURES = ("received", "pending", "overdue", "escalated", "redressed")


@pytest.fixture
def week(app, api, frozen_clock):
    return make_week(app, api, frozen_clock)


@pytest.fixture
def db(app, week):
    """A read-only unit of work on the week's data, as the dashboard pages open one."""
    with app.app_context(), transaction(readonly=True) as session:
        yield session


def dept_id(db, code: str) -> int:
    return db.scalar(select(Department.id).where(Department.code == code))


def actor(db, username: str):
    return actor_for(db, find_user(db, username))


def figures(rows) -> dict:
    return {r.key: tuple(getattr(r, m) for m in MEASURES) + (r.compliance,) for r in rows if r.received}


def test_the_cmo_cell_sees_each_department_with_its_overdue_escalated_and_compliance(week, db):
    rows = queries.counts_by(db, now=NOW, group="department")
    #                   received pending overdue escalated redressed compliance
    assert figures(rows) == {"FOOD": (3, 2, 1, 1, 1, 66.7),   # closed on time, report on time, one overdue
                             "PRD": (2, 2, 0, 0, 0, None)}    # nothing due yet: no compliance figure
    assert len(rows) == 139, "every department is listed, even with nothing lodged"
    food = next(r for r in rows if r.key == "FOOD")
    assert (food.name, food.overdue_alert, food.compliance_alert) == ("Food & Supplies", True, True)
    prd = next(r for r in rows if r.key == "PRD")
    assert (prd.overdue_alert, prd.compliance_alert) == (False, False)
    total = queries.total_of(rows)
    assert tuple(getattr(total, m) for m in MEASURES) + (total.compliance,) == (5, 4, 1, 1, 1, 66.7)


def test_by_district_within_a_department_and_across_all(week, db):
    food = queries.counts_by(db, now=NOW, group="district", department_id=dept_id(db, "FOOD"))
    assert figures(food) == {"PUR": (2, 1, 1, 1, 1, 50.0), "KOL": (1, 1, 0, 0, 0, 100.0)}
    assert len(food) == 23 and next(r for r in food if r.key == "PUR").name == "Purulia"
    everyone = queries.counts_by(db, now=NOW, group="district")
    assert figures(everyone) == {"PUR": (3, 2, 1, 1, 1, 50.0), "KOL": (1, 1, 0, 0, 0, 100.0),
                                 "BAN": (1, 1, 0, 0, 0, None)}


def test_a_late_report_does_not_count_as_meeting_the_deadline(week, app, api):
    nodal = api.login("nodal.food.pur")
    late = task(api, nodal, "Task_submit_atr", week.overdue)
    assert api.complete(nodal, late["task_id"], {"action_taken": "Card printed.",
                                                 "outcome": "redressed"}).status_code == 200
    with app.app_context(), transaction(readonly=True) as db:
        [pur] = [r for r in queries.counts_by(db, now=NOW, group="district", department_id=dept_id(db, "FOOD"))
                 if r.key == "PUR"]
    assert (pur.judged, pur.met, pur.compliance) == (2, 1, 50.0), "the report is in, but after the deadline"


def test_trend_counts_receipts_and_disposals_per_day_in_india_time(week, db):
    points = queries.trend(db, now=NOW)
    assert len(points) == 30 and points[0]["day"] == date(2026, 10, 12) and points[-1]["day"] == date(2026, 11, 10)
    busy = {p["day"]: (p["received"], p["disposed"]) for p in points if p["received"] or p["disposed"]}
    # 23:50 IST on the 9th and 00:10 IST on the 10th are both the 9th in UTC: India's day is what counts.
    assert busy == {date(2026, 11, 2): (2, 1), date(2026, 11, 9): (1, 0), date(2026, 11, 10): (2, 0)}
    food = queries.trend(db, now=NOW, days=10, department_id=dept_id(db, "FOOD"))
    assert [p["day"] for p in food] == [date(2026, 11, 1) + timedelta(days=i) for i in range(10)]
    assert {p["day"]: (p["received"], p["disposed"]) for p in food if p["received"] or p["disposed"]} == {
        date(2026, 11, 2): (2, 1), date(2026, 11, 9): (1, 0)}


def test_each_count_opens_the_grievances_behind_it(week, db):
    food = dept_id(db, "FOOD")

    def listed(**filters):
        items, total = queries.list_cases(db, now=NOW, department_id=food, **filters)
        assert total == len(items)
        return [i["reg_no"] for i in items]

    assert listed(state="overdue") == [week.overdue]
    assert listed(state="escalated") == [week.overdue]
    assert listed(state="redressed") == [week.closed]
    assert listed(state="pending") == [week.overdue, week.reported], "the most urgent deadline first"
    assert sorted(listed()) == sorted([week.overdue, week.closed, week.reported])
    assert listed(district="KOL") == [week.reported]
    [row], _ = queries.list_cases(db, now=NOW, department_id=food, state="overdue")
    assert (row["sla"], row["office"], row["category"], row["status"]) == (
        "red", "Food & Supplies, Purulia District Office", "Ration card not issued or not corrected", "forwarded")
    page_two, total = queries.list_cases(db, now=NOW, department_id=None, page=2, page_size=3)
    assert (len(page_two), total) == (2, 5)


def test_a_head_of_department_sees_only_their_department(week, db):
    hod = actor(db, "hod.food")
    page = queries.overview(db, actor=hod, now=NOW)
    assert (page["group"], page["department"].code, page["departments"]) == ("district", "FOOD", [])
    assert page["total"].received == 3 and sum(p["received"] for p in page["trend"]) == 3
    listed = queries.case_list(db, actor=hod, now=NOW)
    assert sorted(i["reg_no"] for i in listed["items"]) == sorted([week.overdue, week.closed, week.reported])
    assert queries.case_list(db, actor=hod, now=NOW, district="PUR", state="pending")["total"] == 1
    with pytest.raises(AppError) as refused:
        queries.case_list(db, actor=hod, now=NOW, department="PRD")
    assert refused.value.status == 403
    secretary = queries.overview(db, actor=actor(db, "secretary.food"), now=NOW)
    assert secretary["total"].received == 3


def test_the_cmo_cell_sees_all_and_picks_a_department(week, db):
    cmo = actor(db, "cmo.cell")
    everything = queries.overview(db, actor=cmo, now=NOW)
    assert (everything["group"], everything["total"].received, len(everything["departments"])) == ("department", 5, 139)
    prd = queries.overview(db, actor=cmo, now=NOW, department="PRD")
    assert prd["group"] == "district" and figures(prd["rows"]) == {"PUR": (1, 1, 0, 0, 0, None),
                                                                   "BAN": (1, 1, 0, 0, 0, None)}
    with pytest.raises(AppError) as unknown:
        queries.overview(db, actor=cmo, now=NOW, department="NOPE")
    assert unknown.value.status == 404


def test_a_nodal_officer_gets_no_dashboard(week, db):
    with pytest.raises(AppError) as refused:
        queries.overview(db, actor=actor(db, "nodal.food.pur"), now=NOW)
    assert refused.value.status == 403

