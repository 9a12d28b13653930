"""Every output kind opened by real clients: LibreOffice (PDF), python-docx, the OOXML validator."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from docgen.layout.profile import load_profile

pytestmark = pytest.mark.e2e

PAGE_NUMBER = re.compile(r"^— \d+ —$")


def _pages(pdf: Path) -> list[list[str]]:
    return [
        [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
        for page in PdfReader(str(pdf)).pages
    ]


def _speech(example_outputs: list[Path]) -> Path:
    return next(p for p in example_outputs if p.name.endswith("讲话.docx"))


def test_pdf_of_the_speech_holds_its_title_and_last_heading(
    example_outputs: list[Path], example_pdfs: dict[str, Path]
) -> None:
    speech = _speech(example_outputs)
    document = docx.Document(str(speech))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    text = "".join("".join(lines) for lines in _pages(example_pdfs[speech.stem]))
    assert document.paragraphs[0].text in text
    assert headings[-1] in text


def test_a_full_body_page_holds_22_lines_of_28_characters(
    example_outputs: list[Path], example_pdfs: dict[str, Path]
) -> None:
    pages = _pages(example_pdfs[_speech(example_outputs).stem])
    assert len(pages) >= 3
    body_page = pages[1]  # page 1 has the title block; the last page may be short
    *lines, footer = body_page
    assert PAGE_NUMBER.match(footer), footer
    assert len(lines) == 22
    assert max(len(line) for line in lines) == 28
    assert sum(len(line) == 28 for line in lines) >= 10


def test_every_page_is_numbered_with_em_dashes(
    example_outputs: list[Path], example_pdfs: dict[str, Path]
) -> None:
    for output in example_outputs:
        pages = _pages(example_pdfs[output.stem])
        numbers = [page[-1] for page in pages]
        assert numbers == [f"— {n} —" for n in range(1, len(pages) + 1)], output.name


def test_python_docx_reads_back_the_profile_body_font(example_outputs: list[Path]) -> None:
    profile = load_profile("gbt9704")
    qn = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    for output in example_outputs:
        document = docx.Document(str(output))
        normal = document.styles["Normal"]
        assert normal.element.rPr.rFonts.get(qn) == profile.faces.fangsong
        assert normal.font.size.pt == 16


def test_word_validator_accepts_every_output(
    example_outputs: list[Path], validator: Path, require_client
) -> None:
    result = subprocess.run(
        [sys.executable, str(validator), *map(str, example_outputs)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    require_client(
        result.returncode != 2, f"the Open XML validator ({result.stderr.strip()[:200]})"
    )
    assert result.returncode == 0, result.stdout + result.stderr
