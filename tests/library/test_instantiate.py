"""Specs for instantiating a fragment: variables bound and checked, Jinja rendered, blocks made."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from docgen.compose.outline import Enumeration, Paragraph, Run, Section
from docgen.errors import ErrorGroup, InputError, Location, TemplateError
from docgen.library import Fragment, parse_fragment
from docgen.library.instantiate import instantiate

CALL_SITE = Location(file="inputs/meeting.yaml", line=42, field="sections[2].fragment")

# The front matter's closing fence is line 18, so the body starts on line 19.
HEADER = """\
---
id: requirement.example
title: 示例要求
kinds: [speech]
status: draft
version: 1
variables:
  - name: campaign
    type: str
    description: 专项工作的名称
  - name: rounds
    type: int
    default: 3
  - name: start
    type: date
  - name: units
    type: list
---
"""

BODY = """\
# 开展{{ campaign }}

共{{ rounds | cn_number }}轮，自{{ start | cn_date }}起，涉及{{ units | join("、") }}。

1. **甲要求。**甲正文。
2. **乙要求。**乙正文。
"""

GOOD = {"campaign": "作风纪律整治", "start": datetime.date(2026, 11, 20), "units": ["甲", "乙"]}


@pytest.fixture
def fragment(tmp_path: Path) -> Fragment:
    return fragment_with(tmp_path, BODY)


def fragment_with(folder: Path, body: str, header: str = HEADER) -> Fragment:
    path = folder / "example.md"
    path.write_text(header + body, encoding="utf-8")
    return parse_fragment(path, "fragments/requirement/example.md")


def make(fragment: Fragment, params: dict[str, Any], **options: Any) -> tuple[Any, ...]:
    options.setdefault("enumeration_style", "yiyao")
    return instantiate(fragment, params, where=CALL_SITE, **options)


def test_params_fill_the_body_and_markdown_becomes_blocks(fragment: Fragment) -> None:
    assert make(fragment, GOOD) == (
        Section(
            "开展作风纪律整治",
            (
                Paragraph.of("共三轮，自2026年11月20日起，涉及甲、乙。"),
                Enumeration(
                    (
                        (Run("甲要求。", lead=True), Run("甲正文。")),
                        (Run("乙要求。", lead=True), Run("乙正文。")),
                    ),
                    style="yiyao",
                ),
            ),
        ),
    )


def test_enumeration_style_is_the_callers_choice(fragment: Fragment) -> None:
    (section,) = make(fragment, GOOD, enumeration_style="diyi")
    assert section.children[1].style == "diyi"


def test_declared_default_is_used_when_no_value_is_given(fragment: Fragment) -> None:
    (section,) = make(fragment, GOOD)
    assert section.children[0].text.startswith("共三轮")


def test_given_value_overrides_the_default(fragment: Fragment) -> None:
    (section,) = make(fragment, {**GOOD, "rounds": 2})
    assert section.children[0].text.startswith("共二轮")


def test_date_variable_accepts_a_date_written_as_text(fragment: Fragment) -> None:
    (section,) = make(fragment, {**GOOD, "start": "2026年12月1日"})
    assert "自2026年12月1日起" in section.children[0].text


def test_undeclared_param_is_an_error_listing_the_declared_ones(fragment: Fragment) -> None:
    with pytest.raises(InputError) as caught:
        make(fragment, {**GOOD, "deadline": "12月底前"})
    assert caught.value.location == CALL_SITE
    assert "没有声明变量 deadline" in caught.value.message
    assert "campaign、rounds、start、units" in caught.value.message


def test_missing_variable_is_an_error_naming_the_variable(fragment: Fragment) -> None:
    params = {k: v for k, v in GOOD.items() if k != "campaign"}
    with pytest.raises(InputError) as caught:
        make(fragment, params)
    assert caught.value.location == CALL_SITE
    assert "requirement.example" in caught.value.message
    assert "需要变量 campaign" in caught.value.message
    assert "专项工作的名称" in caught.value.message


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("campaign", 5, "文本"),
        ("rounds", "三", "整数"),
        ("rounds", True, "整数"),
        ("start", 20261120, "日期"),
        ("units", "甲、乙", "列表"),
    ],
)
def test_wrong_type_is_an_error_naming_the_expected_type(
    fragment: Fragment, name: str, value: object, expected: str
) -> None:
    with pytest.raises(InputError) as caught:
        make(fragment, {**GOOD, name: value})
    assert caught.value.location == CALL_SITE
    assert f"变量 {name} 应为{expected}" in caught.value.message


def test_every_binding_problem_is_reported_at_once(fragment: Fragment) -> None:
    with pytest.raises(ErrorGroup) as caught:
        make(fragment, {"rounds": "三", "deadline": "12月底前", "units": ["甲"]})
    messages = [e.message for e in caught.value.errors]
    assert len(messages) == 4
    assert any("deadline" in m for m in messages)
    assert any("campaign" in m for m in messages)
    assert any("start" in m for m in messages)
    assert any("rounds" in m for m in messages)


def test_shared_values_are_used_when_declared(fragment: Fragment) -> None:
    shared = {"campaign": "巡察整改", "start": datetime.date(2026, 1, 5)}
    (section,) = make(fragment, {"units": ["甲"]}, shared=shared)
    assert section.title == "开展巡察整改"


def test_shared_values_not_declared_are_ignored(fragment: Fragment) -> None:
    blocks = make(fragment, GOOD, shared={"deadline": "12月底前", "organ": "市委办"})
    assert blocks == make(fragment, GOOD)


def test_params_override_shared_values(fragment: Fragment) -> None:
    (section,) = make(fragment, GOOD, shared={"campaign": "巡察整改"})
    assert section.title == "开展作风纪律整治"


def test_shared_values_are_type_checked_too(fragment: Fragment) -> None:
    params = {k: v for k, v in GOOD.items() if k != "campaign"}
    with pytest.raises(InputError) as caught:
        make(fragment, params, shared={"campaign": ["甲"]})
    assert "变量 campaign 应为文本" in caught.value.message


def test_without_a_call_site_errors_point_at_the_fragment(fragment: Fragment) -> None:
    with pytest.raises(ErrorGroup) as caught:
        instantiate(fragment, {}, enumeration_style="yishi")
    assert len(caught.value.errors) == 3
    assert all(
        e.location == Location(file="fragments/requirement/example.md", line=19)
        for e in caught.value.errors
    )


def test_missing_variable_without_description_has_no_empty_parentheses(
    fragment: Fragment,
) -> None:
    params = {k: v for k, v in GOOD.items() if k != "start"}
    with pytest.raises(InputError) as caught:
        make(fragment, params)
    assert "需要变量 start" in caught.value.message
    assert "（）" not in caught.value.message


def test_undefined_name_in_the_body_names_the_fragment_file_and_line(tmp_path: Path) -> None:
    body = "# 开展{{ campaign }}\n\n正文。\n\n确保{{ deadline }}完成。\n"
    fragment = fragment_with(tmp_path, body)
    with pytest.raises(TemplateError) as caught:
        make(fragment, GOOD)
    assert caught.value.location == Location(file="fragments/requirement/example.md", line=23)
    assert "deadline" in caught.value.message
    assert "requirement.example" in caught.value.message


def test_jinja_syntax_error_names_the_fragment_file_and_line(tmp_path: Path) -> None:
    fragment = fragment_with(tmp_path, "# 标题\n\n{% if campaign %}正文。\n")
    with pytest.raises(TemplateError) as caught:
        make(fragment, GOOD)
    assert caught.value.location is not None
    assert caught.value.location.file == "fragments/requirement/example.md"
    assert "语法错误" in caught.value.message


def test_markdown_structure_error_names_the_fragment_file_and_line(tmp_path: Path) -> None:
    fragment = fragment_with(tmp_path, "# 开展{{ campaign }}\n\n正文。\n\n- 甲\n- 乙\n")
    with pytest.raises(TemplateError) as caught:
        make(fragment, GOOD)
    assert caught.value.location == Location(file="fragments/requirement/example.md", line=23)
    assert "无序列表" in caught.value.message


def test_markdown_error_after_a_loop_names_the_source_line(tmp_path: Path) -> None:
    body = "{% for unit in units %}\n{{ unit }}负责。\n\n{% endfor %}\n- 甲\n"
    fragment = fragment_with(tmp_path, body)
    with pytest.raises(TemplateError) as caught:
        make(fragment, {**GOOD, "units": ["甲", "乙", "丙"]})
    assert caught.value.location == Location(file="fragments/requirement/example.md", line=23)
