"""The first grievances of a new year: two lodgings that both find no counter for the year create it at the same
moment; one creates it, the other takes the next number from it. Both are lodged, numbered 1 and 2, and the second
does not wait for the first to finish lodging (the number is taken in a transaction of its own: intake/regno.py).

PostgreSQL only: on SQLite writers queue at BEGIN IMMEDIATE, so the second cannot miss the first's counter."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.fixtures.databases import backend
from tests.support.api import Api
from tests.support.races import second_worker_at

pytestmark = pytest.mark.skipif(backend() != "postgresql", reason="a race between writers needs PostgreSQL")

NEW_YEAR_IST = datetime(2026, 12, 31, 18, 35, tzinfo=UTC)  # 1 January 2027, 00:05 in Kolkata


def test_two_lodgings_creating_the_years_counter_at_once_are_both_numbered(app, api, frozen_clock):
    frozen_clock.set(NEW_YEAR_IST)
    first_citizen, second_citizen = api.login_citizen("9830012345"), api.login_citizen("9830099999")

    def second_lodging():
        response = Api(app).lodge(second_citizen, description="Street light near the school has been dark.")
        return response.status_code, response.get_json()

    with second_worker_at(app.extensions["db"], "INSERT INTO registration_counter", second_lodging) as race:
        first = api.lodge(first_citizen)
    assert not race.second_was_blocked, "the second lodging waited for the first to commit"
    assert not race.errors, race.errors
    [(second_status, second)] = race.results
    assert first.status_code == 201 and second_status == 201, (first.get_json(), second)
    assert (first.get_json()["reg_no"], second["reg_no"]) == ("CMO/2027/000001", "CMO/2027/000002")
    assert api.get("/track/CMO/2027/000002").get_json()["status"] == "forwarded"
    third = api.lodge(api.login_citizen("9830077777"), description="Water supply pipe is broken on our street.")
    assert third.get_json()["reg_no"] == "CMO/2027/000003"
