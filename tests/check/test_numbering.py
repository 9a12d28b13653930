"""Heading sequences: gaps, duplicates, reversals and levels out of order."""

from __future__ import annotations

import pytest
from check.corpus import HEITI, formal, number_of, places, run_check


@pytest.mark.parametrize(
    ("headings", "at", "words"),
    [
        (("一、", "二、", "四、"), (2,), "前缺少“三、”"),
        (("一、", "二、", "二、"), (2,), "重复"),
        (("一、", "三、", "二、"), (1, 2), "前缺少“二、”"),
        (("二、", "三、"), (0,), "前缺少“一、”"),
        (("一、", "（一）", "（三）", "二、"), (2,), "前缺少“（二）”"),
        (("一、", "1.", "2.", "4."), (3,), "前缺少“3.”"),
    ],
)
def test_heading_sequence_problem_is_reported_where_it_happens(
    headings: tuple[str, ...], at: tuple[int, ...], words: str
) -> None:
    b = formal(headings=headings)
    findings = run_check(b.save())
    numbers = [i for i, p in enumerate(b.document.paragraphs, 1) if p.text.startswith(headings)]
    expected = {numbers[k] for k in at}
    assert places(findings) == {("NUM-SEQUENCE", n) for n in expected}
    assert words in findings[0].message


def test_reversed_sequence_names_the_previous_number() -> None:
    b = formal(headings=("一、", "二、", "三、", "二、"))
    findings = run_check(b.save())
    assert len(findings) == 1 and "顺序颠倒" in findings[0].message


def test_two_level_document_may_go_from_yi_to_arabic() -> None:
    assert run_check(formal(headings=("一、", "1.", "2.", "二、", "1.")).save()) == []


def test_second_level_after_third_level_in_one_section_is_out_of_order() -> None:
    b = formal(headings=("一、", "1.", "（一）", "二、"))
    findings = run_check(b.save())
    assert places(findings) == {("NUM-LEVEL-ORDER", number_of(b, "（一）"))}
    assert "层次顺序应为" in findings[0].message


def test_each_attachment_numbers_its_headings_afresh() -> None:
    b = formal(
        note=("临江市安全生产检查要点",),
        attachments=(("附件", "临江市安全生产检查要点"),),
    )
    b.add("一、检查范围", HEITI)
    b.add("二、检查方式", HEITI)
    # Move the two headings before the 版记: they belong to the attachment.
    body = b.document.element.body
    imprint = [
        p for p in b.document.paragraphs if p.text.startswith(("抄送", "临江市人民政府办公室"))
    ]
    for paragraph in b.document.paragraphs[-2:]:
        imprint[0]._p.addprevious(paragraph._p)
    assert body is not None
    assert run_check(b.save()) == []
