"""The check stage of `docgen build`: findings in the manifest, --strict refuses to write."""

from __future__ import annotations

import json
from pathlib import Path

from tests_support import copy_workspace, run_docgen


def test_manifest_records_findings_for_every_output(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    assert run_docgen(root, "build", "--strict").returncode == 0
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]
    for output in manifest["outputs"]:
        assert output["findings"] == []


def _unit_profile_workspace(tmp_path: Path) -> Path:
    root = copy_workspace(tmp_path / "ws")
    config = root / "docgen.yaml"
    # The unit profile has 30 mm side margins; the committed templates still have 28/26 mm.
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "profile: gbt9704", "profile: profiles/linjiang.yaml"
        ),
        encoding="utf-8",
    )
    return root


def test_strict_build_refuses_outputs_that_break_the_profile(tmp_path: Path) -> None:
    root = _unit_profile_workspace(tmp_path)
    refused = run_docgen(root, "build", "--only", "speech", "--strict")
    assert refused.returncode == 1
    assert "格式检查未通过" in refused.stderr
    assert not any((root / "outputs").glob("*.docx"))
    lenient = run_docgen(root, "build", "--only", "speech")
    assert lenient.returncode == 0
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert any(f["severity"] == "error" for f in manifest["outputs"][0]["findings"])
    # The file and its first error are named, not left to the manifest.
    named = [line for line in lenient.stdout.splitlines() if line.startswith("  格式错误：")]
    assert len(named) == 1 and "在全市作风纪律整治工作推进会上的讲话.docx" in named[0]
    assert "错误 LAYOUT-" in named[0]


def test_roster_rows_are_checked_in_their_worker_processes(tmp_path: Path) -> None:
    root = _unit_profile_workspace(tmp_path)
    refused = run_docgen(root, "build", "--only", "notice", "--jobs", "2", "--strict")
    assert refused.returncode == 1
    assert "格式检查未通过" in refused.stderr
    assert not (root / "outputs").exists() or not any((root / "outputs").rglob("*.docx"))
    assert run_docgen(root, "build", "--only", "notice", "--jobs", "2").returncode == 0
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    rows = manifest["outputs"]
    assert len(rows) > 30
    for record in rows:
        margins = [f for f in record["findings"] if f["severity"] == "error"]
        assert margins and all(f["location"]["file"] == record["output"] for f in margins)


def test_a_build_of_one_document_keeps_the_others_records_while_their_files_stand(
    tmp_path: Path,
) -> None:
    root = copy_workspace(tmp_path / "ws")
    assert run_docgen(root, "build").returncode == 0
    manifest_path = root / "outputs" / "manifest.json"
    before = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert run_docgen(root, "build", "--only", "speech").returncode == 0
    after = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert [r["output"] for r in after["outputs"]] == [r["output"] for r in before["outputs"]]
    plan = next(r for r in before["outputs"] if r["kind"] == "plan")
    # Edited by hand, its record stays what docgen wrote: the next build still sees the edit.
    (root / plan["output"]).write_bytes(b"edited by hand")
    assert run_docgen(root, "build", "--only", "speech").returncode == 0
    last = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert next(r for r in last["outputs"] if r["output"] == plan["output"]) == plan
    (root / plan["output"]).unlink()  # gone: no record
    assert run_docgen(root, "build", "--only", "speech").returncode == 0
    last = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert plan["output"] not in [r["output"] for r in last["outputs"]]
    assert len(last["outputs"]) == len(before["outputs"]) - 1


def test_a_rebuilt_documents_old_pdf_is_not_kept_in_the_manifest(tmp_path: Path) -> None:
    import hashlib

    root = copy_workspace(tmp_path / "ws")
    assert run_docgen(root, "build", "--only", "speech", "--only", "plan").returncode == 0
    manifest_path = root / "outputs" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for record in manifest["outputs"]:  # as a build with --pdf records them
        pdf = record["output"].removesuffix(".docx") + ".pdf"
        (root / pdf).write_bytes(b"%PDF " + pdf.encode())
        record["extra"]["pdf"] = pdf
        digest = hashlib.sha256((root / pdf).read_bytes()).hexdigest()
        manifest["files"].append({"path": pdf, "sha256": digest})
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert run_docgen(root, "build", "--only", "plan").returncode == 0
    after = json.loads(manifest_path.read_text(encoding="utf-8"))
    kinds = {r["output"]: r["kind"] for r in manifest["outputs"]}
    kept = [f["path"].removesuffix(".pdf") + ".docx" for f in after["files"]]
    assert [kinds[path] for path in kept] == ["speech"]
