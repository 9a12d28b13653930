"""Specs for official-document date formatting and parsing."""

import datetime

import pytest

from docgen.text.dates import (
    cn_date,
    date_parts,
    date_range,
    is_padded_date,
    month_day,
    parse_cn_date,
    shows_time_only,
    weekday_name,
    weekday_short,
)

D = datetime.date


def test_arabic_style_is_default_and_unpadded():
    assert cn_date(D(2026, 11, 22)) == "2026年11月22日"
    assert cn_date(D(2026, 9, 9), "arabic") == "2026年9月9日"


def test_chinese_style_for_2026_11_22():
    assert cn_date(D(2026, 11, 22), "chinese") == "二〇二六年十一月二十二日"


def test_chinese_style_for_2030_10_01():
    assert cn_date(D(2030, 10, 1), "chinese") == "二〇三〇年十月一日"


def test_chinese_style_month_and_day_use_numerals():
    assert cn_date(D(2026, 12, 20), "chinese") == "二〇二六年十二月二十日"
    assert cn_date(D(2026, 1, 31), "chinese") == "二〇二六年一月三十一日"


def test_chinese_style_writes_year_zero_as_ling_circle_not_ling():
    assert "零" not in cn_date(D(2000, 1, 1), "chinese")
    assert cn_date(D(2000, 1, 1), "chinese") == "二〇〇〇年一月一日"


def test_unknown_date_style_is_rejected():
    with pytest.raises(ValueError, match="iso"):
        cn_date(D(2026, 11, 22), "iso")


def test_weekday_of_2026_11_22_is_sunday():
    assert weekday_name(D(2026, 11, 22)) == "星期日"
    assert weekday_short(D(2026, 11, 22)) == "周日"


def test_weekdays_run_monday_to_sunday():
    monday = D(2026, 11, 16)
    week = [monday + datetime.timedelta(days=i) for i in range(7)]
    assert [weekday_name(d) for d in week] == [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ]
    assert [weekday_short(d) for d in week] == [
        "周一",
        "周二",
        "周三",
        "周四",
        "周五",
        "周六",
        "周日",
    ]


def test_month_day_is_unpadded():
    assert month_day(D(2026, 11, 16)) == "11月16日"
    assert month_day(D(2026, 1, 5)) == "1月5日"


def test_range_within_a_year_joins_with_one_em_dash():
    text = date_range(D(2026, 11, 16), D(2026, 11, 22))
    assert text == "11月16日\u201411月22日"
    assert text.count("\u2014") == 1


def test_range_across_years_writes_both_years():
    assert date_range(D(2026, 12, 28), D(2027, 1, 3)) == "2026年12月28日—2027年1月3日"


def test_single_day_range_is_that_day():
    assert date_range(D(2026, 11, 16), D(2026, 11, 16)) == "11月16日"


def test_backwards_range_is_rejected():
    with pytest.raises(ValueError, match="结束日期早于开始日期"):
        date_range(D(2026, 11, 22), D(2026, 11, 16))


@pytest.mark.parametrize(
    "text",
    [
        "2026年11月22日",
        "2026-11-22",
        "2026/11/22",
        "2026.11.22",
        "  2026年11月22日\n",
        "\u30002026-11-22\u3000",
    ],
)
def test_parse_accepts_every_listed_form(text):
    assert parse_cn_date(text) == D(2026, 11, 22)


@pytest.mark.parametrize(
    "text",
    ["2026年9月9日", "2026年09月09日", "2026-9-9", "2026-09-09", "2026/9/09", "2026.09.9"],
)
def test_parse_accepts_padded_and_unpadded(text):
    assert parse_cn_date(text) == D(2026, 9, 9)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "明天",
        "2026年11月",
        "26年11月22日",
        "2026-11/22",
        "2026-11-22日",
        "2026 11 22",
        "二〇二六年十一月二十二日",
        "2026年11月22日 上午",
        "2026-111-22",
    ],
)
def test_parse_rejects_unknown_forms_quoting_text_and_forms(text):
    with pytest.raises(ValueError) as excinfo:
        parse_cn_date(text)
    message = str(excinfo.value)
    assert f"“{text}”" in message
    assert "2026年11月22日" in message
    assert "2026-11-22" in message


@pytest.mark.parametrize("text", ["2026年2月30日", "2026-13-01", "2026/04/31", "2026.0.1"])
def test_parse_rejects_impossible_dates(text):
    with pytest.raises(ValueError) as excinfo:
        parse_cn_date(text)
    message = str(excinfo.value)
    assert "日期不存在" in message
    assert text in message
    assert "2026/11/22" in message


def test_parse_accepts_leap_day_in_leap_year():
    assert parse_cn_date("2028年2月29日") == D(2028, 2, 29)


def test_parse_round_trips_arabic_style():
    d = D(2026, 3, 7)
    assert parse_cn_date(cn_date(d)) == d


