"""Specs for fragment bodies (Markdown) to outline blocks."""

from __future__ import annotations

import pytest

from docgen.compose.markdown import MarkdownStructureError, to_blocks
from docgen.compose.outline import Enumeration, Paragraph, Run, Section

# Headings -------------------------------------------------------------------------------------


def test_hash_heading_is_a_section_holding_what_follows() -> None:
    assert to_blocks("# 提高政治站位\n\n正文。\n") == (
        Section("提高政治站位", (Paragraph.of("正文。"),)),
    )


def test_double_hash_nests_under_the_preceding_hash() -> None:
    (section,) = to_blocks("# 甲\n\n甲正文。\n\n## 甲一\n\n甲一正文。\n")
    assert section == Section(
        "甲", (Paragraph.of("甲正文。"), Section("甲一", (Paragraph.of("甲一正文。"),)))
    )


def test_a_new_hash_closes_the_nested_sections() -> None:
    blocks = to_blocks("# 甲\n\n## 甲一\n\n### 甲一一\n\n# 乙\n\n乙正文。\n")
    assert [b.title for b in blocks if isinstance(b, Section)] == ["甲", "乙"]
    assert blocks[1] == Section("乙", (Paragraph.of("乙正文。"),))


def test_sibling_double_hashes_share_a_parent() -> None:
    (section,) = to_blocks("# 甲\n\n## 一\n\n## 二\n")
    assert section == Section("甲", (Section("一"), Section("二")))


def test_paragraph_before_any_heading_stays_at_the_insertion_level() -> None:
    blocks = to_blocks("开头。\n\n# 甲\n")
    assert blocks == (Paragraph.of("开头。"), Section("甲"))


def test_bold_in_a_heading_is_plain_title_text() -> None:
    (section,) = to_blocks("# **压实责任**\n")
    assert section.title == "压实责任"


# Lists ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["yishi", "yiyao", "diyi", "shouxian"])
def test_ordered_list_becomes_an_enumeration_in_the_requested_style(style: str) -> None:
    (enumeration,) = to_blocks("1. 甲。\n2. 乙。\n", enumeration_style=style)
    assert enumeration == Enumeration(((Run("甲。"),), (Run("乙。"),)), style=style)


def test_ordered_list_defaults_to_yishi() -> None:
    (enumeration,) = to_blocks("1. 甲。\n")
    assert isinstance(enumeration, Enumeration)
    assert enumeration.style == "yishi"


def test_list_numbers_in_the_source_do_not_matter() -> None:
    (enumeration,) = to_blocks("3. 甲。\n7. 乙。\n")
    assert isinstance(enumeration, Enumeration)
    assert enumeration.items == ((Run("甲。"),), (Run("乙。"),))


def test_ordered_list_inside_a_section_is_its_child() -> None:
    (section,) = to_blocks("# 要求\n\n导语。\n\n1. 甲。\n2. 乙。\n", enumeration_style="yiyao")
    assert isinstance(section, Section)
    assert section.children == (
        Paragraph.of("导语。"),
        Enumeration(((Run("甲。"),), (Run("乙。"),)), style="yiyao"),
    )


# Inline text ----------------------------------------------------------------------------------


def test_bold_lead_then_text_gives_a_lead_run_then_a_plain_run() -> None:
    (enumeration,) = to_blocks("1. **能改的马上改。**对立行可改的问题，即知即改。\n")
    assert isinstance(enumeration, Enumeration)
    assert enumeration.items == (
        (Run("能改的马上改。", lead=True), Run("对立行可改的问题，即知即改。")),
    )


def test_bold_lead_in_a_paragraph_is_a_lead_run() -> None:
    (paragraph,) = to_blocks("**总体要求。**坚持问题导向。\n")
    assert paragraph == Paragraph((Run("总体要求。", lead=True), Run("坚持问题导向。")))


def test_soft_line_breaks_join_without_a_space() -> None:
    (paragraph,) = to_blocks("作风建设没有完成时，\n只有进行时。\n")
    assert paragraph == Paragraph.of("作风建设没有完成时，只有进行时。")


def test_soft_line_breaks_inside_a_list_item_join_without_a_space() -> None:
    (enumeration,) = to_blocks("1. **要求。**前半句，\n   后半句。\n")
    assert isinstance(enumeration, Enumeration)
    assert enumeration.items == ((Run("要求。", lead=True), Run("前半句，后半句。")),)


def test_escaped_asterisk_is_a_literal_asterisk() -> None:
    (paragraph,) = to_blocks("面积为3\\*4平方米。\n")
    assert paragraph == Paragraph.of("面积为3*4平方米。")


# Refused structures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "line", "words"),
    [
        ("正文。\n\n- 甲\n- 乙\n", 3, "无序列表"),
        ("正文。\n\n* 甲\n", 3, "无序列表"),
        ("正文。\n\n> 引文\n", 3, "引用块"),
        ("1. 甲\n   1. 甲一\n", 2, "嵌套列表"),
        ("# 标题\n\n1. 甲\n\n   - 甲一\n", 5, "嵌套列表"),
        ("正文。\n\n```\ncode\n```\n", 3, "代码块"),
        ("正文。\n\n    缩进\n", 3, "缩进代码块"),
        ("正文。\n\n---\n", 3, "分隔线"),
    ],
)
def test_unsupported_structure_is_refused_with_its_line(
    markdown: str, line: int, words: str
) -> None:
    with pytest.raises(MarkdownStructureError) as caught:
        to_blocks(markdown)
    assert caught.value.line == line
    assert words in str(caught.value)


def test_table_is_refused_with_its_line() -> None:
    with pytest.raises(MarkdownStructureError) as caught:
        to_blocks("正文。\n\n| 单位 | 问题数 |\n|---|---|\n| 甲 | 3 |\n")
    assert caught.value.line == 3


def test_backslash_escape_leaves_only_the_escaped_character() -> None:
    (paragraph,) = to_blocks("\\# 号文件已印发。\n")
    assert paragraph == Paragraph.of("# 号文件已印发。")
