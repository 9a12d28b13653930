"""Specs for `docgen build` on ``each:`` documents: the batch options of `docgen merge`, the fast
path's bytes, failed rows in the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import docx
import pytest
from tests_support import (
    copy_workspace,
    fake_pdf_conversion,
    keep_only_notice,
    run_docgen,
    run_main,
    write_unit_roster,
)

import docgen.pipeline
from docgen.pipeline import BuildOptions, build
from docgen.workspace import open_workspace

UNITS = [("市委组织部", "2026年12月15日"), ("市教育局", None), ("市委办公室/市政府办公室", None)]


def _workspace(tmp_path: Path, rows: list[tuple[object, ...]] = UNITS) -> Path:
    """The example workspace with the notice alone, built for a small roster."""
    root = copy_workspace(tmp_path / "ws")
    write_unit_roster(root / "inputs" / "roster.xlsx", rows)
    keep_only_notice(root, "inputs/roster.xlsx")
    return root


def test_rows_through_the_prepared_template_are_the_one_document_paths_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path)
    fast = {d.path.name: d.data for d in build(open_workspace(root)).documents}
    one_by_one = docgen.pipeline.render_docx

    def without_prepared(*args: object, **kwargs: object) -> bytes:
        kwargs["prepared"] = None
        return one_by_one(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(docgen.pipeline, "render_docx", without_prepared)
    slow = {d.path.name: d.data for d in build(open_workspace(root)).documents}
    assert len(fast) == 3
    assert fast == slow


def test_two_processes_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    one = {d.path.name: d.data for d in build(open_workspace(root)).documents}
    two = build(open_workspace(root), options=BuildOptions(jobs=2))
    assert {d.path.name: d.data for d in two.documents} == one
    assert [o.row.position for o in two.batches[0].report.outputs] == [2, 3, 4]


def test_rows_in_spawned_processes_build_the_same_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where there is no fork (Windows, macOS) each worker reads the workspace again."""
    root = _workspace(tmp_path)
    one = build(open_workspace(root))
    monkeypatch.setattr("docgen.processes.FORKS", False)
    two = build(open_workspace(root), options=BuildOptions(jobs=2))
    assert [(d.path.name, d.data) for d in two.documents] == [
        (d.path.name, d.data) for d in one.documents
    ]
    assert [d.record.findings for d in two.documents] == [d.record.findings for d in one.documents]
    assert [o.row.position for o in two.batches[0].report.outputs] == [2, 3, 4]


