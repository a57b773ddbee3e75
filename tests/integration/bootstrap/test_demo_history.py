"""`flask seed --demo` makes a running state: the demo officers' worklists, the dashboard and the audit pages have
content, made by the real services and engine with the clock moved; a second run adds nothing."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from bootstrap.demo_history import make_demo_history
from case_api.models import Grievance
from core import clock
from core.db import transaction
from tests.integration.security.pages import logged_in_pages

REG_NO = re.compile(r"CMO/\d{4}/\d{6}")


def _page(api, username: str, path: str) -> str:
    client, _ = logged_in_pages(api, api.login(username))
    answer = client.get(path)
    assert answer.status_code == 200, (username, path)
    return answer.get_data(as_text=True)


def _make(app, cases: int):
    with app.app_context():
        return make_demo_history(app.extensions["db"], cases=cases, days=30)


def test_demo_history_fills_worklists_dashboard_and_audit_once(app, api):
    before = clock.now()
    result = _make(app, 80)
    assert clock.now() == before  # the clock the demo moved is put back
    assert result.grievances == 80 and result.missed == 0 and result.timers_fired > 0
    assert result.statuses["closed"] > 0 and sum(result.statuses.values()) == 80
    assert {"escalated", "sent_back", "clarified", "appealed"} <= set(result.fates)

    for officer in ("nodal.food.pur", "nodal.food.kol", "cmo.cell", "hod.food"):
        assert REG_NO.search(_page(api, officer, "/worklist")), f"{officer}'s worklist is empty"
    assert REG_NO.search(_page(api, "hod.food", "/dashboard/cases"))
    with app.app_context(), transaction(readonly=True) as session:
        escalated = session.scalar(select(Grievance.reg_no).where(Grievance.is_escalated.is_(True)).limit(1))
        channels = set(session.scalars(select(Grievance.channel).distinct()))
    assert channels == {"portal", "call_centre", "service_centre", "sms", "email", "api"}
    audit = _page(api, "auditor", f"/audit/{escalated}")
    assert "Escalate to head of department" in audit

    assert _make(app, 80) is None
    with app.app_context(), transaction(readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(Grievance)) == 80
