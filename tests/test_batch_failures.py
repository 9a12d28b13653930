"""Specs for a batch when the world fails it: a full or read-only output folder, LibreOffice that
will not start, Ctrl-C. Every case ends with a Chinese message, whole files and a manifest."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from docxtpl_support import paragraphs_template, write_roster
from tests_support import run_main

from docgen.batch import OVER_LIMITS, BatchOptions, merge
from docgen.batch.report import RUN_AGAIN
from docgen.cli import cli
from docgen.errors import DocgenError, OutputError

UNITS = [{"单位名称": f"单位{i}"} for i in range(1, 9)]


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}："))
    return template, write_roster(tmp_path / "units.xlsx", UNITS, ["单位名称"])


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".tmp")


SLOW = "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"


def _slow_inputs(tmp_path: Path) -> tuple[Path, Path]:
    """A template looping for hours in every row, and a roster of a few units."""
    template = tmp_path / "慢.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}：" + SLOW))
    return template, write_roster(tmp_path / "units.xlsx", UNITS, ["单位名称"])


def test_a_template_slow_for_every_row_stops_the_batch_after_three_timeouts(
    tmp_path: Path,
) -> None:
    """Each row its full time limit would hold a roster of hundreds for hours."""
    from docgen.render.limits import RenderLimits

    template, roster = _slow_inputs(tmp_path)
    out = tmp_path / "out"
    limits = RenderLimits(seconds=0.1, max_iterations=10**12)
    report = merge(template, roster, BatchOptions(out, limits=limits))
    assert [f.row.position for f in report.failures if f.row] == [2, 3, 4]
    assert all("渲染超时" in str(f) for f in report.failures)
    assert report.outputs == [] and report.exit_code == 1
    assert "已有 3 行超出渲染的安全限制（时间、循环次数或输出大小），批次已停止" in str(report)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "安全限制" in manifest["stopped"] and len(manifest["failed"]) == 3


def test_rows_crossing_the_loop_limit_count_as_well(tmp_path: Path) -> None:
    template, roster = _slow_inputs(tmp_path)
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    assert [f.row.position for f in report.failures if f.row] == [2, 3, 4]
    assert all("循环次数超过上限" in str(f) for f in report.failures)
    assert report.stopped == OVER_LIMITS


def test_a_dry_run_stops_on_the_render_limits_as_the_batch_does_and_says_it_wrote_nothing(
    tmp_path: Path,
) -> None:
    template, roster = _slow_inputs(tmp_path)
    report = merge(template, roster, BatchOptions(tmp_path / "out", dry_run=True))
    assert [f.row.position for f in report.failures if f.row] == [2, 3, 4]
    assert report.stopped == OVER_LIMITS and not (tmp_path / "out").exists()
    said = str(report)
    assert "预演已停止，其余的行未试生成：模板过于耗时或有恶意构造（未写入任何文件）。" in said
    assert "3 行会失败" in said and "清单" not in said


def test_two_rows_timing_out_fail_alone_and_the_third_stops_the_batch(tmp_path: Path) -> None:
    from docgen.render.limits import RenderLimits

    template = tmp_path / "慢.docx"
    slow_rows = ["单位2", "单位4", "单位7"]
    text = f"{{{{ 单位名称 }}}}：{{% if 单位名称 in {slow_rows!r} %}}{SLOW}{{% endif %}}"
    template.write_bytes(paragraphs_template(text))
    roster = write_roster(tmp_path / "units.xlsx", UNITS, ["单位名称"])
    limits = RenderLimits(seconds=0.1, max_iterations=10**12)
    report = merge(template, roster, BatchOptions(tmp_path / "out", limits=limits))
    assert [f.row.position for f in report.failures if f.row] == [3, 5, 8]
    assert [o.file for o in report.outputs] == [f"单位{i}.docx" for i in (1, 3, 5, 6)]
    assert report.stopped == OVER_LIMITS  # 单位8 was not rendered


def test_a_full_disk_stops_the_batch_at_that_row_and_keeps_what_was_written(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    written = [0]

    def filling(handle: int, data: object) -> int:
        written[0] += 1
        if written[0] > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(handle, data)  # type: ignore[arg-type]

    monkeypatch.setattr("docgen.write.names.os.write", filling)
    out = tmp_path / "out"
    report = merge(*inputs, BatchOptions(out))
    assert [o.file for o in report.outputs] == ["单位1.docx", "单位2.docx", "单位3.docx"]
    (failure,) = report.failures  # one line, not one per remaining row
    assert "磁盘空间不足" in str(failure) and "第5行" in str(failure)
    assert report.exit_code == 1 and "批次已停止" in str(report)
    # Clerk review 16: "1 行失败" alone read as nearly done; the rows never made are counted.
    unmade = len(UNITS) - 4
    assert f"1 行失败，{unmade} 行未生成" in str(report) and RUN_AGAIN in str(report)
    assert _leftovers(out) == []
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 3 and "第5行" in manifest["stopped"]


def test_one_file_that_cannot_be_replaced_fails_its_row_only(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def locked(source: str, target: Path) -> None:
        if Path(target).name == "单位2.docx":  # open in Word on the user's machine
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr("docgen.write.names.os.replace", locked)
    out = tmp_path / "out"
    report = merge(*inputs, BatchOptions(out))
    (failure,) = report.failures
    assert "没有访问权限" in str(failure) and report.stopped is None
    assert "正在 Word 或 WPS 中打开" not in str(failure)
    assert len(report.outputs) == len(UNITS) - 1 and _leftovers(out) == []
    (out / "~$单位2.docx").write_bytes(b"\x0bowner")  # as Word on Windows, which locks it
    (failure,) = merge(*inputs, BatchOptions(out)).failures
    assert "没有访问权限（这个文件正在 Word 或 WPS 中打开：关闭后再生成）" in str(failure)


def test_a_step_after_the_rows_that_fails_is_recorded_and_the_documents_stay(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(report: object, files: object, folder: Path, duplex: bool) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "合并打印.docx"))

    monkeypatch.setattr("docgen.batch.finish._combine", full)
    out = tmp_path / "out"
    report = merge(*inputs, BatchOptions(out, combined=True, zip=True))
    (failure,) = report.failures
    assert failure.row is None and "合并打印失败：磁盘空间不足" in str(failure)
    assert "1 个后续步骤失败" in str(report) and "行失败" not in str(report)
    assert len(report.outputs) == len(UNITS) and (out / "out.zip").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == len(UNITS) and len(manifest["failed"]) == 1


@pytest.mark.parametrize("blocker", ["file", "long name"])
def test_an_output_folder_that_cannot_be_made_is_said_in_chinese(
    inputs: tuple[Path, Path],
    tmp_path: Path,
    blocker: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if blocker == "file":
        (tmp_path / "afile").write_text("x")
        out = tmp_path / "afile" / "sub"
        reason = "不是文件夹"
    else:
        out = tmp_path / ("很" * 100)
        reason = "过长"
    with pytest.raises(OutputError, match=reason):
        merge(*inputs, BatchOptions(out))
    code, err = run_main(monkeypatch, capsys, "merge", *inputs, "-o", out)
    assert code == 1 and reason in err and "Traceback" not in err
    assert "未写入任何文件" in err


def test_libreoffice_that_will_not_start_leaves_the_documents_and_says_so(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(files: object, folder: object) -> dict[Path, Path | None]:
        raise DocgenError("无法启动 LibreOffice：[Errno 2] 没有那个文件")

    monkeypatch.setattr("docgen.write.pdf.require_soffice", lambda *_: "soffice")
    monkeypatch.setattr("docgen.write.pdf.convert_to_pdf", broken)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["merge", *map(str, inputs), "-o", str(out), "--pdf"])
    assert result.exit_code == 1
    assert "无法启动 LibreOffice" in result.output and "未写入任何文件" not in result.output
    assert len(list(out.glob("*.docx"))) == len(UNITS)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == len(UNITS)
    assert [f["error"] for f in manifest["failed"]] == [
        "无法启动 LibreOffice：[Errno 2] 没有那个文件"
    ]


def test_libreoffice_that_converts_nothing_is_said_once_not_as_every_rows_failure(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clerk review 17: "已生成 5 个文件，5 行失败" of 5 rows, each "未能把它转换为 PDF"."""

    def converts_nothing(files: list[Path], folder: object) -> dict[Path, Path | None]:
        return dict.fromkeys(files)

    monkeypatch.setattr("docgen.write.pdf.require_soffice", lambda *_: "soffice")
    monkeypatch.setattr("docgen.write.pdf.convert_to_pdf", converts_nothing)
    report = merge(*inputs, BatchOptions(tmp_path / "out", pdf=True))
    (failure,) = report.failures
    assert failure.row is None and "LibreOffice 没有转换出任何 PDF" in str(failure)
    said = str(report)
    assert f"已生成 {len(UNITS)} 个文件，1 个后续步骤失败" in said and "行失败" not in said