def test_a_dry_run_names_every_file_and_writes_nothing(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    result = run_docgen(root, "build", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "将生成 outputs/通知/市委办公室／市政府办公室.docx" in result.stdout
    assert "将生成 outputs/manifest.json" in result.stdout
    assert "预演：共将生成 4 个文件" in result.stdout
    assert not (root / "outputs").exists() or not any((root / "outputs").rglob("*"))
    # The preview says what the build would say before the rows.
    said = result.stdout + result.stderr
    assert "问题清单中责任单位「市纪委监委机关」的 5 项任务，名单中没有这个单位" in said


def test_a_dry_run_with_the_later_steps_names_their_files_too(tmp_path: Path) -> None:
    """The whole example: each document's PDF and the plan's 台账, each notice's PDF, the
    combined document and the zip, as the build would name them."""
    root = copy_workspace(tmp_path / "ws")
    result = run_docgen(root, "build", "--dry-run", "--pdf", "--combined", "--zip")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    planned = [line.removeprefix("将生成 ") for line in lines if line.startswith("将生成 ")]
    assert "outputs/临江市作风纪律专项整治问题整改台账.xlsx" in planned
    assert "outputs/作风纪律整治工作简报.pdf" in planned
    assert "outputs/通知/市委组织部.pdf" in planned
    assert planned[-4:] == [
        "outputs/通知/合并打印.docx",
        "outputs/通知/通知.zip",
        ".docgen-state.json",  # the bulletin's 第N期, recorded for good by its first build
        "outputs/manifest.json",
    ]
    notices = sum(line.endswith(".docx") for line in planned if line.startswith("outputs/通知/"))
    assert f"预演：共将生成 {len(planned)} 个文件" in result.stdout
    assert f"另有 {notices - 1} 个 PDF、「合并打印.docx」、「通知.zip」" in result.stdout
    assert "格式检查：0 条发现" in result.stdout
    built = run_docgen(root, "build", "--pdf", "--combined", "--zip")
    assert built.returncode == 0, built.stderr
    made = [p.relative_to(root).as_posix() for p in (root / "outputs").rglob("*") if p.is_file()]
    assert sorted([*made, ".docgen-state.json"]) == sorted(planned)
    assert (root / ".docgen-state.json").is_file()


def test_a_dry_run_fails_the_rows_the_build_would_fail_and_names_no_file_for_them(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path, [("市委组织部", None), (None, "2026年12月15日")])
    result = run_docgen(root, "build", "--dry-run")
    assert result.returncode == 1
    said = "inputs/roster.xlsx：工作表「单位」第3行：缺少必填字段「单位名称」（主送单位）"
    assert f"会失败：{said}\n" in result.stderr
    assert "将生成 outputs/通知/市委组织部.docx" in result.stdout
    assert "第3行.docx" not in result.stdout  # the name it would have had, were it built
    assert "预演：共将生成 2 个文件" in result.stdout
    assert "notice：预演：共 2 行，将生成 1 个文件" in result.stdout
    assert not (root / "outputs").exists() or not any((root / "outputs").rglob("*"))


def test_failed_rows_are_recorded_in_the_manifest_with_their_reason(tmp_path: Path) -> None:
    root = _workspace(tmp_path, [("市委组织部", None), (None, "2026年12月15日")])
    result = run_docgen(root, "build")
    assert result.returncode == 1
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    (failed,) = manifest["failed"]
    assert failed["document"] == "notice" and failed["row"] == 3
    assert "第3行" in failed["source"]
    assert failed["error"] == "缺少必填字段「单位名称」（主送单位）"  # the row is said once
    said = "inputs/roster.xlsx：工作表「单位」第3行：缺少必填字段「单位名称」（主送单位）"
    assert f"失败：{said}\n" in result.stderr


def test_combined_and_zip_come_beside_the_batch_and_in_the_manifest(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    result = run_docgen(root, "build", "--combined", "--zip")
    assert result.returncode == 0, result.stderr
    folder = root / "outputs" / "通知"
    combined = docx.Document(str(folder / "合并打印.docx"))
    assert len(combined.sections) >= 3  # each notice starts its own section, numbered from 1
    notices = [p for p in folder.glob("*.docx") if p.name != "合并打印.docx"]
    checked = run_docgen(root, "check", str(folder / "合并打印.docx"))
    assert checked.returncode == 0, checked.stdout  # each notice checked on its own
    assert f"合并文档共 {len(notices)} 份，逐份检查" in checked.stdout
    with zipfile.ZipFile(folder / "通知.zip") as archive:
        names = set(archive.namelist())
    assert {"市委组织部.docx", "市教育局.docx", "合并打印.docx"} <= names
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in manifest["files"]} == {
        "outputs/通知/合并打印.docx",
        "outputs/通知/通知.zip",
    }


def test_pdf_converts_each_folder_in_one_libreoffice_run(tmp_path: Path) -> None:
    from docgen.write.pdf import soffice_path

    if soffice_path() is None:
        if os.environ.get("DOCGEN_REQUIRE_CLIENTS") == "1":
            pytest.fail("LibreOffice is required here")
        pytest.skip("no LibreOffice")
    root = _workspace(tmp_path, UNITS[:2])
    result = run_docgen(root, "build", "--pdf", "-q")
    assert result.returncode == 0, result.stderr
    pdfs = sorted(p.name for p in (root / "outputs" / "通知").glob("*.pdf"))
    assert pdfs == ["市委组织部.pdf", "市教育局.pdf"]
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert {r["extra"]["pdf"] for r in manifest["outputs"]} == {
        "outputs/通知/市委组织部.pdf",
        "outputs/通知/市教育局.pdf",
    }


def test_libreoffice_failing_after_the_documents_are_written_says_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.errors import DocgenError

    def broken(files: object, folder: object) -> dict[Path, Path | None]:
        raise DocgenError("无法启动 LibreOffice")

    monkeypatch.setattr("docgen.write.pdf.require_soffice", lambda *_: "soffice")
    monkeypatch.setattr("docgen.write.pdf.convert_to_pdf", broken)
    root = copy_workspace(tmp_path / "ws")
    with pytest.raises(DocgenError) as raised:
        build(open_workspace(root), options=BuildOptions(pdf=True))
    assert raised.value.wrote_files
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert all((root / record["output"]).is_file() for record in manifest["outputs"])
    assert len(manifest["outputs"]) > 3


def test_a_document_libreoffice_cannot_convert_fails_alone_and_the_others_get_their_pdfs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Like a batch's rows: the plan's PDF failing neither stops the notices' PDFs nor the rest."""

    def fails_on_the_plan(files: list[Path], folder: Path) -> dict[Path, Path | None]:
        made: dict[Path, Path | None] = {}
        for file in files:
            pdf = None if "整改方案" in file.name else folder / (file.stem + ".pdf")
            if pdf is not None:
                pdf.write_bytes(b"%PDF-1.4 " + file.name.encode())
            made[file] = pdf
        return made

    monkeypatch.setattr("docgen.write.pdf.require_soffice", lambda *_: "soffice")
    monkeypatch.setattr("docgen.write.pdf.convert_to_pdf", fails_on_the_plan)
    root = copy_workspace(tmp_path / "ws")
    result = build(open_workspace(root), options=BuildOptions(pdf=True))
    ((name, failed),) = result.failed_steps
    assert name == "plan"
    assert "整改方案.docx" in str(failed) and "未能把它转换为 PDF" in str(failed)
    pdfs = {p.name for p in (root / "outputs").rglob("*.pdf")}
    assert len(pdfs) == len(result.documents) - 1
    assert {p.name for p in result.extra_files} == pdfs
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    (record,) = manifest["failed"]
    assert record["document"] == "plan" and "未能把它转换为 PDF" in record["error"]
    with_pdf = [r["name"] for r in manifest["outputs"] if "pdf" in (r.get("extra") or {})]
    assert len(with_pdf) == len(result.documents) - 1 and "plan" not in with_pdf

    monkeypatch.chdir(root)
    code, stderr = run_main(monkeypatch, capsys, "build", "--pdf", "-q")
    assert code == 1
    assert "失败：outputs/临江市作风纪律专项整治问题整改方案.docx：LibreOffice 未能" in stderr


def test_a_row_never_takes_the_name_of_another_document_or_of_the_combined_one(
    tmp_path: Path,
) -> None:
    root = copy_workspace(tmp_path / "ws")
    config = (root / "docgen.yaml").read_text(encoding="utf-8")
    (root / "docgen.yaml").write_text(
        config.replace('"通知/{{ 单位名称 }}.docx"', '"{{ 单位名称 }}.docx"'), encoding="utf-8"
    )
    write_unit_roster(
        root / "inputs" / "units.xlsx", [("作风纪律整治工作简报", None), ("合并打印", None)]
    )
    result = build(open_workspace(root), options=BuildOptions(combined=True))
    names = [o.file for o in result.batches[0].report.outputs]
    assert names == ["作风纪律整治工作简报-2.docx", "合并打印-2.docx"]
    bulletin = docx.Document(str(root / "outputs" / "作风纪律整治工作简报.docx"))
    assert "简报" in "".join(p.text for p in bulletin.paragraphs[:8])
    # Docs review: built again without --combined, the row still leaves the combined
    # document the last build wrote where it is.
    combined = root / "outputs" / "合并打印.docx"
    before = combined.read_bytes()
    again = build(open_workspace(root))
    assert [o.file for o in again.batches[0].report.outputs][1] == "合并打印-2.docx"
    assert combined.read_bytes() == before


@pytest.mark.parametrize(
    ("output", "said"),
    [
        ('"通知/{{ 备注 }}.docx"', "output 用到「备注」，但名单"),
        ('"通知/固定.docx"', "output 中要有列名占位符"),
    ],
)
def test_an_output_pattern_that_cannot_fit_the_roster_fails_once_before_the_rows(
    tmp_path: Path, output: str, said: str
) -> None:
    root = _workspace(tmp_path)
    config = (root / "docgen.yaml").read_text(encoding="utf-8")
    (root / "docgen.yaml").write_text(
        config.replace('"通知/{{ 单位名称 }}.docx"', output), encoding="utf-8"
    )
    result = run_docgen(root, "build")
    assert result.returncode == 1 and said in result.stderr and "docgen.yaml" in result.stderr
    assert result.stderr.count("错误：") == 1


def test_a_deadline_before_the_signing_date_fails_its_row_and_another_year_is_written_out(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path, [("市委组织部", "2025年1月1日"), ("市教育局", "2027年1月15日")])
    result = build(open_workspace(root))
    (failure,) = result.batches[0].report.failures
    assert "早于发文日期" in str(failure) and "第2行" in str(failure)
    (document,) = result.documents
    text = "".join(p.text for p in docx.Document(str(document.path)).paragraphs)
    assert "2027年1月15日前" in text


def test_units_named_twice_and_tasks_no_unit_receives_are_said_before_the_rows(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path, [("市教育局", None), ("市教育局", None)])
    result = build(open_workspace(root))
    notes = result.batches[0].report.notes
    assert any("「市教育局」出现了 2 次（第2、3行）" in n for n in notes), notes
    assert any("名单中没有这个单位，不会写进任何通知" in n for n in notes), notes
    # Clerk review 16: the last line said nothing of them among the progress.
    said = str(result.batches[0].report)
    assert said.endswith(f"；另有 {len(notes)} 条注意事项（见上方，清单中也有记录）。"), said
    # A dry run writes no manifest to record them in (clerk review 18).
    (batch,) = build(open_workspace(root), options=BuildOptions(dry_run=True)).batches
    said = str(batch.report)
    assert said.endswith(f"；另有 {len(notes)} 条注意事项，见上方（未写入任何文件）。"), said


def test_a_blank_cell_in_the_output_pattern_names_the_row_by_its_number_as_merge_does(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path)
    config = root / "docgen.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("{{ 单位名称 }}.docx", "{{ 报送截止日期 }}.docx"), "utf-8")
    result = build(open_workspace(root))
    (batch,) = result.batches
    assert batch.report.exit_code == 0
    assert sorted(d.path.name for d in result.documents) == [
        "2026年12月15日.docx",
        "第3行.docx",
        "第4行.docx",
    ]


def test_a_build_that_fails_on_another_document_says_nothing_of_the_batchs_old_files(
    tmp_path: Path,
) -> None:
    """A build writes all or nothing: when one document fails, the batch's notes on what the
    build left in its folder would describe files that stay as they were."""
    root = _workspace(tmp_path)
    assert run_docgen(root, "build").returncode == 0
    write_unit_roster(root / "inputs" / "roster.xlsx", UNITS[:2])
    (root / "inputs" / "空的.yaml").write_text("title: 讲话\n", encoding="utf-8")
    with (root / "docgen.yaml").open("a", encoding="utf-8") as config:
        config.write("  - name: speech\n    kind: speech\n    input: inputs/空的.yaml\n")
        config.write("    output: 讲话.docx\n")
    result = run_docgen(root, "build")
    assert result.returncode == 1 and "未写入任何文件" in result.stderr
    assert "没有重新生成" not in result.stdout + result.stderr
    assert "市委办公室／市政府办公室.docx" not in result.stdout + result.stderr


def test_a_unit_taken_off_the_roster_leaves_its_old_notice_pointed_out(tmp_path: Path) -> None:
    root = _workspace(tmp_path)

    def left_over(result: object) -> list[str]:
        notes = result.batches[0].report.notes  # type: ignore[attr-defined]
        return [note for note in notes if "本次没有重新生成" in note]

    assert left_over(build(open_workspace(root))) == []
    write_unit_roster(root / "inputs" / "roster.xlsx", UNITS[:2])
    stale = "市委办公室／市政府办公室.docx"
    expected = [f"「{stale}」是上次生成的文件，本次没有重新生成，仍留在目录里（发送前请删除）"]
    assert left_over(build(open_workspace(root))) == expected
    assert (root / "outputs" / "通知" / stale).is_file()  # never deleted: it may be needed
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert [n for n in manifest["notes"] if "本次没有重新生成" in n["note"]] == [
        {"document": "notice", "note": expected[0]}
    ]
    assert left_over(build(open_workspace(root))) == expected  # until someone removes it
    (root / "outputs" / "通知" / stale).unlink()
    assert left_over(build(open_workspace(root))) == []


def test_a_document_of_the_users_own_in_the_notices_folder_is_never_overwritten(
    tmp_path: Path,
) -> None:
    """Put there before the first build, or after one: no build wrote it, so it is the user's."""
    root = _workspace(tmp_path, UNITS[:2])
    folder = root / "outputs" / "通知"
    folder.mkdir(parents=True)
    own = folder / "市教育局.docx"
    own.write_bytes(b"the clerk's own notice")
    (folder / "~$教育局.docx").write_bytes(b"Word's lock file")  # not a document: no rename
    for _ in range(2):  # the second build knows 市教育局-2.docx as its own
        (batch,) = build(open_workspace(root)).batches
        assert [o.file for o in batch.report.outputs] == ["市委组织部.docx", "市教育局-2.docx"]
        said = [note for note in batch.report.notes if "没有 docgen 的生成记录" in note]
        assert [note.split("第3行：", 1)[1] for note in said] == [
            "目录中原有的「市教育局.docx」没有 docgen 的生成记录，保留未覆盖；本次生成为「市教育局-2.docx」"
        ]
        assert own.read_bytes() == b"the clerk's own notice"


def test_a_row_failing_in_two_builds_in_a_row_overwrites_its_old_notice_once_fixed(
    tmp_path: Path,
) -> None:
    """Its old file stays the build's own (the manifest's ``left``), not the user's."""
    root = _workspace(tmp_path, UNITS[:2])
    build(open_workspace(root))
    old = root / "outputs" / "通知" / "市教育局.docx"
    written = old.read_bytes()
    for _ in range(2):
        write_unit_roster(root / "inputs" / "roster.xlsx", [UNITS[0], ("市教育局", "2020年1月1日")])
        (batch,) = build(open_workspace(root)).batches
        assert [o.file for o in batch.report.outputs] == ["市委组织部.docx"]
        assert old.read_bytes() == written
        manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["left"] == [
            {
                "document": "notice",
                "path": "outputs/通知/市教育局.docx",
                "row": 3,  # the row that failed: its "-N", were it one, stays its own
                "sha256": hashlib.sha256(written).hexdigest(),
            }
        ]
    write_unit_roster(root / "inputs" / "roster.xlsx", UNITS[:2])
    (batch,) = build(open_workspace(root)).batches
    assert [o.file for o in batch.report.outputs] == ["市委组织部.docx", "市教育局.docx"]
    assert not any("-2" in note for note in batch.report.notes)
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert "left" not in manifest


def test_every_input_of_a_build_is_read_once_and_recorded_with_the_digest_of_those_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from tests_support import count_reads

    root = copy_workspace(tmp_path / "ws")
    reads = count_reads(monkeypatch)
    result = build(open_workspace(root))
    inputs = {
        record.path: record.sha256 for doc in result.documents for record in doc.record.inputs
    }
    assert {"inputs/units.xlsx", "inputs/meeting.yaml"} <= set(inputs)
    for shown, digest in inputs.items():
        path = (root / shown).resolve()
        assert digest == hashlib.sha256(path.open("rb").read()).hexdigest(), shown
        assert reads.count(path) == 1, shown


def test_a_unit_listed_twice_keeps_each_rows_notice_when_one_of_them_is_edited(
    tmp_path: Path,
) -> None:
    rows = [("市教育局", None), ("市委组织部", None), ("市教育局", "2026年12月20日")]
    root = _workspace(tmp_path, rows)
    first = build(open_workspace(root)).batches[0].report.outputs
    assert [o.file for o in first] == ["市教育局.docx", "市委组织部.docx", "市教育局-2.docx"]
    folder = root / "outputs" / "通知"
    row_4 = (folder / "市教育局-2.docx").read_bytes()
    (folder / "市教育局.docx").write_bytes((folder / "市教育局.docx").read_bytes() + b"\0")
    again = build(open_workspace(root)).batches[0].report.outputs
    assert {o.row.position: o.file for o in again} == {
        2: "市教育局-3.docx",
        3: "市委组织部.docx",
        4: "市教育局-2.docx",  # row 4's file stays row 4's
    }
    assert (folder / "市教育局-2.docx").read_bytes() == row_4


def test_a_notice_edited_by_hand_after_the_build_is_kept_and_the_row_writes_beside_it(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path)
    assert run_docgen(root, "build").returncode == 0
    edited = root / "outputs" / "通知" / "市教育局.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")  # saved again from Word, say
    kept = edited.read_bytes()
    result = run_docgen(root, "build")
    assert result.returncode == 0, result.stderr
    assert edited.read_bytes() == kept
    assert (root / "outputs" / "通知" / "市教育局-2.docx").is_file()
    said = "「市教育局.docx」在此前生成后被修改过，保留未覆盖；本次生成为「市教育局-2.docx」"
    assert said in result.stdout + result.stderr
    assert "「市教育局.docx」是上次生成的文件" not in result.stdout + result.stderr
    again = run_docgen(root, "build")  # the next build keeps to the same names
    assert again.returncode == 0
    assert edited.read_bytes() == kept
    assert sorted(p.name for p in edited.parent.glob("市教育局*")) == [
        "市教育局-2.docx",
        "市教育局.docx",
    ]
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edited"] == [{"document": "notice", "path": "outputs/通知/市教育局.docx"}]
    edited.unlink()  # once the user has moved it away, the row takes its name back
    assert run_docgen(root, "build").returncode == 0
    assert edited.is_file() and "edited" not in json.loads(
        (root / "outputs" / "manifest.json").read_text(encoding="utf-8")
    )


def test_a_roster_on_another_sheet_is_named_in_docgen_yaml_as_merge_names_it(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    root = _workspace(tmp_path)
    roster = root / "inputs" / "roster.xlsx"
    book = load_workbook(roster)
    book.create_sheet("填表说明", 0).append(("请在「单位」表中填写",))
    book.save(roster)

    unread = run_docgen(root, "build")
    assert unread.returncode == 1
    assert "inputs/roster.xlsx：工作表「填表说明」中没有数据行" in unread.stderr
    assert "docgen.yaml 写 each: {file: 名单.xlsx, sheet: 工作表名}" in unread.stderr

    keep_only_notice(root, "{file: inputs/roster.xlsx, sheet: 单位}")
    result = run_docgen(root, "build")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "outputs" / "通知").iterdir()) == [
        "市委办公室／市政府办公室.docx",
        "市委组织部.docx",
        "市教育局.docx",
    ]
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert {r["extra"]["source"] for r in manifest["outputs"]} == {
        f"inputs/roster.xlsx：工作表「单位」第{n}行" for n in (2, 3, 4)
    }

    keep_only_notice(root, "{file: inputs/roster.xlsx, sheet: 名册}")
    wrong = run_docgen(root, "build")
    assert wrong.returncode == 1
    assert "inputs/roster.xlsx：没有名为「名册」的工作表（有：填表说明、单位）" in wrong.stderr


