"""Specs for Chinese numerals, ordinals and counting phrases."""

import pytest

from docgen.text.numerals import ORDINAL_STYLES, cn_numeral, count_phrase, ordinal


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "零"),
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (200, "二百"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (2026, "二千零二十六"),
        (10000, "一万"),
        (10001, "一万零一"),
        (10010, "一万零一十"),
        (10100, "一万零一百"),
        (11000, "一万一千"),
        (100000, "十万"),
        (110000, "十一万"),
        (120000, "十二万"),
        (100100, "十万零一百"),
        (1000000, "一百万"),
        (1100000, "一百一十万"),
        (10000000, "一千万"),
        (20000000, "二千万"),
        (99999999, "九千九百九十九万九千九百九十九"),
    ],
)
def test_cn_numeral_writes_official_form(n, expected):
    assert cn_numeral(n) == expected


def test_eleven_is_shi_yi():
    assert cn_numeral(11) == "十一"


def test_twenty_is_er_shi():
    assert cn_numeral(20) == "二十"


def test_ninety_nine_is_jiu_shi_jiu():
    assert cn_numeral(99) == "九十九"


def test_hundred_keeps_its_yi():
    assert cn_numeral(100) == "一百"


def test_inner_ten_keeps_its_yi():
    assert cn_numeral(110) == "一百一十"


def test_negative_number_is_rejected_in_chinese():
    with pytest.raises(ValueError, match="数字超出范围"):
        cn_numeral(-1)


def test_hundred_million_is_out_of_range():
    with pytest.raises(ValueError, match="数字超出范围"):
        cn_numeral(10**8)


def test_non_integer_is_a_type_error():
    with pytest.raises(TypeError):
        cn_numeral(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cn_numeral(True)


@pytest.mark.parametrize(
    ("n", "style", "expected"),
    [
        (1, "heading1", "一、"),
        (11, "heading1", "十一、"),
        (1, "heading2", "（一）"),
        (12, "heading2", "（十二）"),
        (1, "heading3", "1."),
        (10, "heading3", "10."),
        (1, "heading4", "（1）"),
        (3, "arabic_paren", "（3）"),
        (1, "circled", "①"),
        (10, "circled", "⑩"),
        (20, "circled", "⑳"),
        (1, "yishi", "一是"),
        (2, "yishi", "二是"),
        (1, "yiyao", "一要"),
        (3, "yiyao", "三要"),
        (1, "diyi", "第一，"),
        (10, "diyi", "第十，"),
    ],
)
def test_ordinal_marks_item_in_style(n, style, expected):
    assert ordinal(n, style) == expected


def test_heading2_uses_full_width_parentheses():
    assert ordinal(1, "heading2") == "\uff08一\uff09"


def test_heading3_uses_arabic_digit_and_ascii_full_stop():
    assert ordinal(2, "heading3") == "2."


def test_diyi_uses_full_width_comma():
    assert ordinal(1, "diyi").endswith("\uff0c")


def test_arabic_paren_matches_heading4():
    for n in range(1, 15):
        assert ordinal(n, "arabic_paren") == ordinal(n, "heading4")


def test_circled_stops_at_twenty():
    with pytest.raises(ValueError):
        ordinal(21, "circled")


def test_shouxian_first_middle_and_last_of_four():
    marks = [ordinal(n, "shouxian", total=4) for n in range(1, 5)]
    assert marks == ["首先，", "其次，", "再次，", "最后，"]


def test_shouxian_middle_items_are_all_zaici():
    marks = [ordinal(n, "shouxian", total=6) for n in range(1, 7)]
    assert marks == ["首先，", "其次，", "再次，", "再次，", "再次，", "最后，"]


def test_shouxian_of_two_is_first_then_last():
    assert ordinal(1, "shouxian", total=2) == "首先，"
    assert ordinal(2, "shouxian", total=2) == "最后，"


def test_shouxian_of_three_uses_qici_for_the_middle():
    assert ordinal(2, "shouxian", total=3) == "其次，"
    assert ordinal(3, "shouxian", total=3) == "最后，"


def test_single_shouxian_item_has_no_ordinal():
    assert ordinal(1, "shouxian", total=1) == ""


def test_shouxian_without_total_is_rejected():
    with pytest.raises(ValueError, match="total"):
        ordinal(1, "shouxian")


def test_item_beyond_total_is_rejected():
    with pytest.raises(ValueError):
        ordinal(5, "shouxian", total=4)


def test_ordinal_is_one_based():
    with pytest.raises(ValueError):
        ordinal(0, "heading1")


def test_unknown_style_names_itself_and_lists_valid_styles():
    with pytest.raises(ValueError) as excinfo:
        ordinal(1, "roman")
    message = str(excinfo.value)
    assert "roman" in message
    for style in ORDINAL_STYLES:
        assert style in message


def test_every_listed_style_is_supported():
    for style in ORDINAL_STYLES:
        assert isinstance(ordinal(1, style, total=3), str)


def test_count_phrase_three_points():
    assert count_phrase(3) == "三点"
    assert f"这里，我强调{count_phrase(3)}意见。" == "这里，我强调三点意见。"


def test_count_phrase_uses_custom_measure():
    assert count_phrase(5, "项") == "五项"
    assert count_phrase(12, "条") == "十二条"


def test_count_phrase_writes_two_as_liang():
    assert count_phrase(2) == "两点"
    assert count_phrase(20) == "二十点"