def _interrupted_at_the_fourth_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C as the fourth row renders, in this process (no fork: one job runs here)."""
    from docgen.render.fastpath import PreparedTemplate

    monkeypatch.setattr("docgen.processes.FORKS", False)
    render = PreparedTemplate.render
    rendered = [0]

    def interrupted(self: PreparedTemplate, context: dict[str, object]) -> bytes:
        rendered[0] += 1
        if rendered[0] == 4:
            raise KeyboardInterrupt
        return render(self, context)

    monkeypatch.setattr(PreparedTemplate, "render", interrupted)


def test_ctrl_c_in_the_middle_keeps_whole_files_and_a_manifest_of_them(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while a row renders here: where there is no fork, one job runs in this process."""
    _interrupted_at_the_fourth_row(monkeypatch)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        merge(*inputs, BatchOptions(out))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [o["file"] for o in manifest["outputs"]] == ["单位1.docx", "单位2.docx", "单位3.docx"]
    assert manifest["stopped"] == f"已中止（已生成的文件见清单）；{RUN_AGAIN}"
    assert _leftovers(out) == []


def test_ctrl_c_in_a_dry_run_says_how_many_rows_were_not_tried(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code review 23: an interrupted dry run said "将生成 3 个文件" as if it had ended."""
    from docgen.batch.report import Report

    _interrupted_at_the_fourth_row(monkeypatch)
    report = Report()
    with pytest.raises(KeyboardInterrupt):
        merge(*inputs, BatchOptions(tmp_path / "out", dry_run=True), report)
    said = str(report)
    assert f"将生成 3 个文件，{len(UNITS) - 3} 行未试生成；预演已中止" in said, said
    assert not (tmp_path / "out").exists()


def test_ctrl_c_while_a_worker_renders_claims_every_whole_file_it_wrote(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One job renders in a watched worker: Ctrl-C reaches the main process as it takes the
    fourth row's answer; the files the worker had written by then are in the manifest."""
    from docgen.batch.report import Report

    done = Report.done
    answers = [0]

    def interrupted(self: Report, output: object) -> None:
        answers[0] += 1
        if answers[0] == 4:
            raise KeyboardInterrupt
        done(self, output)  # type: ignore[arg-type]

    monkeypatch.setattr(Report, "done", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        merge(*inputs, BatchOptions(out))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = [o["file"] for o in manifest["outputs"]]
    assert listed[:3] == ["单位1.docx", "单位2.docx", "单位3.docx"]
    assert sorted(listed) == sorted(p.name for p in out.glob("*.docx"))
    assert manifest["stopped"] == f"已中止（已生成的文件见清单）；{RUN_AGAIN}"
    assert _leftovers(out) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_sigterm_is_answered_as_ctrl_c_is(tmp_path: Path) -> None:
    """Security review 24: a job's timeout (SIGTERM) ended docgen without its cleanup —
    LibreOffice left running, no manifest. It is answered as Ctrl-C, even when it reaches the
    main process alone (`timeout --foreground`, `kill PID`)."""
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}："))
    roster = tmp_path / "units.csv"
    roster.write_text("单位名称\n" + "".join(f"单位{i}\n" for i in range(20000)), encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "docgen", "merge", str(template), str(roster)]
    process = subprocess.Popen(
        [*command, "-o", str(out), "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 200:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)  # the main process only
    try:
        output = process.communicate(timeout=30)[0].decode("utf-8")
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the batch did not stop within 30 s of SIGTERM")
    assert process.returncode == 128 + signal.SIGTERM, output
    assert "已中止" in output and "Traceback" not in output
    assert _leftovers(out) == []
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(o["file"] for o in manifest["outputs"]) == sorted(
        p.name for p in out.glob("*.docx")
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGHUP is POSIX")
def test_a_closed_terminal_stops_the_batch_with_its_manifest_and_says_nothing_false(
    tmp_path: Path,
) -> None:
    """Code review 25: after SIGHUP the summary was printed to the terminal that was gone,
    failed, and was said as a disk error with exit code 1."""
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}："))
    roster = tmp_path / "units.csv"
    roster.write_text("单位名称\n" + "".join(f"单位{i}\n" for i in range(20000)), encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "docgen", "merge", str(template), str(roster), "-o", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 200:
        time.sleep(0.05)
    assert process.stdout is not None
    process.stdout.close()  # the terminal is gone
    process.send_signal(signal.SIGHUP)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the batch did not stop within 30 s of SIGHUP")
    assert process.returncode == 128 + signal.SIGHUP
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(o["file"] for o in manifest["outputs"]) == sorted(
        p.name for p in out.glob("*.docx")
    )


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
def test_ctrl_c_with_worker_processes_ends_promptly_without_leftovers(tmp_path: Path) -> None:
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}：", "联系人：{{ 联系人 }}"))
    rows = [{"单位名称": f"单位{i}", "联系人": "王" * (i % 7)} for i in range(20000)]
    roster = tmp_path / "units.csv"
    roster.write_text(
        "单位名称,联系人\n" + "".join(f"{r['单位名称']},{r['联系人']}\n" for r in rows),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "docgen", "merge", str(template), str(roster)]
    process = subprocess.Popen(
        [*command, "-o", str(out), "-j", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own group: the signal goes to it and its workers only
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 200:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does in a terminal
    try:
        output = process.communicate(timeout=30)[0].decode("utf-8")
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the batch did not stop within 30 s of Ctrl-C")
    assert process.returncode == 130, output
    assert "已中止" in output and "Traceback" not in output
    assert _leftovers(out) == []
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    written = sorted(p.name for p in out.glob("*.docx"))
    assert sorted(o["file"] for o in manifest["outputs"]) == written
    # Clerk review 16: what was written and what was not said, not "已中止" alone.
    failed = len(manifest["failed"])  # the blank 联系人 of every seventh row
    unmade = len(rows) - len(written) - failed
    assert f"已生成 {len(written)} 个文件，{failed} 行失败，{unmade} 行未生成" in output
    assert RUN_AGAIN in output


def test_a_batch_stopped_early_still_says_and_keeps_the_last_combined_document(
    tmp_path: Path,
) -> None:
    """Its rows stopped before the steps after them; the last run's 合并打印.docx is still the
    batch's own, for the next --combined to replace."""
    out = tmp_path / "out"
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}："))
    roster = write_roster(tmp_path / "units.xlsx", UNITS, ["单位名称"])
    merge(template, roster, BatchOptions(out, combined=True))
    slow, _ = _slow_inputs(tmp_path)
    report = merge(slow, roster, BatchOptions(out))
    assert report.stopped == OVER_LIMITS
    assert any(note.startswith("「合并打印.docx」是上次的合并打印文件") for note in report.notes)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"file": "合并打印.docx", "step": "combined"}.items() <= next(
        record for record in manifest["left"] if record["file"] == "合并打印.docx"
    ).items()
    again = merge(template, roster, BatchOptions(out, combined=True))
    assert again.extra_files == ["合并打印.docx"]
