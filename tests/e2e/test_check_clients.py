"""`docgen check` with real clients: a .docx LibreOffice wrote is read and judged like Word's,
and the copy `--fix` writes is accepted by the OOXML validator and opened by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from check.corpus import acceptance, formal

from docgen.check import check_document
from docgen.check.fix import fix_document
from docgen.layout.profile import load_profile

pytestmark = pytest.mark.e2e


def _soffice(require_client, outdir: Path, target: str, *files: Path) -> None:  # type: ignore[no-untyped-def]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_client(soffice is not None, "LibreOffice (soffice)")
    command = [
        soffice,
        f"-env:UserInstallation=file://{outdir / 'lo-profile'}",
        "--headless",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        *map(str, files),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def test_a_conforming_document_saved_by_libreoffice_still_passes(
    tmp_path: Path, require_client
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in" / "通知.docx"
    source.parent.mkdir()
    source.write_bytes(
        formal(
            note=("1.临江市安全生产检查表", "2.临江市隐患整改台账"),
            attachments=(("附件1", "临江市安全生产检查表"), ("附件2", "临江市隐患整改台账")),
        ).save()
    )
    _soffice(require_client, tmp_path, "docx:MS Word 2007 XML", source)
    saved = (tmp_path / "通知.docx").read_bytes()
    assert saved != source.read_bytes()
    findings = check_document(saved, "通知.docx", load_profile("gbt9704"))
    assert findings == [], "\n".join(map(str, findings))


def test_fixed_copy_passes_the_validator_and_opens_in_libreoffice(
    tmp_path: Path, validator: Path, require_client
) -> None:  # type: ignore[no-untyped-def]
    fixed = tmp_path / "fixed.docx"
    fixed.write_bytes(fix_document(acceptance(), "in.docx").data)
    result = subprocess.run(
        [sys.executable, str(validator), str(fixed)], capture_output=True, text=True, timeout=600
    )
    require_client(result.returncode != 2, f"the Open XML validator ({result.stderr[:200]})")
    assert result.returncode == 0, result.stdout + result.stderr
    _soffice(require_client, tmp_path, "pdf", fixed)
    assert (tmp_path / "fixed.pdf").stat().st_size > 0
