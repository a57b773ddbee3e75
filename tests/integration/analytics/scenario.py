"""A small week of grievances for the dashboard tests: two departments, three districts, one closed on the day,
one report in on time, one left to go overdue, and lodgings either side of midnight in India."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tests.conftest import START
from tests.support.cases import lodge_and_close, task

# A's deadline: seven working days from Monday 2 November 10:00 IST (Sunday off) is Tuesday 10 November 10:00.
DEADLINE = START + timedelta(days=8)
# When the dashboards are read: Tuesday 10 November, 11:00 IST.
NOW = DEADLINE + timedelta(hours=1)
LATE_MONDAY = datetime(2026, 11, 9, 18, 20, tzinfo=UTC)     # 23:50 IST on Monday 9 November
EARLY_TUESDAY = datetime(2026, 11, 9, 18, 40, tzinfo=UTC)   # 00:10 IST on Tuesday 10 November (still the 9th in UTC)


@dataclass
class Week:
    overdue: str     # FOOD, Purulia: no report, past its deadline, escalated to the head of department
    closed: str      # FOOD, Purulia: report on the day, closed on the day
    reported: str    # FOOD, Kolkata: lodged late Monday night, report in on time, awaiting verification
    prd_pur: str     # PRD, Purulia: lodged just after midnight
    prd_ban: str     # PRD, Bankura: lodged just after midnight


def _lodge(api, mobile: str, **fields) -> str:
    response = api.lodge(api.login_citizen(mobile), **fields)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["reg_no"]


def run_timers(app, as_of: datetime) -> None:
    result = app.test_cli_runner().invoke(args=["timers", "run", "--as-of", as_of.isoformat()])
    assert result.exit_code == 0, result.output


def make_week(app, api, frozen_clock) -> Week:
    overdue = _lodge(api, "9830000001", description="Ration card not issued though applied in March.")
    closed = lodge_and_close(api, api.login_citizen("9830000002"),
                             description="My ration card has the wrong name, please correct it.")
    frozen_clock.set(LATE_MONDAY)
    reported = _lodge(api, "9830000003", district="KOL", category="FOOD_PDS_DEALER", address="Park Circus",
                      description="The ration dealer gives short weight every month.")
    frozen_clock.set(EARLY_TUESDAY)
    prd_pur = _lodge(api, "9830000004", category="PRD_MGNREGA_WAGES",
                     description="MGNREGA wages for 30 days of work in June are unpaid.")
    prd_ban = _lodge(api, "9830000005", district="BAN", category="PRD_HOUSING", address="Khatra",
                     description="Banglar Bari house sanctioned but no instalment has come.")
    frozen_clock.set(DEADLINE - timedelta(hours=1))
    nodal = api.login("nodal.food.kol")
    atr = task(api, nodal, "Task_submit_atr", reported)
    assert api.complete(nodal, atr["task_id"], {"action_taken": "Dealer warned; stock checked.",
                                                "outcome": "redressed"}).status_code == 200
    run_timers(app, DEADLINE + timedelta(minutes=1))
    frozen_clock.set(NOW)
    return Week(overdue, closed, reported, prd_pur, prd_ban)
