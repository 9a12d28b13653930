"""Real clients: LibreOffice converts every output to PDF; Microsoft's validator checks each.

Where a client is missing these tests skip, unless DOCGEN_REQUIRE_CLIENTS=1 (set by .ci/run),
which turns every such skip into a failure.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from docgen.write.pdf import soffice_path

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT.parent / "shared" / "tools" / "ooxml_validate" / "validate.py"


def require(available: bool, what: str) -> None:
    if available:
        return
    if os.environ.get("DOCGEN_REQUIRE_CLIENTS") == "1":
        pytest.fail(f"{what} is required here (DOCGEN_REQUIRE_CLIENTS=1) but missing")
    pytest.skip(f"{what} not available")


def convert_to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    """One LibreOffice process for the whole list, as a batch would do it."""
    soffice = soffice_path()
    require(soffice is not None, "LibreOffice (soffice)")
    profile = outdir / "lo-profile"
    command = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, files),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    pdfs = [outdir / (f.stem + ".pdf") for f in files]
    missing = [p.name for p in pdfs if not p.is_file()]
    assert not missing, f"LibreOffice did not convert: {missing}"
    return pdfs


@pytest.fixture(scope="session")
def example_pdfs(
    example_outputs: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    pdfs = convert_to_pdf(example_outputs, tmp_path_factory.mktemp("pdf"))
    return {pdf.stem: pdf for pdf in pdfs}


@pytest.fixture(scope="session")
def require_client():  # type: ignore[no-untyped-def]
    """The skip-or-fail function, for tests that need a client of their own."""
    return require


@pytest.fixture(scope="session")
def validator() -> Path:
    require(VALIDATOR.is_file(), f"the Open XML validator at {VALIDATOR}")
    return VALIDATOR
