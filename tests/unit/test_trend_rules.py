"""Periods and spikes of the trends, and the MIS's age buckets at their boundary days."""
from __future__ import annotations

from datetime import date

import pytest

from mis.rules import bucket_of, lodged_between
from trends import rules


def test_weeks_start_on_monday_and_months_on_the_first():
    assert rules.period_start(date(2027, 1, 3), "week") == date(2026, 12, 28)  # a Sunday: the week of Monday 28th
    assert rules.periods(date(2027, 1, 4), "week", 3) == [date(2026, 12, 21), date(2026, 12, 28), date(2027, 1, 4)]
    assert rules.periods(date(2027, 3, 31), "month", 4) == [date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1),
                                                           date(2027, 3, 1)]
    assert rules.next_start(date(2027, 1, 1), "month") == date(2027, 2, 1)


@pytest.mark.parametrize("value, history, spike", [
    (6, [1, 1, 1, 1], True),
    (4, [0, 0, 0, 0], False),          # below the minimum count, however quiet it was
    (5, [0, 0, 0, 0], True),
    (12, [8, 10, 9, 11], False),       # within two spreads of a busy usual level
    (30, [8, 10, 9, 11], True),
    (9, [6, 6, 6, 6], False),          # not half again above the usual level
    (10, [6, 6, 6, 6], True),
    (50, [3], False),                  # one period is no usual level
])
def test_a_spike_is_well_above_the_usual_level(value, history, spike):
    assert rules.is_spike(value, history) is spike


@pytest.mark.parametrize("age, bucket", [(0, "0-7"), (7, "0-7"), (8, "8-15"), (15, "8-15"), (16, "16-30"),
                                         (30, "16-30"), (31, "31-60"), (60, "31-60"), (61, "61-100"),
                                         (100, "61-100"), (101, "over-100"), (2000, "over-100")])
def test_age_buckets_at_their_boundary_days(age, bucket):
    assert bucket_of(age) == bucket
    first, last = lodged_between(bucket, date(2027, 3, 2))
    lodged = date.fromordinal(date(2027, 3, 2).toordinal() - age)
    assert (first is None or first <= lodged) and lodged <= last
