"""`--fix`: safe text fixes rewrite w:t only, keep every run's formatting, even across runs."""

from __future__ import annotations

import io

import docx
from check.corpus import BODY, FANGSONG, HEITI, fonts, formal, number_of, run_check
from docx.oxml.ns import qn

from docgen.check.fix import fix_document


def _runs(data: bytes, number: int) -> list[tuple[str, str | None, bool]]:
    paragraph = docx.Document(io.BytesIO(data)).paragraphs[number - 1]
    return [
        (r.text, r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")), bool(r.bold))
        for r in paragraph.runs
    ]


def test_padded_date_split_across_runs_is_fixed_in_the_first_run_keeping_formats() -> None:
    b = formal(date="2026年0")
    date = b.document.paragraphs[number_of(b, "2026年0") - 1]
    second = date.add_run("9月09日")
    second.bold = True
    fonts(second._r.get_or_add_rPr(), FANGSONG)
    number = number_of(b, "2026年0")
    result = fix_document(b.save(), "in.docx")
    assert [(c.paragraph, c.before, c.after) for c in result.changes] == [
        (number, "2026年09月09日", "2026年9月9日")
    ]
    assert _runs(result.data, number) == [
        ("2026年9月9日", FANGSONG, False),
        ("", FANGSONG, True),  # the second run keeps its bold, now empty
    ]


def test_several_fixes_in_one_run_apply_right_to_left() -> None:
    b = formal()
    target = b.document.paragraphs[number_of(b, BODY) - 1]
    target.runs[0].text = "请于2026年09月01日前报送,2026年10月08日前完成。"
    result = fix_document(b.save(), "in.docx")
    assert result.changes[0].after == "请于2026年9月1日前报送，2026年10月8日前完成。"
    assert set(result.changes[0].rules) == {"TEXT-DATE-PAD", "TEXT-PUNCT"}
    assert run_check(result.data) == []


def test_heading_face_is_kept_when_its_punctuation_is_fixed() -> None:
    b = formal(headings=("一、", "二、"))
    heading = b.document.paragraphs[number_of(b, "二、") - 1]
    heading.runs[0].text = "二、突出重点,狠抓落实"
    number = number_of(b, "二、")
    result = fix_document(b.save(), "in.docx")
    assert _runs(result.data, number) == [("二、突出重点，狠抓落实", HEITI, False)]


def test_fixing_is_idempotent_and_deterministic() -> None:
    b = formal(doc_number="临政[2026]5号")
    first = fix_document(b.save(), "in.docx")
    again = fix_document(b.save(), "in.docx")
    assert first.data == again.data
    assert fix_document(first.data, "in.docx").changes == []


def test_document_without_fixable_issues_is_returned_unchanged() -> None:
    data = formal().save()
    result = fix_document(data, "in.docx")
    assert (result.data, result.changes) == (data, [])


def test_unfixable_findings_are_left_alone() -> None:
    b = formal()
    b.document.paragraphs[number_of(b, BODY) - 1].runs[0].text = "请于××前报送。"
    assert fix_document(b.save(), "in.docx").changes == []