def test_a_roster_without_the_deadline_column_is_said_to_give_every_unit_the_default(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    root = _workspace(tmp_path)
    book = Workbook()
    book.active.append(("单位名称", "截止日期"))
    book.active.append(("市教育局", "2026年12月31日"))
    book.save(root / "inputs" / "roster.xlsx")
    (notes,) = [n for n in build(open_workspace(root)).batches[0].report.notes if "截止" in n]
    assert notes.startswith(
        "名单中没有「报送截止日期」列，每份通知的截止日期都用 notice.yaml 的 deadline"
    )
    assert notes.endswith(
        "若「截止日期」列是各单位的截止日期，请在 notice.yaml 的 columns 下写 deadline: 截止日期"
    )

    notice = (root / "inputs" / "notice.yaml").read_text(encoding="utf-8")
    (root / "inputs" / "notice.yaml").write_text(
        notice.replace("  deadline: 报送截止日期", "  deadline: 截止日期"), encoding="utf-8"
    )
    (document,) = build(open_workspace(root)).documents
    text = "\n".join(p.text for p in docx.Document(document.path).paragraphs)
    assert "12月31日前" in text


def test_a_deadline_typed_with_its_qian_is_read_as_the_date(tmp_path: Path) -> None:
    root = _workspace(
        tmp_path, [("市教育局", "2026年12月31日前"), ("市公安局", "2027年1月5日之前")]
    )
    documents = build(open_workspace(root)).documents
    texts = ["\n".join(p.text for p in docx.Document(d.path).paragraphs) for d in documents]
    assert any("于12月31日前" in t for t in texts) and any("于2027年1月5日前" in t for t in texts)
    assert not any("前前" in t for t in texts)


def test_a_second_build_of_a_workspace_being_built_is_refused_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from docgen.write.files import folder_lock

    root = _workspace(tmp_path)
    monkeypatch.chdir(root)
    with folder_lock(root):
        code, said = run_main(monkeypatch, capsys, "build")
    assert code == 1
    assert "另一个 docgen build 正在生成这个工作区的文档" in said
    assert not (root / "outputs").exists()
    assert build(open_workspace(root)).manifest.is_file()  # the lock went with the first


def test_a_notice_edited_by_hand_stays_kept_through_a_build_of_another_document(
    tmp_path: Path,
) -> None:
    """This week's bulletin built alone must not make the next full build forget the edit."""
    root = copy_workspace(tmp_path / "ws")
    build(open_workspace(root))
    edited = root / "outputs" / "通知" / "市教育局.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")
    kept = edited.read_bytes()
    build(open_workspace(root), only=["speech"])
    (batch,) = build(open_workspace(root)).batches
    assert edited.read_bytes() == kept
    assert (root / "outputs" / "通知" / "市教育局-2.docx").is_file()
    assert any("「市教育局.docx」在此前生成后被修改过" in note for note in batch.report.notes)


