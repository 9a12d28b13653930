"""Issue numbers: continued in build order, kept on rebuild, overridable but never reused."""

from __future__ import annotations

import datetime

import pytest

from docgen.compose.register import assign, period_key

WEEK_1 = period_key(datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))
WEEK_2 = period_key(datetime.date(2026, 11, 23), datetime.date(2026, 11, 29))


def test_the_first_issue_of_a_series_is_number_one() -> None:
    assert assign({}, WEEK_1) == 1


def test_a_new_period_takes_the_next_number_and_a_rebuild_keeps_its_own() -> None:
    register = {WEEK_1: 12}
    assert assign(register, WEEK_2) == 13
    assert assign({**register, WEEK_2: 13}, WEEK_1) == 12


def test_an_explicit_number_overrides_but_may_not_take_another_periods() -> None:
    assert assign({WEEK_1: 12}, WEEK_1, explicit=20) == 20
    with pytest.raises(ValueError, match="第12期已用于 2026-11-16 至 2026-11-22"):
        assign({WEEK_1: 12}, WEEK_2, explicit=12)


def test_period_keys_are_iso_intervals() -> None:
    assert WEEK_1 == "2026-11-16/2026-11-22"
