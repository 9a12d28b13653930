"""Specs for the one Jinja environment: Chinese filters, strict undefined names, the sandbox."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from docgen.errors import Location, TemplateError
from docgen.templating import MAX_RANGE, environment, render_text

WHERE = Location(file="fragments/requirement/example.md", line=10)


def render(source: str, **context: Any) -> str:
    return render_text(source, context, where=WHERE)


def test_the_chinese_filters_are_registered() -> None:
    names = {"cn_number", "cn_date", "weekday", "month_day", "date_range", "ordinal"}
    assert names | {"count_phrase"} <= set(environment().filters)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 12 | cn_number }}", "十二"),
        ("{{ 101 | cn_number }}", "一百零一"),
        ("{{ day | cn_date }}", "2026年11月20日"),
        ("{{ day | cn_date('chinese') }}", "二〇二六年十一月二十日"),
        ("{{ '2026-11-20' | cn_date }}", "2026年11月20日"),
        ("{{ day | weekday }}", "星期五"),
        ("{{ day | month_day }}", "11月20日"),
        ("{{ day | date_range(end) }}", "11月20日—11月22日"),
        ("{{ '2026年11月20日' | date_range('2026-11-22') }}", "11月20日—11月22日"),
        ("{{ 2 | ordinal('heading1') }}", "二、"),
        ("{{ 2 | ordinal('heading2') }}", "（二）"),
        ("{{ 3 | ordinal('yishi') }}", "三是"),
        ("{{ 3 | ordinal('shouxian', 3) }}", "最后，"),
        ("{{ 2 | count_phrase }}", "两点"),
        ("{{ 4 | count_phrase('项') }}", "四项"),
    ],
)
def test_filter_writes_the_official_form(source: str, expected: str) -> None:
    context = {"day": datetime.date(2026, 11, 20), "end": datetime.date(2026, 11, 22)}
    assert render(source, **context) == expected


def test_datetime_values_are_written_as_their_date() -> None:
    assert render("{{ t | cn_date }}", t=datetime.datetime(2026, 11, 20, 9, 30)) == "2026年11月20日"


def test_trailing_newline_is_kept() -> None:
    assert render("第一段。\n") == "第一段。\n"


# Undefined names ------------------------------------------------------------------------------


def test_undefined_name_is_an_error_naming_it() -> None:
    with pytest.raises(TemplateError) as caught:
        render("开展{{ campaign }}。")
    assert caught.value.message == "模板中使用了未定义的变量：campaign"
    assert caught.value.location == WHERE


def test_undefined_name_is_an_error_even_inside_a_condition_body() -> None:
    with pytest.raises(TemplateError):
        render("{% if True %}{{ campaign }}{% endif %}")


def test_attribute_of_an_undefined_name_is_an_error() -> None:
    with pytest.raises(TemplateError) as caught:
        render("{{ meeting.date }}")
    assert "meeting" in caught.value.message


def test_undefined_name_error_counts_lines_from_where() -> None:
    with pytest.raises(TemplateError) as caught:
        render("第一行\n第二行\n{{ deadline }}\n")
    assert caught.value.location == Location(file=WHERE.file, line=12)


def test_kind_prefixes_the_message() -> None:
    with pytest.raises(TemplateError) as caught:
        render_text("{{ x }}", {}, where=WHERE, kind="片段 a.b ")
    assert caught.value.message.startswith("片段 a.b 中使用了未定义的变量")


def test_syntax_error_names_its_line() -> None:
    with pytest.raises(TemplateError) as caught:
        render("第一行\n{% if %}\n")
    assert caught.value.location == Location(file=WHERE.file, line=11)
    assert "语法错误" in caught.value.message


def test_filter_failure_is_a_template_error() -> None:
    with pytest.raises(TemplateError) as caught:
        render("{{ '下周五' | cn_date }}")
    assert "渲染失败" in caught.value.message


# The sandbox ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ items.append(4) }}",
    ],
)
def test_sandbox_refuses_unsafe_attribute_access(source: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(source, items=[1, 2, 3])
    assert "安全限制" in caught.value.message


def test_range_up_to_the_limit_is_allowed() -> None:
    assert render(f"{{{{ range({MAX_RANGE}) | length }}}}") == str(MAX_RANGE)


def test_range_above_the_limit_is_refused() -> None:
    with pytest.raises(TemplateError) as caught:
        render(f"{{% for i in range({MAX_RANGE + 1}) %}}{{% endfor %}}")
    assert "range()" in caught.value.message


def test_huge_string_repetition_is_refused() -> None:
    with pytest.raises(TemplateError):
        render("{{ 'x' * 10000000 }}")


def test_a_printed_value_is_markdown_text_and_cannot_add_structure() -> None:
    """Security review 25: a setting with a blank line and "# …" in it became a heading of
    the notice (so could a roster cell); bold and list marks alike."""
    from docgen.compose.markdown import to_blocks
    from docgen.compose.outline import Paragraph

    hostile = "反馈表\n\n# 注入的标题\n\n1. **注入**段落"
    text = render("请填写{{ title }}，电话 {{ phone }}。\n", title=hostile, phone="0576-88126035")
    (paragraph,) = to_blocks(text)
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "请填写反馈表# 注入的标题1. **注入**段落，电话 0576-88126035。"
    assert not any(run.lead for run in paragraph.runs)
    # The fragment's own Markdown is still Markdown.
    (heading,) = to_blocks(render("# {{ x }}\n\n正文。\n", x="标题"))
    assert heading.title == "标题"


def test_an_escaped_mark_in_a_value_ends_no_bold_and_leading_spaces_make_no_code() -> None:
    """Code review 27: a value ending in * closed the fragment's bold a character early; one
    starting with four spaces was refused as an indented code block."""
    from docgen.compose.markdown import to_blocks

    (bold,) = to_blocks(render("**{{ x }}**正文。\n", x="抓好A*"))
    assert [(run.text, run.lead) for run in bold.runs] == [("抓好A*", True), ("正文。", False)]
    (plain,) = to_blocks(render("{{ x }}\n", x="    缩进"))
    assert plain.text == "缩进"


def test_a_value_ending_in_a_backslash_leaves_the_fragments_bold_where_it_was() -> None:
    """Security review 26: 李晓东\\ before **特别提醒。** moved the bold one mark on."""
    from docgen.compose.markdown import to_blocks

    text = render("联系人：{{ c }}**特别提醒。**逾期未报的**将通报**。\n", c="李晓东\\")
    (paragraph,) = to_blocks(text)
    assert [(run.text, run.lead) for run in paragraph.runs] == [
        ("联系人：李晓东\\", False),
        ("特别提醒。", True),
        ("逾期未报的", False),
        ("将通报", True),
        ("。", False),
    ]