def test_a_notices_pdf_replaced_by_a_stamped_copy_is_kept_and_the_row_writes_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pdf_conversion(monkeypatch)
    root = _workspace(tmp_path, UNITS[:2])
    build(open_workspace(root), options=BuildOptions(pdf=True))
    stamped = root / "outputs" / "通知" / "市教育局.pdf"
    stamped.write_bytes(b"%PDF-1.4 scanned with the seal")
    (batch,) = build(open_workspace(root), options=BuildOptions(pdf=True)).batches
    assert stamped.read_bytes() == b"%PDF-1.4 scanned with the seal"
    assert [o.file for o in batch.report.outputs] == ["市委组织部.docx", "市教育局-2.docx"]
    said = "「市教育局.pdf」在此前生成后被修改过，保留未覆盖；本次生成为「市教育局-2.docx」"
    assert any(note.endswith(said) for note in batch.report.notes)
    # Its document stays too, said as the stamped PDF's pair rather than as a file to delete.
    pair = [note for note in batch.report.notes if note.startswith("「市教育局.docx」")]
    assert pair == [
        "「市教育局.docx」是上次生成的文件，目录中的 PDF「市教育局.pdf」此后被修改过（如盖章后替换），"
        "两份都保留未动；这一行本次生成的是新文件（见上）"
    ]


