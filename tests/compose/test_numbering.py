"""Specs for numbering: heading ordinals by depth, enumeration prefixes by position."""

from __future__ import annotations

import pytest

from docgen.compose.numbering import (
    TWO_LEVEL_STYLES,
    enumerate_items,
    heading_levels_used,
    number,
)
from docgen.compose.outline import Enumeration, Outline, Paragraph, Run, Section


def texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def chain(depth: int, title: str = "标题") -> Section:
    """A section nested ``depth`` levels deep, one child per level."""
    section = Section(title)
    for _ in range(depth - 1):
        section = Section(title, (section,))
    return section


def items(*texts_: str) -> tuple[tuple[Run, ...], ...]:
    return tuple((Run(text),) for text in texts_)


# Headings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("depth", "prefix", "element"),
    [
        (1, "一、", "heading1"),
        (2, "（一）", "heading2"),
        (3, "1.", "heading3"),
        (4, "（1）", "heading4"),
        (5, "①", "body"),
    ],
)
def test_heading_ordinal_and_style_follow_depth(depth: int, prefix: str, element: str) -> None:
    deepest = number(Outline((chain(depth),)))[-1]
    assert deepest.text == prefix + "标题"
    assert deepest.element == element


def test_first_level_headings_count_in_chinese_with_dunhao() -> None:
    outline = Outline(tuple(Section(t) for t in ("总体要求", "重点任务", "保障措施")))
    assert texts(number(outline)) == ["一、总体要求", "二、重点任务", "三、保障措施"]


def test_third_level_heading_uses_arabic_with_dot() -> None:
    outline = Outline((Section("甲", (Section("乙", (Section("丙"), Section("丁"))),)),))
    assert texts(number(outline))[2:] == ["1.丙", "2.丁"]


def test_fifth_level_headings_use_circled_numerals_in_running_text() -> None:
    fourth = Section("四级", (Section("第一项"), Section("第二项")))
    outline = Outline((Section("一级", (Section("二级", (Section("三级", (fourth,)),)),)),))
    fifth = number(outline)[4:]
    assert texts(fifth) == ["①第一项", "②第二项"]
    assert {p.element for p in fifth} == {"body"}


def test_numbering_restarts_under_each_parent() -> None:
    outline = Outline(
        (
            Section("甲", (Section("甲一"), Section("甲二"))),
            Section("乙", (Section("乙一"),)),
        )
    )
    assert texts(number(outline)) == ["一、甲", "（一）甲一", "（二）甲二", "二、乙", "（一）乙一"]


def test_paragraphs_between_sections_do_not_take_a_number() -> None:
    outline = Outline(
        (Paragraph.of("开头。"), Section("甲"), Paragraph.of("过渡。"), Section("乙"))
    )
    assert texts(number(outline)) == ["开头。", "一、甲", "过渡。", "二、乙"]


def test_removing_a_section_renumbers_the_later_ones() -> None:
    sections = [Section(t, (Paragraph.of(t + "正文"),)) for t in ("甲", "乙", "丙", "丁")]
    del sections[1]
    headings = [p for p in number(Outline(tuple(sections))) if p.element == "heading1"]
    assert texts(headings) == ["一、甲", "二、丙", "三、丁"]


def test_two_level_documents_number_the_second_level_with_arabic_and_dot() -> None:
    outline = Outline((Section("甲", (Section("甲一"), Section("甲二"))),))
    paragraphs = number(outline, TWO_LEVEL_STYLES)
    assert texts(paragraphs) == ["一、甲", "1.甲一", "2.甲二"]
    assert [p.element for p in paragraphs] == ["heading1", "heading3", "heading3"]


def test_section_children_follow_their_heading_in_order() -> None:
    enumeration = Enumeration(items("甲。", "乙。"), style="yiyao")
    outline = Outline((Section("要求", (Paragraph.of("导语。"), enumeration)),))
    assert texts(number(outline)) == ["一、要求", "导语。", "一要甲。", "二要乙。"]


