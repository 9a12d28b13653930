"""Specs for typed deadlines (完成时限): every form a problem list uses, and what is refused."""

from __future__ import annotations

import datetime

import pytest

from docgen.compose.deadline import Deadline, parse_deadline


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 11, 30),
        datetime.datetime(2026, 11, 30, 0, 0),
        "2026年11月30日",
        "2026年11月30日前",
        "2026-11-30",
        "2026/11/30",
        "2026.11.30",
        " 2026年11月30日前完成 ",
    ],
)
def test_a_day_in_any_written_form_is_a_date_deadline(value: object) -> None:
    assert parse_deadline(value) == Deadline("date", datetime.date(2026, 11, 30))


@pytest.mark.parametrize(
    ("text", "year", "month"),
    [
        ("2026年12月底前", 2026, 12),
        ("2026年12月底", 2026, 12),
        ("2026年12月", 2026, 12),
        ("2027年2月底前完成", 2027, 2),
        ("2026年底前", 2026, 12),
        ("2026年 12 月底前", 2026, 12),
    ],
)
def test_a_month_is_a_month_end_deadline_due_on_its_last_day(
    text: str, year: int, month: int
) -> None:
    deadline = parse_deadline(text)
    assert deadline.kind == "month_end"
    assert deadline.due is not None and (deadline.due.year, deadline.due.month) == (year, month)
    assert (deadline.due + datetime.timedelta(days=1)).day == 1


def test_february_month_end_knows_leap_years() -> None:
    assert parse_deadline("2028年2月底前").due == datetime.date(2028, 2, 29)


@pytest.mark.parametrize("text", ["长期坚持", "长期", "持续推进"])
def test_ongoing_words_give_an_ongoing_deadline_without_due_date(text: str) -> None:
    deadline = parse_deadline(text)
    assert deadline.kind == "ongoing"
    assert deadline.due is None


@pytest.mark.parametrize("text", ["立行立改", "立即整改", "即知即改"])
def test_immediate_words_give_an_immediate_deadline(text: str) -> None:
    assert parse_deadline(text).kind == "immediate"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("立行立改并长期坚持", "immediate"),
        ("立行立改，长期坚持", "immediate"),
        ("2026年12月底前完成并长期坚持", "month_end"),
        ("2026年11月30日前、长期坚持", "date"),
    ],
)
def test_a_deadline_followed_by_long_term_keeps_both(text: str, kind: str) -> None:
    deadline = parse_deadline(text)
    assert deadline.kind == kind
    assert deadline.ongoing


@pytest.mark.parametrize(
    ("deadline", "text"),
    [
        (Deadline.on(datetime.date(2026, 9, 9)), "2026年9月9日前"),
        (Deadline.month_end(2026, 12), "2026年12月底前"),
        (Deadline("ongoing"), "长期坚持"),
        (Deadline("immediate"), "立行立改"),
        (Deadline("immediate", ongoing=True), "立行立改并长期坚持"),
        (
            Deadline("month_end", datetime.date(2026, 12, 31), ongoing=True),
            "2026年12月底前并长期坚持",
        ),
    ],
)
def test_text_is_canonical_and_reads_back_as_the_same_deadline(
    deadline: Deadline, text: str
) -> None:
    assert deadline.text() == text
    assert parse_deadline(text) == deadline


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026年13月底前", "月份应在 1 至 12 之间"),
        ("2026年2月30日", "日期不存在"),
        ("12月底前", "缺少年份"),
        ("尽快完成", "无法识别的完成时限"),
        ("2026年11月30日前，2026年12月底前", "多个时限"),
        (46022, "请把单元格设为日期格式"),
        ("", "不能为空"),
    ],
)
def test_bad_deadlines_are_refused_in_chinese_saying_what_is_accepted(
    value: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        parse_deadline(value)


def test_the_unrecognized_message_lists_the_accepted_forms() -> None:
    with pytest.raises(ValueError) as caught:
        parse_deadline("下个月")
    assert "2026年12月底前" in str(caught.value) and "长期坚持" in str(caught.value)