def test_with_two_roster_documents_each_note_on_earlier_files_names_its_document(
    tmp_path: Path,
) -> None:
    """The notes on earlier files come after every batch; with two, a bare file name could be
    either folder's."""
    root = _workspace(tmp_path)
    with (root / "docgen.yaml").open("a", encoding="utf-8") as config:
        config.write(
            "  - name: receipt\n    kind: notice\n    input: inputs/notice.yaml\n"
            "    each: inputs/roster.xlsx\n"
            '    output: "回执/{{ 单位名称 }}.docx"\n'
        )
    build(open_workspace(root))
    write_unit_roster(root / "inputs" / "roster.xlsx", UNITS[:2])
    told: list[str] = []
    options = BuildOptions(listener=lambda kind, said: told.append(said) if kind == "note" else 0)
    result = build(open_workspace(root), options=options)
    stale = "「市委办公室／市政府办公室.docx」是上次生成的文件，本次没有重新生成"
    assert [note.partition(stale)[0] for note in told if stale in note] == ["notice：", "receipt："]
    # The manifest names each note's document in its own field.
    in_manifest = [[n for n in b.report.notes if stale in n] for b in result.batches]
    assert [[note.startswith(stale) for note in notes] for notes in in_manifest] == [[True], [True]]


def test_a_pdf_of_the_users_own_beside_a_notice_is_said_as_its_pair_not_a_file_to_delete(
    tmp_path: Path,
) -> None:
    """A stamped copy the clerk put there, with no --pdf build before it."""
    root = _workspace(tmp_path, UNITS[:2])
    build(open_workspace(root))
    stamped = root / "outputs" / "通知" / "市教育局.pdf"
    stamped.write_bytes(b"%PDF-1.4 scanned with the seal")

    def pair(result: object) -> list[str]:
        notes = result.batches[0].report.notes  # type: ignore[attr-defined]
        return [note for note in notes if note.startswith("「市教育局.docx」")]

    said = "「市教育局.docx」是上次生成的文件，目录中的 PDF「市教育局.pdf」没有 docgen 的生成记录（如盖章后替换），两份都保留未动；"
    assert pair(build(open_workspace(root))) == [said + "这一行本次生成的是新文件（见上）"]
    # The unit taken off the roster: no new file, and none is claimed.
    write_unit_roster(root / "inputs" / "roster.xlsx", [u for u in UNITS[:2] if u[0] != "市教育局"])
    assert pair(build(open_workspace(root))) == [said + "本次没有重新生成这一份"]
    assert stamped.read_bytes() == b"%PDF-1.4 scanned with the seal"


