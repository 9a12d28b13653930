"""Page size, margins (±1 mm) and the 22 × 28 grid, judged by the layout profile."""

from __future__ import annotations

from pathlib import Path

from check.corpus import GBT_MARGINS, Builder, formal, places, run_check, speech
from docx.oxml.ns import qn

from docgen.check import check_document
from docgen.layout.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
MM = 1440 / 25.4


def _margins(**changes: float) -> dict[str, int]:
    return {**GBT_MARGINS, **{side: round(mm * MM) for side, mm in changes.items()}}


def test_margins_within_one_millimetre_pass() -> None:
    data = formal(builder=Builder(margins=_margins(top=37.9, left=27.1))).save()
    assert run_check(data) == []


def test_margin_beyond_one_millimetre_is_reported_for_its_section() -> None:
    findings = run_check(formal(builder=Builder(margins=_margins(top=38.5))).save())
    assert places(findings) == {("LAYOUT-PAGE-MARGIN", 1)}
    assert "上 38.5mm（应为 37mm）" in findings[0].message
    assert findings[0].clause == "GB/T 9704-2012 5.2.1"


def test_letter_paper_is_reported_as_page_size() -> None:
    findings = run_check(formal(builder=Builder(page=(12240, 15840))).save())
    assert places(findings) == {("LAYOUT-PAGE-SIZE", 1)}
    assert "A4" in findings[0].message


def test_landscape_section_turned_with_the_sheet_passes() -> None:
    b = speech()
    section = b.document.add_section()
    sect = section._sectPr
    sect.find(qn("w:pgSz")).set(qn("w:w"), "16838")
    sect.find(qn("w:pgSz")).set(qn("w:h"), "11906")
    sect.find(qn("w:pgSz")).set(qn("w:orient"), "landscape")
    margins = sect.find(qn("w:pgMar"))
    for side, value in (("top", 1588), ("right", 2098), ("bottom", 1474), ("left", 1984)):
        margins.set(qn(f"w:{side}"), str(value))
    b.add("（横排表格页）", align="center", indent=0)
    assert run_check(b.save()) == []


def test_no_document_grid_and_plain_spacing_gives_27_characters_a_line() -> None:
    findings = run_check(formal(builder=Builder(grid="none")).save())
    assert places(findings) == {("LAYOUT-GRID-CHARS", 1)}
    assert "版心每行排 27 字" in findings[0].message


def test_thirty_point_line_spacing_gives_21_lines() -> None:
    b = formal()
    styles = b.document.styles.element
    spacing = styles.find(
        f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}"
    )
    spacing.set(qn("w:line"), "600")
    findings = run_check(b.save())
    assert places(findings) == {("LAYOUT-GRID-LINES", 1)}
    assert "21 行" in findings[0].message and "固定值 30 磅" in findings[0].message


def test_word_single_spacing_on_a_22_line_grid_passes() -> None:
    b = formal(builder=Builder(grid="chars"))
    styles = b.document.styles.element
    spacing = styles.find(
        f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}"
    )
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    assert run_check(b.save()) == []


def test_a_unit_profile_sets_what_a_correct_page_is() -> None:
    unit = load_profile("profiles/linjiang.yaml", ROOT)
    b = Builder(margins=_margins(left=30, right=30))
    styles = b.document.styles.element
    spacing = styles.find(
        f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}"
    )
    spacing.set(qn("w:line"), "580")  # 29 pt: 21 lines, as the unit profile says
    data = formal(builder=b).save()
    unit_rules = {f.rule for f in check_document(data, "x.docx", unit)}
    national_rules = {f.rule for f in check_document(data, "x.docx", load_profile("gbt9704"))}
    assert "LAYOUT-PAGE-MARGIN" not in unit_rules and "LAYOUT-GRID-LINES" not in unit_rules
    assert {"LAYOUT-PAGE-MARGIN", "LAYOUT-GRID-LINES"} <= national_rules
