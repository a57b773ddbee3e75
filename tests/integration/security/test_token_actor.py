"""A token names its holder and exactly the offices they serve, read in one statement: an officer posted to two
offices gets both, a person posted nowhere gets none (never an empty office standing for unrouted cases), and a
revoked token nobody."""
from __future__ import annotations

from accounts import service as accounts
from accounts.models import UserOffice
from core.db import transaction
from directory.queries import find_office_id


def holder(app, token: str):
    with app.app_context(), transaction(readonly=True) as session:
        found = accounts.user_for_token(session, token)
        return (found[0].username, found[1]) if found else None


def test_a_token_gives_its_holder_and_exactly_their_offices(app, api):
    nodal, citizen, operator = api.login("nodal.food.pur"), api.login_citizen("9830012345"), api.login("operator")
    with app.app_context(), transaction() as session:
        officer = accounts.find_user(session, "nodal.food.pur")
        first = find_office_id(session, "FOOD-PUR")
        second = find_office_id(session, "FOOD-PUR-JHA")
        session.add(UserOffice(user_id=officer.id, office_id=second))
    assert holder(app, nodal) == ("nodal.food.pur", frozenset({first, second}))
    assert holder(app, operator) == ("operator", frozenset())
    assert holder(app, citizen)[1] == frozenset()
    api.post("/auth/logout", nodal)
    assert holder(app, nodal) is None