def test_a_combined_document_a_build_does_not_make_again_is_said_and_replaced_later(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path, UNITS[:2])
    build(open_workspace(root), options=BuildOptions(combined=True))
    combined = root / "outputs" / "通知" / "合并打印.docx"
    old = combined.read_bytes()
    write_unit_roster(root / "inputs" / "roster.xlsx", UNITS[:3])
    (batch,) = build(open_workspace(root)).batches
    assert combined.read_bytes() == old
    assert [note for note in batch.report.notes if "合并打印" in note] == [
        "「合并打印.docx」是上次的合并打印文件，本次没有重新合并，其中仍是上次的各份文档"
        "（打印前请删除，或加 --combined 重新合并）"
    ]
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert [(r["path"], r["step"]) for r in manifest["left"]] == [
        ("outputs/通知/合并打印.docx", "combined")
    ]
    (batch,) = build(open_workspace(root), options=BuildOptions(combined=True)).batches
    assert batch.report.extra_files == ["合并打印.docx"]  # the build's own: replaced
    assert not [note for note in batch.report.notes if "合并打印" in note]
    assert combined.read_bytes() != old


def test_the_rows_pdfs_a_build_does_not_make_again_are_no_combined_document_or_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They are the rows' own: said as PDFs not converted again, and still the build's."""
    root = _workspace(tmp_path, UNITS[:2])
    fake_pdf_conversion(monkeypatch)
    build(open_workspace(root), options=BuildOptions(pdf=True))
    (batch,) = build(open_workspace(root)).batches
    assert not [note for note in batch.report.notes if "压缩包" in note or "合并打印" in note]
    assert batch.report.left_files == {}
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert not [record for record in manifest.get("left", []) if "step" in record]
    (again,) = build(open_workspace(root), options=BuildOptions(pdf=True)).batches
    assert [o.file for o in again.report.outputs] == [o.file for o in batch.report.outputs]


def test_a_combined_document_edited_by_hand_is_kept_and_the_next_is_written_beside_it(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path, UNITS[:2])
    build(open_workspace(root), options=BuildOptions(combined=True))
    combined = root / "outputs" / "通知" / "合并打印.docx"
    combined.write_bytes(combined.read_bytes() + b"\0")
    kept = combined.read_bytes()
    for _ in range(2):  # the second time, 合并打印-2.docx is the build's own
        (batch,) = build(open_workspace(root), options=BuildOptions(combined=True)).batches
        assert combined.read_bytes() == kept
        assert batch.report.extra_files == ["合并打印-2.docx"]
        said = [note for note in batch.report.notes if "合并打印" in note]
        assert said == [
            "目录中的「合并打印.docx」不是上次生成时的原样（生成后被修改过，或是另外放入的），"
            "保留未覆盖；本次生成为「合并打印-2.docx」"
        ]


def test_a_unit_column_the_roster_lacks_stops_the_batch_before_its_rows(tmp_path: Path) -> None:
    """notice.yaml naming a unit column the roster does not have fails before any row, at
    columns.unit, with the column meant — not once per row as a blank 主送."""
    root = _workspace(tmp_path)
    notice = (root / "inputs" / "notice.yaml").read_text(encoding="utf-8")
    assert "  unit: 单位名称" in notice
    (root / "inputs" / "notice.yaml").write_text(
        notice.replace("  unit: 单位名称", "  unit: 单位"), encoding="utf-8"
    )
    result = run_docgen(root, "build")
    assert result.returncode == 1
    assert "inputs/notice.yaml:" in result.stderr and "字段 columns.unit" in result.stderr
    assert "名单中没有「单位」列" in result.stderr and "是不是「单位名称」" in result.stderr
    assert "缺少必填字段" not in result.stderr + result.stdout
    assert not list((root / "outputs").rglob("*.docx"))


def test_a_unit_column_renamed_in_the_roster_is_said_for_the_file_names_and_the_unit_at_once(
    tmp_path: Path,
) -> None:
    """Clerk review 16: the roster's 单位名称 renamed 单位 was said for output's pattern; once
    that was fixed, a second run said it for columns.unit. Both are said in one run."""
    from openpyxl import load_workbook

    root = _workspace(tmp_path)
    roster = root / "inputs" / "roster.xlsx"
    book = load_workbook(roster)
    book.active["A1"] = "单位"
    book.save(roster)
    result = run_docgen(root, "build")
    assert result.returncode == 1
    assert "docgen.yaml:12：output 用到「单位名称」" in result.stderr
    assert "字段 columns.unit：名单中没有「单位名称」列" in result.stderr
    # The header may be the typo: either way is said (clerk review 16).
    assert "或把名单表头中的「单位」改为「单位名称」" in result.stderr
    assert "或把表头中的「单位」改为「单位名称」" in result.stderr
    assert "共 2 处错误" in result.stderr
    assert not list((root / "outputs").rglob("*.docx"))


def test_a_template_open_in_word_is_said_once_for_the_batch(tmp_path: Path) -> None:
    """Word's owner file beside the template: its unsaved edits will not be in the notices."""
    root = _workspace(tmp_path)
    (root / "templates" / "~$notice.docx").write_bytes(b"\x00" * 162)
    result = run_docgen(root, "build")
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stdout.splitlines() if "正在 Word" in line]
    assert said == [
        "提示：模板 templates/notice.docx：正在 Word、Excel 或 WPS 中打开："
        "读取的是最后一次保存的内容，未保存的修改不会生效（请先保存）"
    ]


