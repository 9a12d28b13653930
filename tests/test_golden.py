"""Golden test: the example speech's paragraphs, each with its style, as python-docx reads them.

Run `pytest --update-golden` to rewrite tests/golden/ after an intended change, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

GOLDEN = Path(__file__).parent / "golden"


def paragraph_listing(path: Path) -> str:
    document = docx.Document(str(path))
    lines = [f"{p.style.name} | {p.text}" for p in document.paragraphs]
    return "\n".join(lines) + "\n"


def test_example_speech_matches_golden_paragraphs(
    built_example: Path, request: pytest.FixtureRequest
) -> None:
    speech = next((built_example / "outputs").glob("*讲话.docx"))
    actual = paragraph_listing(speech)
    golden = GOLDEN / "speech.txt"
    if request.config.getoption("--update-golden"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")
