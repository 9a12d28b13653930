"""`docgen check`: check any .docx against GB/T 9704-2012 and the text rules; `--fix` the safe ones."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen.cli import State, cli

if TYPE_CHECKING:
    from docgen.check.output import FileResult
    from docgen.layout.profile import Profile


@cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="输出格式：text（默认）或 json（格式见 docs/check.md）。",
)
@click.option(
    "--profile",
    "profile_ref",
    metavar="版式",
    help="版式名称（如 gbt9704）或单位版式文件；默认用工作区 docgen.yaml 的版式，不在工作区时用 gbt9704。",
)
@click.option(
    "--kind",
    type=click.Choice(["auto", "speech", "formal", "bulletin"]),
    default="auto",
    help="文档类型：speech 讲话稿，formal 正式公文（通知、方案等），bulletin 简报；默认 auto 自动识别。",
)
@click.option(
    "--fix",
    is_flag=True,
    help="修正可安全自动修正的文字问题（半角标点、日期补零、发文字号括号），写出副本 文件名.fixed.docx 并列出每处改动。",
)
@click.option("--in-place", is_flag=True, help="与 --fix 合用：直接改写原文件，不另存副本。")
@click.pass_obj
def check(
    state: State,
    files: tuple[Path, ...],
    fmt: str,
    profile_ref: str | None,
    kind: str,
    fix: bool,
    in_place: bool,
) -> None:
    """检查 .docx 文件的版式（GB/T 9704-2012）和文字问题；任何来源的 Word 文档均可。

    退出状态：0 没有错误；1 发现错误；2 有文件无法读取（不是 .docx、已加密或已损坏）。
    """
    from docgen.check.output import exit_code, json_document

    if in_place and not fix:
        raise click.UsageError("--in-place 只能与 --fix 一起使用")
    profile = _profile(state, profile_ref)
    results = [_check_file(path, profile, kind, fix, in_place) for path in files]
    if fmt == "json":
        click.echo(json.dumps(json_document(results, profile.name), ensure_ascii=False, indent=2))
    else:
        _print_text(results, profile.name)
    sys.exit(exit_code(results))


def _profile(state: State, ref: str | None) -> Profile:
    """--profile, else the workspace's profile, else the national one."""
    from docgen.errors import InputError
    from docgen.layout.profile import load_profile
    from docgen.workspace import find_root, open_workspace

    if ref:
        return load_profile(ref, Path.cwd())
    try:
        find_root(state.workdir)
    except InputError:
        return load_profile("gbt9704")
    workspace = open_workspace(state.workdir)
    return load_profile(workspace.config.profile, workspace.root)


def _check_file(path: Path, profile: Profile, kind: str, fix: bool, in_place: bool) -> FileResult:
    """Check one file (fixing it first with --fix); an unreadable file becomes a result too."""
    from docgen.check import inspect
    from docgen.check.fix import fix_document
    from docgen.check.output import FileResult
    from docgen.errors import InputError, Location, UnreadableDocumentError, os_reason
    from docgen.load.files import read_bounded
    from docgen.write.files import write_all

    name = str(path)
    try:
        data = read_bounded(path, Location(file=name))
    except InputError as exc:
        return FileResult(name, error=exc.message)
    except FileNotFoundError:
        return FileResult(name, error="文件不存在")
    except PermissionError:
        return FileResult(name, error="没有读取这个文件的权限")
    except OSError as exc:
        return FileResult(name, error=f"无法打开文件（{os_reason(exc)}）")
    try:
        if not fix:
            report = inspect(data, name, profile, kind)
            return FileResult(name, report.kind, report.findings, documents=report.documents)
        result = fix_document(data, name, kind)
        target = path if in_place else path.with_name(f"{path.stem}.fixed{path.suffix or '.docx'}")
        if result.changes or not in_place:
            write_all({target: result.data}, target.parent)
        report = inspect(result.data, str(target), profile, kind)
        return FileResult(
            name,
            report.kind,
            report.findings,
            None,
            str(target),
            result.changes,
            report.documents,
        )
    except UnreadableDocumentError as exc:
        return FileResult(name, error=exc.message)


def _print_text(results: list[FileResult], profile: str) -> None:
    from docgen.check.output import diff_lines, text_lines

    for result in results:
        for line in diff_lines(result):
            color = "green" if line.startswith("+") else "red" if line.startswith("-") else None
            click.secho(line, fg=color)
        if result.fixed_to is not None and not result.changes:
            click.echo(f"{result.file}：没有可自动修正的文字问题")
        elif result.fixed_to is not None:
            click.echo(f"已写入 {result.fixed_to}（改动 {len(result.changes)} 段）")
        for line in text_lines(result, profile):
            click.secho(line, fg="red" if not result.readable else None, err=not result.readable)
    if len(results) > 1:
        errors = sum(f.severity == "error" for r in results for f in r.findings)
        unreadable = sum(not r.readable for r in results)
        click.echo(f"共检查 {len(results)} 个文件：错误 {errors} 处，无法读取 {unreadable} 个")