def test_a_problem_list_open_in_excel_is_said_for_the_batch(tmp_path: Path) -> None:
    """Clerk review 16: the roster open in Excel was said, the problem list — which decides
    each unit's tasks — was not."""
    root = _workspace(tmp_path)
    (root / "inputs" / "~$problems.xlsx").write_bytes(b"\x00" * 165)
    (batch,) = build(open_workspace(root)).batches
    assert (
        "inputs/problems.xlsx：问题清单正在 Word、Excel 或 WPS 中打开：读取的是最后一次保存的内容，"
        "未保存的修改不会生效（请先保存）"
    ) in batch.report.notes


def test_a_document_renamed_in_docgen_yaml_keeps_its_files_and_a_new_folder_is_said(
    tmp_path: Path,
) -> None:
    """A clerk renames the document (notice → jiaoban): its notices are still the build's own,
    overwritten in place, not kept as the user's beside "-2" copies. Then its folder changes:
    the old folder's notices stay, said once."""
    root = _workspace(tmp_path, UNITS[:2])
    build(open_workspace(root))
    config = root / "docgen.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("name: notice", "name: jiaoban"),
        encoding="utf-8",
    )
    (batch,) = build(open_workspace(root)).batches
    assert [o.file for o in batch.report.outputs] == ["市委组织部.docx", "市教育局.docx"]
    assert not [note for note in batch.report.notes if "生成记录" in note]
    assert sorted(p.name for p in (root / "outputs" / "通知").iterdir()) == [
        "市委组织部.docx",
        "市教育局.docx",
    ]
    config.write_text(
        config.read_text(encoding="utf-8").replace('"通知/', '"交办通知/'), encoding="utf-8"
    )
    (batch,) = build(open_workspace(root)).batches
    assert [note for note in batch.report.notes if "输出文件夹" in note] == [
        "jiaoban 的输出文件夹已改为「outputs/交办通知」：上次生成在「outputs/通知」的 2 个文件"
        "仍留在那里，本次不会改动（发送前请确认，不需要时可删除）"
    ]
    assert len(list((root / "outputs" / "通知").iterdir())) == 2