@pytest.mark.parametrize(
    "text", ["2026年09月09日", "2026年9月09日", "2026年09月9日", "2026-09-22", " 2026.11.02 "]
)
def test_padded_month_or_day_is_detected(text):
    assert is_padded_date(text) is True


@pytest.mark.parametrize("text", ["2026年9月9日", "2026年11月22日", "2026-11-22", "不是日期"])
def test_unpadded_or_non_date_is_not_padded(text):
    assert is_padded_date(text) is False


def test_times_and_date_times_print_as_a_sheet_and_a_document_write_them() -> None:
    from docgen.text.dates import WrittenDateTime, WrittenTime, clock_time

    assert str(WrittenTime.of(datetime.time(14, 30))) == "14:30"
    assert str(WrittenTime.of(datetime.time(9, 5, 30))) == "9:05:30"
    moment = WrittenDateTime.of(datetime.datetime(2026, 12, 1, 9, 0))
    assert str(moment) == "2026年12月1日 9:00"
    assert moment.hour == 9 and moment.date() == datetime.date(2026, 12, 1)  # still a datetime
    assert clock_time(datetime.time(0, 0)) == "0:00"


def test_only_date_formats_have_date_parts() -> None:
    general = ('General"人"', 'General;General;"-"')  # "e" in General is no year
    for code in (
        None,
        "General",
        "0.00%",
        "h:mm",
        "yyyy/m/d h:mm",
        "@",
        "#,##0",
        '0"天"',
        *general,
    ):
        assert date_parts(code) is None, code
    assert (
        date_parts('mm"月"dd"日"') == "md" and date_parts("[$-F800]dddd, mmmm dd, yyyy") == "ymdW"
    )


def test_a_word_date_picture_shows_a_date_or_text_that_reads_as_one() -> None:
    from docgen.text.dates import word_date

    assert word_date(D(2026, 3, 21), "yyyy年M月d日") == "2026年3月21日"
    assert word_date("2026/3/21", "yyyy'年'MM'月'dd'日' dddd") == "2026年03月21日 星期六"
    assert word_date("另行通知", "yyyy年M月d日") == "另行通知"  # as Word leaves it
    with pytest.raises(ValueError, match="过长"):
        word_date(D(2026, 3, 21), "d" * 101)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-12-31 00:00:00", D(2026, 12, 31)),  # an OA system's export
        ("2026/12/31 0:00", D(2026, 12, 31)),  # a sheet's date with its midnight
        ("2026-12-31T00:00:00", D(2026, 12, 31)),
        ("2026 年 12 月 31 日", D(2026, 12, 31)),  # spaces typed between the parts
        ("２０２６年１２月３１日", D(2026, 12, 31)),  # full-width digits
        ("2026／12／31", D(2026, 12, 31)),
    ],
)
def test_parse_reads_dates_as_clerks_type_and_systems_export_them(text, day):
    assert parse_cn_date(text) == day


@pytest.mark.parametrize("text", ["2026/12/31 14:30", "2026 12 31", "2026-12-3 1", "2026年12月底"])
def test_a_time_of_day_spaces_between_digits_or_a_months_end_are_no_date(text):
    with pytest.raises(ValueError):
        parse_cn_date(text)


def test_a_deadline_may_be_a_months_end_as_a_problem_list_writes_it():
    from docgen.text.dates import deadline_date

    assert deadline_date("2026年12月底") == D(2026, 12, 31)
    assert deadline_date("2026 年 2 月末") == D(2026, 2, 28)
    assert deadline_date("2026-12-31 00:00:00") == D(2026, 12, 31)
    with pytest.raises(ValueError):
        deadline_date("2026年13月底")


def test_a_deadline_without_its_year_is_the_first_on_or_after_the_signing_day():
    from docgen.text.dates import deadline_date

    signed = D(2026, 11, 23)
    assert deadline_date("12月15日", signed) == D(2026, 12, 15)
    assert deadline_date("11月23日", signed) == D(2026, 11, 23)
    assert deadline_date("1 月底", signed) == D(2027, 1, 31)
    # An earlier day of the signing month is this year's, for the caller to refuse as past,
    # not a deadline a year away (code review 27).
    assert deadline_date("11月15日", signed) == D(2026, 11, 15)
    with pytest.raises(ValueError):
        deadline_date("12月15日")  # no day to count from
    with pytest.raises(ValueError):
        deadline_date("2月30日", signed)


@pytest.mark.parametrize(
    ("code", "time_only"),
    [
        ("h:mm", True),
        ("h:mm AM/PM", True),
        ('[$-zh-CN]上午/下午h"时"mm"分"', True),
        ("mm:ss", True),
        ("yyyy-mm-dd hh:mm", False),
        ("mmm h:mm", False),  # the month before the hours (code review 23)
        ("m/d h:mm", False),
        ("mm", False),  # a month
        ("0.00", False),
    ],
)
def test_a_time_format_is_told_from_a_date_formats_minutes_and_months(
    code: str, time_only: bool
) -> None:
    assert shows_time_only(code) is time_only
