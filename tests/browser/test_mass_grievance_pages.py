"""The CMO cell finds a mass grievance on its page, reads the group (axe-clean, and on a phone) and accepts it;
the office's worklist then holds only the parent case."""
from __future__ import annotations

from tests.browser.test_accessibility import violations

TEXTS = ["The transformer near Kalighat temple burnt last night, no electricity in the whole lane.",
         "Transformer burnt near Kalighat temple, our lane has no electricity since last night!",
         "no electricity in our lane, the transformer near kalighat temple has burnt"]


def test_the_cmo_cell_accepts_a_group_as_one_problem(page, phone, people, api, shot):
    operator = api.login("operator")
    numbers = [api.lodge(operator, mobile=f"98350000{n:02d}", category="POWER_OUTAGE", district="KOL",
                         description=text, address="Kalighat").get_json()["reg_no"] for n, text in enumerate(TEXTS)]
    people.officer(page, "cmo.cell")
    page.get_by_role("link", name="Mass grievances").click()
    page.get_by_role("button", name="Look for new groups now").click()
    heading = "3 complainants: Prolonged power outage, Power, Kolkata District Office"
    page.get_by_role("heading", name=heading).wait_for()
    assert violations(page) == []
    shot(page, "group")
    people.officer(phone, "cmo.cell")
    phone.goto("/mass-grievances")
    assert phone.get_by_role("button", name=f"Accept as one problem {numbers[0]}").is_visible()
    page.get_by_role("button", name=f"Accept as one problem {numbers[0]}").click()
    page.get_by_text("No group is waiting for a decision.").wait_for()
    rows = {row["reg_no"] for row in api.worklist(api.login("nodal.power.kol"))}
    assert numbers[0] in rows and not rows & set(numbers[1:])
