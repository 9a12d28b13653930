"""Dates and times as drafters write them; a written weekday must be the date's."""

from __future__ import annotations

import datetime

import pytest

from docgen.text.weekdays import parse_day, parse_moment, weekday_mistakes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年11月20日（星期五）12:00", datetime.datetime(2026, 11, 20, 12, 0)),
        ("2026-11-20 12:00", datetime.datetime(2026, 11, 20, 12, 0)),
        ("2026年11月20日 中午12时", datetime.datetime(2026, 11, 20, 12, 0)),
        ("2026年11月20日下午3时40分", datetime.datetime(2026, 11, 20, 15, 40)),
        ("2026/11/20 周五 10:05", datetime.datetime(2026, 11, 20, 10, 5)),
    ],
)
def test_moments_in_the_usual_forms(text: str, expected: datetime.datetime) -> None:
    assert parse_moment(text) == expected


def test_a_weekday_that_is_not_the_dates_is_refused() -> None:
    with pytest.raises(ValueError, match="2026年11月20日是星期五"):
        parse_moment("2026年11月20日（星期四）12:00")
    with pytest.raises(ValueError, match="星期一"):
        parse_day("2026年11月16日（星期二）")


def test_a_moment_needs_its_time_unless_a_default_is_given() -> None:
    with pytest.raises(ValueError, match="缺少时间"):
        parse_moment("2026-11-20")
    assert parse_moment(datetime.date(2026, 11, 20), default_time=datetime.time(12)).hour == 12


def test_weekday_mentions_in_running_text_are_checked_near_the_period() -> None:
    text = "11月25日（星期三）召开推进会，11月27日（周四）前报送，1月4日（星期一）总结。"
    mistakes = weekday_mistakes(text, near=datetime.date(2026, 12, 28))
    assert mistakes == ["“11月27日（周四）”：2026年11月27日是星期五"]
