"""Specs for the command line: build, new, templates build; errors in Chinese, nothing half-written."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from tests_support import copy_workspace
from tests_support import run_main as fail

from docgen import __version__
from docgen.cli import cli, main
from docgen.errors import DocgenError
from docgen.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = "outputs/在全市作风纪律整治工作推进会上的讲话.docx"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A private copy of the repository's example workspace (no outputs/ yet)."""
    return copy_workspace(tmp_path / "workspace")


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes | None] | None:
    """Every entry under ``folder``: files with their bytes, folders as None."""
    if not folder.exists():
        return None
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` once in a text file; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def drop_meeting_date(root: Path) -> None:
    meeting = root / "inputs" / "meeting.yaml"
    lines = meeting.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("meeting:\n")
    date = next(i for i in range(start, len(lines)) if lines[i].startswith("  date:"))
    del lines[date]
    meeting.write_text("".join(lines), encoding="utf-8")


def build_ok(root: Path, *options: str) -> Result:
    result = invoke("-C", root, "build", *options)
    assert result.exit_code == 0, (result.output, result.stderr, result.exception)
    return result


# docgen build ---------------------------------------------------------------------------------


def test_build_writes_the_document_and_the_manifest(workspace: Path) -> None:
    result = build_ok(workspace)
    assert f"已生成 {OUTPUT}" in result.output
    # A document with each: (the notices) counts once per roster row.
    documents = len(json.loads((workspace / "outputs" / "manifest.json").read_bytes())["outputs"])
    assert documents > len(open_workspace(workspace).config.documents)
    assert f"清单 outputs/manifest.json（共 {documents} 个文档）" in result.output
    # Building some documents only, the others' records kept are counted apart (clerk
    # review 19: "共 34 个文档" for a manifest of 37).
    result = build_ok(workspace, "--only", "speech")
    said = f"清单 outputs/manifest.json（本次生成 1 个文档，另保留未重新生成的 {documents - 1} 个的记录）"
    assert said in result.output
    document = workspace / OUTPUT
    with zipfile.ZipFile(document) as package:
        assert "word/document.xml" in package.namelist()
    manifest = json.loads((workspace / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    (record,) = [r for r in manifest["outputs"] if r["name"] == "speech"]
    assert record["output"] == OUTPUT
    assert record["inputs"][0]["path"] == "inputs/meeting.yaml"
    assert record["template"]["path"] == "templates/speech.docx"
    assert "requirement.political-stance" in [f["id"] for f in record["fragments"]]
    assert record["sha256"] == hashlib.sha256(document.read_bytes()).hexdigest()


def test_building_twice_gives_byte_identical_files(workspace: Path) -> None:
    build_ok(workspace)
    first = snapshot(workspace / "outputs")
    build_ok(workspace)
    assert snapshot(workspace / "outputs") == first
    assert first is not None and {OUTPUT.split("/")[1], "manifest.json"} <= set(first)


def test_build_from_a_sub_folder_finds_the_workspace(workspace: Path) -> None:
    build_ok(workspace / "inputs")
    assert (workspace / OUTPUT).is_file()


def test_missing_meeting_date_fails_naming_the_file_and_field(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    drop_meeting_date(workspace)
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build")
    assert code == 1
    assert "inputs/meeting.yaml" in err
    assert "meeting.date" in err
    assert "缺少必填字段" in err
    assert "未写入任何文件" in err
    assert "Traceback" not in err
    assert snapshot(workspace / "outputs") is None


def test_failed_build_leaves_a_previous_build_exactly_as_it_was(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    build_ok(workspace)
    before = snapshot(workspace / "outputs")
    drop_meeting_date(workspace)
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build")
    assert code == 1
    assert "meeting.date" in err
    assert snapshot(workspace / "outputs") == before


def test_several_errors_are_all_listed_and_counted(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    drop_meeting_date(workspace)
    edit(workspace / "inputs" / "meeting.yaml", "salutation:", "salutaton:")
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build")
    assert code == 1
    assert "meeting.date" in err
    assert "salutaton" in err
    assert "共 2 处错误，未写入任何文件。" in err


def test_yaml_syntax_error_names_the_line(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit(
        workspace / "inputs" / "meeting.yaml",
        "  host: 中共临江市委",
        "  host: 中共临江市委: 扩大会议",
    )
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build")
    assert code == 1
    assert f"inputs/meeting.yaml:{line}：YAML 语法错误" in err
    assert snapshot(workspace / "outputs") is None


def test_misspelt_key_in_docgen_yaml_is_reported(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    line = edit(workspace / "docgen.yaml", "output_dir:", "output_dri:")
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build")
    assert code == 1
    assert f"docgen.yaml:{line}" in err
    assert "output_dri" in err
    assert "未知字段" in err


def test_only_with_an_unknown_document_lists_the_known_ones(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build", "--only", "report")
    assert code == 1
    assert "没有这些文档：report" in err
    assert "speech" in err


def test_a_folder_without_docgen_yaml_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = fail(monkeypatch, capsys, "-C", tmp_path, "build")
    assert code == 1
    assert "找不到 docgen.yaml" in err


def test_debug_lets_the_error_through_with_its_traceback(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop_meeting_date(workspace)
    monkeypatch.setattr(sys, "argv", ["docgen", "--debug", "-C", str(workspace), "build"])
    with pytest.raises(DocgenError) as caught:
        main()
    assert "meeting.date" in str(caught.value)


def test_python_m_docgen_exits_with_code_1_and_a_chinese_message(workspace: Path) -> None:
    drop_meeting_date(workspace)
    completed = subprocess.run(
        [sys.executable, "-m", "docgen", "-C", str(workspace), "build"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert "错误：inputs/meeting.yaml" in completed.stderr
    assert "meeting.date" in completed.stderr
    assert "Traceback" not in completed.stderr


# docgen build --release -----------------------------------------------------------------------


def test_release_builds_when_every_used_fragment_is_approved(workspace: Path) -> None:
    build_ok(workspace, "--release")
    assert (workspace / OUTPUT).is_file()


def test_release_refuses_an_unapproved_fragment_and_lists_it(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(workspace / "fragments/requirement/responsibility.md", "status: approved", "status: draft")
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build", "--release")
    assert code == 1
    assert "--release" in err
    assert "requirement.responsibility（draft，fragments/requirement/responsibility.md）" in err
    assert "requirement.political-stance" not in err
    assert snapshot(workspace / "outputs") is None


def test_without_release_a_draft_fragment_may_be_used(workspace: Path) -> None:
    edit(workspace / "fragments/requirement/responsibility.md", "status: approved", "status: draft")
    build_ok(workspace)
    manifest = json.loads((workspace / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    (speech,) = [r for r in manifest["outputs"] if r["name"] == "speech"]
    statuses = {f["id"]: f["status"] for f in speech["fragments"]}
    assert statuses["requirement.responsibility"] == "draft"


# docgen new -----------------------------------------------------------------------------------


def test_new_creates_a_workspace_that_builds_at_once(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    result = invoke("new", target)
    assert result.exit_code == 0, result.exception
    assert f"已创建 {target / 'docgen.yaml'}" in result.output
    assert "docgen build" in result.output
    build_ok(target)
    assert (target / OUTPUT).is_file()


def test_new_refuses_a_non_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("我的文件", encoding="utf-8")
    before = snapshot(tmp_path)
    code, err = fail(monkeypatch, capsys, "new", tmp_path)
    assert code == 1
    assert "不为空" in err
    assert snapshot(tmp_path) == before


# docgen templates build -----------------------------------------------------------------------


def test_templates_build_twice_gives_byte_identical_templates(workspace: Path) -> None:
    template = workspace / "templates" / "speech.docx"
    template.unlink()
    first = invoke("-C", workspace, "templates", "build")
    assert first.exit_code == 0, first.exception
    assert "已生成 templates/speech.docx" in first.output
    built = template.read_bytes()
    second = invoke("-C", workspace, "templates", "build")
    assert second.exit_code == 0, second.exception
    assert template.read_bytes() == built


def test_built_templates_build_the_document(workspace: Path) -> None:
    (workspace / "templates" / "speech.docx").unlink()
    assert invoke("-C", workspace, "templates", "build").exit_code == 0
    build_ok(workspace)
    assert (workspace / OUTPUT).is_file()


# Help and version -----------------------------------------------------------------------------


def test_help_is_chinese() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for words in ("从结构化数据生成公文", "工作区目录", "显示本帮助并退出", "显示版本号并退出"):
        assert words in result.output
    for words in ("构建 docgen.yaml 中声明的文档", "新建一个工作区", "管理 .docx 模板"):
        assert words in result.output
    assert "Show this message and exit" not in result.output
    assert "Show the version and exit" not in result.output


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (("build",), ["构建 docgen.yaml 中声明的文档", "正式构建", "只构建"]),
        (("new",), ["新建一个工作区"]),
        (("templates", "build"), ["重新生成 templates/ 下的模板"]),
    ],
)
def test_command_help_is_chinese(command: tuple[str, ...], words: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    for text in words:
        assert text in result.output


@pytest.mark.parametrize("command", [("build",), ("new",), ("templates",), ("templates", "build")])
def test_command_help_option_is_described_in_chinese(command: tuple[str, ...]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Show this message and exit" not in result.output
    assert "显示本帮助并退出" in result.output


def test_version_names_docgen() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"docgen {__version__}"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["merge", "a.docx", "b.xlsx", "-o", "x", "--bogus"], "没有这个选项：'--bogus'"),
        (["merge", "a.docx", "b.xlsx", "-o", "x", "-j", "0"], "不在允许的范围"),
    ],
)
def test_clicks_own_complaints_are_in_chinese(args: list[str], said: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and said in result.output


def _edit_template(path: Path, changes: dict[str, tuple[bytes, bytes]]) -> None:
    """Replace text once in parts of a workspace template, as a user editing it might."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, (old, new) in changes.items():
        assert old in parts[name], (old, name)
        parts[name] = parts[name].replace(old, new, 1)
    with zipfile.ZipFile(path, "w") as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)


def test_a_broken_tag_in_a_workspace_template_is_named_by_its_paragraph_and_text(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    template = workspace / "templates" / "speech.docx"
    _edit_template(template, {"word/document.xml": (b"{{ speaker }}", b"{{ speaker | nosuch }}")})
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build")
    assert code == 1
    assert "templates/speech.docx" in err
    assert "第2段「{{ speaker | nosuch }}」" in err  # as Word counts it, with its text
    assert "没有名为「nosuch」的过滤器" in err
    assert "Traceback" not in err
    assert snapshot(workspace / "outputs") is None


def test_an_external_link_in_a_workspace_template_stays_out_of_the_output_and_is_said(
    workspace: Path,
) -> None:
    relationship = (
        b'<Relationship Id="rIdEvil" TargetMode="External" Target="http://example.invalid/a.png"'
        b' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
    )
    _edit_template(
        workspace / "templates" / "speech.docx",
        {"word/_rels/document.xml.rels": (b"</Relationships>", relationship + b"</Relationships>")},
    )
    result = build_ok(workspace)
    assert "提示：模板 templates/speech.docx：已移除" in result.output
    with zipfile.ZipFile(workspace / OUTPUT) as archive:
        relations = archive.read("word/_rels/document.xml.rels")
    assert b"example.invalid" not in relations and b"External" not in relations
    manifest = json.loads((workspace / "outputs" / "manifest.json").read_text("utf-8"))
    (speech,) = [o for o in manifest["outputs"] if o["output"] == OUTPUT]
    assert any("example.invalid" in note for note in speech["extra"]["template_notes"])


def test_a_name_the_document_does_not_have_is_a_template_typo_even_inside_an_if(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A roster's blank cell is false in {% if %}; docgen's own documents have no blank cells.
    template = workspace / "templates" / "speech.docx"
    old = b"{{ speaker }}"
    _edit_template(
        template, {"word/document.xml": (old, b"{% if spaeker %}" + old + b"{% endif %}")}
    )
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build")
    assert code == 1
    assert "templates/speech.docx" in err and "spaeker" in err
    assert snapshot(workspace / "outputs") is None


def test_exit_codes_say_input_errors_1_command_errors_2_and_unreadable_checks_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "模板.docx"
    broken.write_bytes(b"not a zip")
    roster = tmp_path / "u.csv"
    roster.write_text("单位名称\n市教育局\n", encoding="utf-8")
    # A template that is no .docx is bad input like any other: 1, said in Chinese.
    code, said = fail(monkeypatch, capsys, "merge", broken, roster, "-o", tmp_path / "out")
    assert code == 1 and "模板.docx" in said
    code, said = fail(monkeypatch, capsys, "merge", tmp_path / "无.docx", roster, "-o", tmp_path)
    assert code == 1 and "找不到模板文件" in said
    # A command written wrong: click's 2.
    code, _ = fail(monkeypatch, capsys, "merge", broken)
    assert code == 2
    # docgen check, as linters do: 2 when a file cannot be read at all.
    code, _ = fail(monkeypatch, capsys, "check", broken)
    assert code == 2


def test_a_word_97_template_or_a_workbook_named_docx_is_named_for_what_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    roster = tmp_path / "u.csv"
    roster.write_text("单位名称\n市教育局\n", encoding="utf-8")
    old = tmp_path / "旧模板.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    code, said = fail(monkeypatch, capsys, "merge", old, roster, "-o", tmp_path / "out")
    assert code == 1 and "旧版 Word 的 .doc 文件" in said and "另存为 .docx" in said
    book = tmp_path / "名单.docx"
    Workbook().save(book)
    code, said = fail(monkeypatch, capsys, "merge", book, roster, "-o", tmp_path / "out")
    assert code == 1 and "这是 Excel 表格，不是 Word 文档" in said


@pytest.mark.parametrize(
    ("stage", "said", "written"),
    [
        ("docgen.pipeline.build_document", "未写入任何文件（上次生成的文件原样保留）", False),
        ("docgen.pipeline._after_writing", "之后的步骤（PDF、合并打印、打包）未完成", True),
    ],
)
def test_a_build_stopped_by_ctrl_c_says_what_it_left(
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stage: str,
    said: str,
    written: bool,
) -> None:
    """Clerk review 16 left it: a build said "已中止" alone, where a merge says what it wrote."""

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(stage, interrupted)
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build", "--only", "speech", "--zip")
    assert code == 130
    assert said in err and err.index(said) < err.index("已中止。"), err
    assert (workspace / "outputs" / "manifest.json").exists() == written


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal mask")
def test_a_ctrl_c_while_the_files_are_renamed_waits_until_all_and_the_manifest_are_in(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Security review 25: a Ctrl-C after the 5th of 37 renames left new documents under the
    old manifest (the next build took them for the user's edits and wrote "-2" copies) and
    said "未写入任何文件"."""
    import os

    real = os.replace
    renames = []

    def replace(source: str, target: str) -> None:
        real(source, target)
        renames.append(target)
        if len(renames) == 2:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(os, "replace", replace)
    # --zip: the manifest waits for the zip, and is written all the same (code review 27).
    code, err = fail(monkeypatch, capsys, "-C", workspace, "build", "--zip")
    assert code == 130
    assert "文档均已写入输出目录" in err
    assert len(renames) > 30  # every document and the manifest, not two
    manifest = json.loads((workspace / "outputs" / "manifest.json").read_text("utf-8"))
    for record in manifest["outputs"]:
        data = (workspace / record["output"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record["sha256"], record["output"]


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX")
def test_a_hangup_ignored_by_nohup_stays_ignored() -> None:
    """Security review 26: `nohup docgen build` ended on the hangup it was started to outlive."""
    from docgen.cli import _stop_as_on_ctrl_c

    before = {number: signal.getsignal(number) for number in (signal.SIGHUP, signal.SIGTERM)}
    try:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        _stop_as_on_ctrl_c()
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        assert callable(signal.getsignal(signal.SIGTERM))  # still answered as Ctrl-C
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
