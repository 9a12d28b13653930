"""Specs for numbers shown as a spreadsheet shows them."""

from __future__ import annotations

import pickle

import pytest

from docgen.text.numbers import ShownNumber, format_number, general, shown


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        (0.856, "0.0%", "85.6%"),
        (0.85, "0%", "85%"),
        (12345.5, "#,##0.00", "12,345.50"),
        (1234567, "#,##0", "1,234,567"),
        (3.5, '0.00"元"', "3.50元"),
        (1234567, '#,##0"万元"', "1,234,567万元"),
        (1234, "[$¥-804]#,##0.00", "¥1,234.00"),
        (1234, "\\¥#,##0", "¥1,234"),
        (-1234.5, "#,##0.00", "-1,234.50"),
        (-1234.5, "#,##0.00;[Red](#,##0.00)", "(1,234.50)"),
        (0.5, "#.##", ".5"),
        (0.5, "#,##0.00", "0.50"),
        (2.675, "0.00", "2.68"),  # half away from zero, as Excel rounds, not binary 2.67
        (0.3333333333333333, "0.00_);(0.00)", "0.33"),
        (1.5, "0.0#", "1.5"),
        (1.25, "0.0#", "1.25"),
        (0.285, "0%", "29%"),  # the percent is taken on the decimal value: 28.5 rounds up
        (0.0045, "0.0%", "0.5%"),
        (123, "00000", "00123"),  # a unit's number kept with its zeros
        (5.5, "00.00", "05.50"),
        (5, 'G/通用格式"人"', "5人"),  # WPS's name for General, with a unit
        (5.5, 'General"元"', "5.5元"),
        (0, '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)', "-"),  # accounting: zero as a dash
        (0, '0.0;-0.0;"-"', "-"),  # zero as text alone (clerk review 16)
        (0, '#,##0;(#,##0);"—"', "—"),
        (-2, '0;"负数"', "负数"),
        (0, "0;-0;;@", ""),  # zeros hidden (code review 23)
        (-2, '"是"', "-是"),  # one section: the minus is Excel's
        (-1234.567, "#,##0.00_ ;[Red]\\-#,##0.00\\ ", "-1,234.57"),  # no trailing space
        (5712345678, "0000-0000000", "0571-2345678"),  # a telephone number with its area code
        (13812345678, "000-0000-0000", "138-1234-5678"),
        (123, "0000-0000000", "0000-0000123"),
        (123456789012, '0"-"000', "123456789-012"),  # the first place takes what is left
        (42, "#-##", "-42"),
    ],
)
def test_common_number_formats_show_as_excel_shows_them(value: float, code: str, text: str) -> None:
    assert format_number(value, code) == text


@pytest.mark.parametrize(
    "code",
    ["General", "yyyy-mm-dd", "@", "0.00E+00", "# ?/?", "[DBNum1]0", "#,##0,", "[>100]0"],
)
def test_formats_not_handled_leave_the_value_alone(code: str) -> None:
    assert format_number(1234.5, code) is None
    assert type(shown(1234.5, code)) is float


@pytest.mark.parametrize("value", [1e26, float("inf"), float("nan")])
def test_numbers_beyond_the_digits_excel_shows_keep_their_value(value: float) -> None:
    assert format_number(value, "0.00") is None
    shown(value, "#,##0")  # no error: the value prints as it is


def test_a_whole_number_with_a_format_stays_an_int() -> None:
    people = shown(3, '0"人"')
    assert isinstance(people, int) and str(people) == "3人"
    assert list(range(people)) == [0, 1, 2] and people + 1 == 4 and str(people + 1) == "4"
    assert str(pickle.loads(pickle.dumps(people))) == "3人"


def test_a_shown_number_prints_as_shown_but_counts_as_a_number() -> None:
    rate = shown(0.856, "0.0%")
    assert isinstance(rate, ShownNumber) and str(rate) == "85.6%"
    assert rate > 0.8 and round(rate * 100, 1) == 85.6 and f"{rate:.2f}" == "0.86"
    copy = pickle.loads(pickle.dumps(rate))  # rows travel to spawned workers
    assert type(copy) is ShownNumber and str(copy) == "85.6%" and copy == rate


def test_a_format_that_prints_the_value_as_python_does_gives_a_plain_number() -> None:
    assert type(shown(12, "0")) is int
    assert type(shown(12.5, "0.0")) is float


def test_general_keeps_excels_fifteen_digits_and_whole_numbers_as_int() -> None:
    assert general(0.1 + 0.2) == 0.3
    assert general(1 / 3) == 0.333333333333333
    assert general(3.0) == 3 and type(general(3.0)) is int
    assert general(13800138000.0) == 13800138000


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        (12345678901234567.0, 12345678901234600),  # Excel's 15 digits, as its formula bar shows
        (-1.5e16, -15000000000000000),
        (330102198001011234.0, 330102198001011000),  # a 身份证号: zeros, not made-up digits
        (999999999999999.0, 999999999999999),
        (1.5e15 + 0.5, 1.5e15 + 0.5),  # not whole: left as it is
        (1e22, 1e22),  # past 1e21 Excel itself shows only 1E+22
    ],
)
def test_long_whole_numbers_print_whole_not_in_scientific_form(value: float, kept: float) -> None:
    assert general(value) == kept and type(general(value)) is type(kept)


def test_formats_of_many_decimal_places_print_or_are_left_alone() -> None:
    """Excel allows 30 decimal places; more is no format of Excel's."""
    assert format_number(1234.5678, "0." + "0" * 25) == "1234.5678" + "0" * 21
    assert format_number(1234.5678, "0." + "0" * 40) is None


@pytest.mark.parametrize(
    ("value", "picture", "shown"),
    [
        (1234.567, "0.00", "1234.57"),
        (1234.567, "#,##0", "1,235"),
        (50, "0.00", "50.00"),
        (1, "000", "001"),
        ("1234.5", "#,##0.00", "1,234.50"),  # a CSV's number written as text
        (50, "0%", "50%"),  # Word's % is a literal: no scaling by 100
        (3, "0'元'", "3元"),
        (-5, "0.00;(0.00)", "(5.00)"),
        (0, "0.00;-0.00;'—'", "—"),
        ("待定", "0.00", "待定"),  # no number: as it is
        # Code review 25: what would print a wrong figure is left as it is (and said).
        (ShownNumber(0.856, "85.6%"), "0.0%", "85.6%"),  # a percentage as the sheet shows it
        ("85%", "0.00", "85%"),
        (1234, "-#,##0", "1234"),  # Word's - signs negatives only
        (-3.5, "+0.0", "-3.5"),
        (5, "*0", "5"),
    ],
)
def test_a_word_number_picture_shows_numbers_as_word_does_or_leaves_them(
    value: object, picture: str, shown: str
) -> None:
    from docgen.text.numbers import word_number

    assert str(word_number(value, picture)) == shown