# Enumerations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "prefixes"),
    [
        ("yishi", ["一是", "二是", "三是"]),
        ("yiyao", ["一要", "二要", "三要"]),
        ("diyi", ["第一，", "第二，", "第三，"]),
        ("shouxian", ["首先，", "其次，", "最后，"]),
    ],
)
def test_enumeration_prefix_follows_style_and_position(style: str, prefixes: list[str]) -> None:
    paragraphs = enumerate_items(Enumeration(items("甲", "乙", "丙"), style=style))
    assert texts(paragraphs) == [p + t for p, t in zip(prefixes, "甲乙丙", strict=True)]


def test_shouxian_uses_zaici_for_middle_items_and_zuihou_for_the_last() -> None:
    paragraphs = enumerate_items(Enumeration(items("甲", "乙", "丙", "丁"), style="shouxian"))
    assert texts(paragraphs) == ["首先，甲", "其次，乙", "再次，丙", "最后，丁"]


def test_shouxian_with_a_single_item_has_no_prefix() -> None:
    paragraphs = enumerate_items(Enumeration(items("唯一一项"), style="shouxian"))
    assert texts(paragraphs) == ["唯一一项"]


def test_each_item_is_its_own_paragraph_between_intro_and_outro() -> None:
    enumeration = Enumeration(
        items("甲。", "乙。"), style="yishi", intro=(Run("导语："),), outro=(Run("结语。"),)
    )
    assert texts(enumerate_items(enumeration)) == ["导语：", "一是甲。", "二是乙。", "结语。"]


def test_inline_enumeration_is_one_paragraph_with_intro_and_outro() -> None:
    enumeration = Enumeration(
        items("甲。", "乙。", "丙。"),
        style="yishi",
        inline=True,
        intro=(Run("主要有以下几个特点："),),
        outro=(Run("成绩来之不易。"),),
    )
    paragraphs = enumerate_items(enumeration)
    assert texts(paragraphs) == ["主要有以下几个特点：一是甲。二是乙。三是丙。成绩来之不易。"]


def test_lead_run_keeps_the_prefix_inside_the_lead_run() -> None:
    item = (Run("思想认识不断深化。", lead=True), Run("各级普遍召开专题会议。"))
    (paragraph,) = enumerate_items(Enumeration((item,), style="yiyao"))
    assert paragraph.runs == (
        Run("一要思想认识不断深化。", lead=True),
        Run("各级普遍召开专题会议。"),
    )


def test_inline_lead_runs_each_carry_their_own_prefix() -> None:
    enumeration = Enumeration(
        ((Run("甲。", lead=True), Run("正文甲。")), (Run("乙。", lead=True), Run("正文乙。"))),
        style="yishi",
        inline=True,
        intro=(Run("特点："),),
    )
    (paragraph,) = enumerate_items(enumeration)
    assert paragraph.runs == (
        Run("特点："),
        Run("一是甲。", lead=True),
        Run("正文甲。"),
        Run("二是乙。", lead=True),
        Run("正文乙。"),
    )


def test_an_empty_item_gets_its_prefix_alone() -> None:
    (paragraph,) = enumerate_items(Enumeration(((),), style="diyi"))
    assert paragraph.runs == (Run("第一，"),)


def test_enumerations_in_the_outline_are_flattened_by_number() -> None:
    outline = Outline((Enumeration(items("甲", "乙"), style="diyi"),))
    assert texts(number(outline)) == ["第一，甲", "第二，乙"]


# Depth ----------------------------------------------------------------------------------------


def test_heading_levels_used_is_zero_without_sections() -> None:
    assert heading_levels_used(Outline((Paragraph.of("正文"),))) == 0


def test_heading_levels_used_is_one_for_flat_sections() -> None:
    assert heading_levels_used(Outline((Section("甲"), Section("乙")))) == 1


def test_heading_levels_used_is_the_deepest_branch() -> None:
    outline = Outline((Section("甲"), chain(3), Section("乙", (Section("乙一"),))))
    assert heading_levels_used(outline) == 3


def test_heading_levels_used_counts_sections_only() -> None:
    outline = Outline((Paragraph.of("开头"), Enumeration(items("甲")), chain(2)))
    assert heading_levels_used(outline) == 2