def test_a_misspelt_fragment_is_one_error_before_any_row(tmp_path: Path) -> None:
    from docgen.errors import DocgenError

    root = _workspace(tmp_path, UNITS[:2])
    settings = root / "inputs" / "notice.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("fragment: notice.requirements", "fragment: notice.requirement"),
        encoding="utf-8",
    )
    with pytest.raises(DocgenError) as caught:
        build(open_workspace(root))
    assert "没有 id 为 'notice.requirement' 的片段（是否是 notice.requirements？）" in str(
        caught.value
    )
    assert caught.value.location.file == "inputs/notice.yaml"
    assert not (root / "outputs").exists()


def test_format_errors_are_said_under_quiet_too(tmp_path: Path) -> None:
    """-q hides progress and the files made, not what is wrong with them."""
    from openpyxl import load_workbook

    root = _workspace(tmp_path, UNITS[:1])
    book = load_workbook(root / "inputs" / "problems.xlsx")
    sheet = book.active
    unit_column = [c.value for c in sheet[2]].index("责任单位") + 1
    problem_column = [c.value for c in sheet[2]].index("问题表现") + 1
    row = next(
        r for r in range(3, sheet.max_row + 1) if sheet.cell(r, unit_column).value == "市委组织部"
    )
    sheet.cell(row, problem_column).value += ",存在问题"  # a half-width comma in Chinese text
    book.save(root / "inputs" / "problems.xlsx")
    for flags in (["-q"], ["-q", "--dry-run"]):
        quiet = run_docgen(root, "build", *flags)
        assert quiet.returncode == 0
        assert "格式错误：outputs/通知/市委组织部.docx" in quiet.stdout + quiet.stderr
        assert "已生成" not in quiet.stdout


def test_a_single_document_taken_out_of_docgen_yaml_is_no_rows_file(tmp_path: Path) -> None:
    """Notices written beside the other documents (output "{{ 单位名称 }}.docx"): the speech
    taken out of docgen.yaml is not said to be one of theirs."""
    root = _workspace(tmp_path, UNITS[:1])
    config = root / "docgen.yaml"
    notice_only = config.read_text(encoding="utf-8").replace('"通知/{{', '"{{')
    speech = (
        "  - name: speech\n    kind: speech\n    input: inputs/meeting.yaml\n"
        "    output: 讲话.docx\n"
    )
    config.write_text(notice_only + speech, encoding="utf-8")
    build(open_workspace(root))
    config.write_text(notice_only, encoding="utf-8")
    (batch,) = build(open_workspace(root)).batches
    assert not [note for note in batch.report.notes if "讲话.docx" in note]
    assert (root / "outputs" / "讲话.docx").is_file()


def test_a_manifest_edited_by_hand_does_not_stop_the_build(tmp_path: Path) -> None:
    """A record whose document name is a list: no batch's, and no traceback."""
    root = _workspace(tmp_path, UNITS[:1])
    build(open_workspace(root))
    manifest = root / "outputs" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["outputs"].append({"name": ["x"], "output": "outputs/通知/x.docx", "extra": {"pdf": []}})
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (batch,) = build(open_workspace(root)).batches
    assert [o.file for o in batch.report.outputs] == ["市委组织部.docx"]
