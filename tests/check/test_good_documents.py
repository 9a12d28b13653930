"""Conforming documents of every kind pass with nothing to report; docgen's own builds pass too."""

from __future__ import annotations

from pathlib import Path

import pytest
from check.corpus import Builder, bulletin, formal, run_check, speech

from docgen.check import inspect
from docgen.layout.profile import load_profile


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("formal notice", lambda: formal(), "formal"),
        ("formal notice, Word character grid", lambda: formal(builder=Builder(grid="chars")), "formal"),
        ("formal notice, red line drawn as a shape", lambda: formal(red_line="shape"), "formal"),
        ("formal notice with attachments", lambda: formal(
            note=("1.临江市安全生产检查表", "2.临江市隐患整改台账"),
            attachments=(("附件1", "临江市安全生产检查表"), ("附件2", "临江市隐患整改台账")),
        ), "formal"),
        ("speech", lambda: speech(), "speech"),
        ("bulletin", lambda: bulletin(), "bulletin"),
    ],
)  # fmt: skip
def test_conforming_document_has_no_findings(name: str, make, kind: str) -> None:  # type: ignore[no-untyped-def]
    data = make().save()
    report = inspect(data, "good.docx", load_profile("gbt9704"))
    assert report.kind == kind
    assert report.findings == [], "\n".join(map(str, report.findings))


def test_every_example_output_of_docgen_build_passes_with_no_errors(
    example_outputs: list[Path],
) -> None:
    profile = load_profile("gbt9704")
    for path in example_outputs:
        findings = inspect(path.read_bytes(), path.name, profile).findings
        errors = [str(f) for f in findings if f.severity == "error"]
        assert not errors, "\n".join(errors)


def test_every_example_output_passes_as_the_kind_it_was_built_as(built_example: Path) -> None:
    """How `docgen build` calls the checker: with the kind's page-number setting as its kind."""
    import json

    from docgen.kinds import get_kind

    profile = load_profile("gbt9704")
    manifest = json.loads((built_example / "outputs" / "manifest.json").read_text("utf-8"))
    for record in manifest["outputs"]:
        path = built_example / record["output"]
        kind = get_kind(record["kind"]).page_numbers
        report = inspect(path.read_bytes(), path.name, profile, kind)
        errors = [str(f) for f in report.findings if f.severity == "error"]
        assert not errors, "\n".join(errors)


def test_forced_kind_overrides_recognition() -> None:
    findings = run_check(speech().save(), kind="formal")
    rules = {f.rule for f in findings}
    # A speech checked as a formal document lacks the 版头's page-number setup and its 版记.
    assert "LAYOUT-IMPRINT-MISSING" in rules
    assert "LAYOUT-PAGENUM-POSITION" in rules
