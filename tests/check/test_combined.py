"""A combined package (``--combined``) is checked document by document, placed by its own numbers."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
from check.corpus import formal
from docx import Document as open_docx
from docx.oxml.ns import qn

from docgen.check import inspect
from docgen.check.fix import fix_document
from docgen.layout.profile import load_profile
from docgen.ooxml.combine import Combiner

PADDED = "2026年09月09日"


def _combined(documents: list[bytes], pad: bool = False) -> bytes:
    combiner = Combiner()
    for index, data in enumerate(documents):
        combiner.add(data, f"{index}.docx", pad=pad)
    buffer = io.BytesIO()
    combiner.write(buffer)
    return buffer.getvalue()


def _paragraph_texts(data: bytes) -> list[str]:
    """Every paragraph's text in the checker's order (body paragraphs; the corpus has no tables)."""
    return [p.text for p in open_docx(io.BytesIO(data)).paragraphs]


def _documents() -> list[bytes]:
    return [
        formal().save(),
        formal(doc_number="临政〔2026〕6号").save(),
        formal(doc_number="临政〔2026〕7号", date=PADDED).save(),
    ]


def test_each_document_of_a_combined_package_is_checked_alone() -> None:
    profile = load_profile("gbt9704")
    documents = _documents()
    combined = _combined(documents)
    report = inspect(combined, "合并打印.docx", profile)
    assert report.documents == 3
    assert report.kind == "formal"
    # Alone, the third document has one finding, the padded date; the first two have none.
    alone = [inspect(data, f"{i}.docx", profile).findings for i, data in enumerate(documents)]
    assert [len(f) for f in alone] == [0, 0, 1]
    texts = _paragraph_texts(combined)
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert finding.rule == alone[2][0].rule
    # Placed by the package's paragraph number: the third document's date line.
    assert texts[finding.where.paragraph - 1] == PADDED
    assert texts.index(PADDED) == finding.where.paragraph - 1
    assert finding.where.paragraph > 2 * len(_paragraph_texts(documents[0]))


def test_a_package_read_as_one_document_would_find_headings_out_of_order() -> None:
    """Why the split matters: the same paragraphs without the restarts read as one document."""
    from docgen.check.checker import _rules
    from docgen.check.document import read_document
    from docgen.check.structure import analyse

    document = read_document(_combined(_documents()[:2]), "合并打印.docx")
    whole = _rules(document, analyse(document), load_profile("gbt9704"))
    assert any(f.rule == "NUM-SEQUENCE" for f in whole)


def test_blank_pages_for_two_sided_printing_belong_to_no_document() -> None:
    report = inspect(_combined(_documents(), pad=True), "合并打印.docx", load_profile("gbt9704"))
    assert report.documents == 3
    assert [f.where.paragraph is not None for f in report.findings] == [True]


def test_fix_rewrites_the_paragraph_the_package_numbers() -> None:
    combined = _combined(_documents())
    number = _paragraph_texts(combined).index(PADDED) + 1
    result = fix_document(combined, "合并打印.docx")
    assert [(c.paragraph, c.before, c.after) for c in result.changes] == [
        (number, PADDED, "2026年9月9日")
    ]
    assert _paragraph_texts(result.data)[number - 1] == "2026年9月9日"
    again = inspect(result.data, "合并打印.docx", load_profile("gbt9704"))
    assert (again.documents, again.findings) == (3, [])


def test_a_document_whose_numbering_restarts_once_is_one_document() -> None:
    """Word writes "start at 1" on a first section too; one restart does not make a package."""
    b = formal()
    section = b.document.sections[0]._sectPr
    section.append(section.makeelement(qn("w:pgNumType"), {qn("w:start"): "1"}))
    report = inspect(b.save(), "one.docx", load_profile("gbt9704"))
    assert (report.documents, report.findings) == (1, [])


def test_a_document_after_a_blank_page_is_judged_by_its_own_footers() -> None:
    """Word lets a section inherit the footers it does not name; the blank page's empty ones
    belong to no document, and an even-page footer counts only with "奇偶页不同" on."""
    from check.corpus import Builder

    documents = [formal(builder=Builder(page_numbers="center")).save() for _ in range(3)]
    profile = load_profile("gbt9704")
    alone = inspect(documents[0], "0.docx", profile).findings
    assert alone and all(f.rule == "LAYOUT-PAGENUM-POSITION" for f in alone)
    report = inspect(_combined(documents, pad=True), "合并打印.docx", profile)
    assert sorted(f.message for f in report.findings) == sorted(3 * [f.message for f in alone])


def test_the_report_says_which_document_and_says_shared_findings_once() -> None:
    from check.corpus import Builder

    from docgen.check.output import FileResult, json_document, text_lines

    documents = [formal(builder=Builder(page_numbers="center")).save() for _ in range(3)]
    documents.append(formal(date=PADDED, recipients="市教育局：").save())
    report = inspect(_combined(documents), "合并打印.docx", load_profile("gbt9704"))
    result = FileResult("合并打印.docx", report.kind, report.findings, documents=report.documents)
    lines = text_lines(result, "gbt9704")
    alone = inspect(documents[0], "0.docx", load_profile("gbt9704")).findings
    # The package has the first document's settings: "奇偶页不同" is off for the fourth too.
    shared = [line for line in lines if re.match(r"  第1–[34]份（共 [34] 份），", line)]
    assert len(shared) == len({f.message for f in alone}) > 0
    (date,) = [line for line in lines if PADDED in line]
    assert date.startswith("  第4份（市教育局），第")  # found by its unit, not counted to
    document = json_document([result], "gbt9704")
    schema_file = Path(__file__).resolve().parents[2] / "docs" / "check.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    entry = document["files"][0]
    assert entry["documents"] == 4
    assert {f["location"]["document"] for f in entry["findings"]} == {1, 2, 3, 4}
    assert {f["location"]["recipient"] for f in entry["findings"]} == {
        "各县（区）人民政府，市政府各部门",
        "市教育局",
    }
