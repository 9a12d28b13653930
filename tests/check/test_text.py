"""Text rules on a document's paragraphs, placed at the paragraph with an excerpt."""

from __future__ import annotations

import pytest
from check.corpus import BODY, formal, number_of, places, run_check, speech


def _with_body(text: str):  # type: ignore[no-untyped-def]
    b = formal()
    b.document.paragraphs[number_of(b, BODY) - 1].runs[0].text = text
    return b


@pytest.mark.parametrize(
    ("text", "rule", "excerpt_part"),
    [
        ("各单位要高度重视,认真落实。", "TEXT-PUNCT", "重视,认真"),
        ("请于XX月底前报送。", "TEXT-PLACEHOLDER", "XX"),
        ("请某某同志牵头负责。", "TEXT-PLACEHOLDER", "某某"),
        ("会议定于2026年11月22日（星期一）召开。", "TEXT-WEEKDAY", "星期一"),
        ("会议定于2026年2月30日召开。", "TEXT-DATE-INVALID", "2月30日"),
        ("参照临政[2025]18号文件执行。", "TEXT-DOCNUM-BRACKET", "[2025]"),
        ("各单位要{{ unit }}认真落实。", "TEXT-PLACEHOLDER", "{{"),
        ("关于报送｛｛ 单位名称 ｝｝整改情况的通知", "TEXT-PLACEHOLDER", "｛｛"),  # typed in 全角
        ("{％ if 备注 ％}请说明。", "TEXT-PLACEHOLDER", "{％"),
    ],
)
def test_text_rule_fires_at_its_paragraph_with_an_excerpt(
    text: str, rule: str, excerpt_part: str
) -> None:
    b = _with_body(text)
    findings = run_check(b.save())
    assert places(findings) == {(rule, number_of(b, text))}
    assert excerpt_part in findings[0].where.excerpt


def test_protected_patterns_are_not_punctuation_findings() -> None:
    text = (
        "会议于9:30开始，执行GB/T 9704-2012和ISO 9001:2015，网址 https://www.linjiang.gov.cn/a,b。"
    )
    assert run_check(_with_body(text).save()) == []


def test_arabic_one_with_dunhao_as_heading_is_reported() -> None:
    b = formal(headings=("一、", "1、"))
    findings = run_check(b.save())
    assert places(findings) == {("TEXT-ORDINAL-MARK", number_of(b, "1、"))}
    assert findings[0].fixable


def test_signed_date_in_chinese_numerals_is_reported_for_formal_documents() -> None:
    b = formal(date="二〇二六年九月九日")
    findings = run_check(b.save())
    assert places(findings) == {("TEXT-DATE-FORM", number_of(b, "二〇二六年"))}


def test_speech_date_in_chinese_numerals_is_a_unit_option_not_a_finding() -> None:
    assert run_check(speech(date="（二〇二六年九月九日）").save()) == []


def test_punctuation_in_a_title_is_a_warning() -> None:
    b = formal(title="临江市人民政府关于做好秋季安全生产工作的通知。")
    findings = run_check(b.save())
    assert [(f.rule, f.severity) for f in findings] == [("TEXT-TITLE-PUNCT", "warning")]
    assert findings[0].where.paragraph == number_of(b, "临江市人民政府关于")


def test_title_with_book_title_marks_and_quotes_passes() -> None:
    title = "临江市人民政府关于印发《临江市“平安校园”建设实施方案》的通知"
    assert run_check(formal(title=title).save()) == []


def test_placeholders_in_table_cells_are_found() -> None:
    b = formal()
    table = b.document.add_table(rows=1, cols=2)
    table.cell(0, 1).text = "××"
    body = b.document.element.body
    signature = next(p for p in b.document.paragraphs if p.text == "临江市人民政府")
    signature._p.addprevious(table._tbl)
    assert body is not None
    findings = run_check(b.save())
    assert [f.rule for f in findings] == ["TEXT-PLACEHOLDER"]
