"""Word's IF comparison and how tags spell columns and texts."""

from __future__ import annotations

import pytest

from docgen.text.numbers import ShownNumber
from docgen.text.tags import column_reference, string_literal, word_compare


@pytest.mark.parametrize(
    ("left", "operator", "right", "expected"),
    [
        (9, "<", 10, True),  # numbers as numbers
        ("9", "<", "10", True),  # texts written as numbers too, as Word reads them
        ("1,200", ">", "1000", True),
        (ShownNumber(0.956, "95.6%"), ">=", "0.9", True),  # the number, not how it shows
        ("无", "=", "0", False),  # a text against a number: texts
        (None, "=", "", True),  # a YAML ~ is an empty text
        ("市教育局", "=", "市*", True),
        ("市教育局", "<>", "*局", False),
        ("市教育局", "=", "市??局", True),
        ("市教育局", "=", "市?局", False),
        ("a*b", "=", "a*b", True),
        ("乙", ">", "甲", "乙" > "甲"),
    ],
)
def test_word_compare_compares_as_words_if_field_does(
    left: object, operator: str, right: object, expected: bool
) -> None:
    assert word_compare(left, operator, right) is expected


def test_many_wildcards_against_a_long_text_end_at_once() -> None:
    """A hostile template's "*a*a*a…" would take a regex exponential time."""
    assert word_compare("a" * 5000 + "b", "=", "*a" * 40 + "*c") is False
    assert word_compare("a" * 5000 + "b", "=", "*a" * 40 + "*b") is True


@pytest.mark.parametrize(
    ("column", "tag", "readable"),
    [
        ("单位名称", "单位名称", "单位名称"),
        ("not", '列["not"]', '列["not"]'),
        ("完成率（%）", '列["完成率（\\u0025）"]', '列["完成率（%）"]'),
        ('A"B', '列["A\\u0022B"]', '列["A\\"B"]'),
        ("Ａ级", '列["Ａ级"]', '列["Ａ级"]'),  # Python would read it as A级
    ],
)
def test_a_column_is_spelt_safely_in_a_tag_and_readably_in_advice(
    column: str, tag: str, readable: str
) -> None:
    assert column_reference(column) == tag
    assert column_reference(column, readable=True) == readable


def test_a_literal_escapes_what_docxtpl_or_xml_would_change() -> None:
    assert string_literal("“{%p x %}”<&>") == (
        '"\\u201c\\u007b\\u0025p x \\u0025\\u007d\\u201d\\u003c\\u0026\\u003e"'
    )
