"""`docgen build`: build the documents of docgen.yaml."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from docgen.cli import State, cli
from docgen.cli.progress import BatchFlags, batch_options, say_summary

SHOWN_FILES = 10  # documents with format errors named after a build

if TYPE_CHECKING:
    from docgen.pipeline import BuildResult
    from docgen.workspace import Workspace


@cli.command()
@click.option(
    "--only", multiple=True, metavar="名称", help="只构建 docgen.yaml 中的这些文档（可重复）。"
)
@click.option("--release", is_flag=True, help="正式构建：所用片段必须全部已审定（approved）。")
@click.option("--strict", is_flag=True, help="格式检查发现错误时不写入任何文件。")
@batch_options
@click.pass_obj
def build(
    state: State,
    only: tuple[str, ...],
    release: bool,
    strict: bool,
    flags: BatchFlags,
) -> None:
    """构建 docgen.yaml 中声明的文档，写入输出目录。

    声明了 each:（名单）的文档按名单每行生成一份；某行出错时只跳过该行（报告行号和原因），
    其余照常生成，退出码为 1。清单 manifest.json 记录每个文件的来源、sha256 和失败的行。
    --jobs、--combined、--duplex、--zip 作用于逐行文档（合并打印和压缩包放在各自目录中）；
    --pdf 转换全部文档。
    """
    from docgen.pipeline import BuildOptions
    from docgen.pipeline import build as run_build
    from docgen.workspace import open_workspace

    workspace = open_workspace(state.workdir)
    quiet = flags.quiet
    show = flags.display()
    options = BuildOptions(**flags.steps(), listener=show.event)
    try:
        result = run_build(workspace, only=only, release=release, strict=strict, options=options)
    except KeyboardInterrupt as exc:
        show.stop()
        click.echo(_interrupted(exc), err=True)  # before "已中止"
        raise
    finally:
        show.stop()
    if flags.dry_run:
        _report_plan(result, workspace, quiet)
    else:
        _report_build(result, workspace, quiet)
    code = max((batch.report.exit_code for batch in result.batches), default=0)
    for batch in result.batches:
        say_summary(batch.report, quiet=quiet, prefix=f"{batch.name}：", err=False)
    for _, error in result.failed_steps:
        click.secho(f"失败：{error}", fg="red", err=True)
        code = max(code, 1)
    if code:
        sys.exit(code)


def _interrupted(exc: KeyboardInterrupt) -> str:
    """What a build stopped by Ctrl-C left: it writes its documents all at once, so either
    nothing, or every document with the steps after them (PDFs …) unfinished."""
    seen: BaseException | None = exc
    while seen is not None and not getattr(seen, "wrote_files", False):
        seen = seen.__context__  # a second Ctrl-C while the first was being answered
    if seen is not None:
        return (
            "文档均已写入输出目录（见 manifest.json），之后的步骤（PDF、合并打印、打包）未完成；"
            "重新运行同一命令即可完成这些步骤"
        )
    return "未写入任何文件（上次生成的文件原样保留）"


def _report_build(result: BuildResult, workspace: Workspace, quiet: bool) -> None:
    in_batches = {id(doc) for batch in result.batches for doc in batch.done}
    for document in result.documents:
        if quiet or (id(document) in in_batches and len(in_batches) > 10):
            continue  # a batch's files are counted in its summary
        click.echo(f"已生成 {workspace.display(document.path)}")
        for path in document.extra_files:
            click.echo(f"已生成 {workspace.display(path)}")
    for path in result.extra_files:
        if not quiet and not path.name.endswith(".pdf"):
            click.echo(f"已生成 {workspace.display(path)}")
    if quiet:  # format errors are no progress: said all the same
        if _has_format_errors(result):
            _say_findings(result, "详见清单", "用 docgen check 文件.docx 查看全部")
        return
    _say_template_notes(result)
    pdfs = sum(path.name.endswith(".pdf") for path in result.extra_files)
    if pdfs:
        click.echo(f"已生成 PDF {pdfs} 个")
    listed = f"共 {len(result.documents)} 个文档"
    if result.kept:  # --only: the others' records stay
        listed = (
            f"本次生成 {len(result.documents)} 个文档，另保留未重新生成的 {result.kept} 个的记录"
        )
    click.echo(f"清单 {workspace.display(result.manifest)}（{listed}）")
    _say_findings(result, "详见清单", "用 docgen check 文件.docx 查看全部")


def _has_format_errors(result: BuildResult) -> bool:
    return any(document.check_errors for document in result.documents)


def _say_template_notes(result: BuildResult) -> None:
    said = set()
    for document in result.documents:  # a template's notes once, not once per row
        template = document.record.template.path
        for note in document.record.extra.get("template_notes", []):
            if (template, note) not in said:
                said.add((template, note))
                click.echo(f"提示：模板 {template}：{note}")


def _say_findings(result: BuildResult, where: str, how: str) -> None:
    findings = sum(len(d.record.findings) for d in result.documents)
    errors = sum(f["severity"] == "error" for d in result.documents for f in d.record.findings)
    click.echo(f"格式检查：{findings} 条发现，其中错误 {errors} 条（{where}）")
    wrong = [d for d in result.documents if d.check_errors]
    for document in wrong[:SHOWN_FILES]:  # each with its first error; docgen check tells all
        first = document.check_errors[0]
        more = (
            f"（另有 {len(document.check_errors) - 1} 条）"
            if len(document.check_errors) > 1
            else ""
        )
        click.secho(f"  格式错误：{first}{more}", fg="yellow")
    if len(wrong) > SHOWN_FILES:
        click.secho(f"  另有 {len(wrong) - SHOWN_FILES} 个文档有格式错误", fg="yellow")
    if wrong:
        click.echo(f"  {how}；--strict 时有格式错误不写入任何文件")


def _report_plan(result: BuildResult, workspace: Workspace, quiet: bool) -> None:
    if not quiet:
        for path in result.planned:
            click.echo(f"将生成 {workspace.display(path)}")
        _say_template_notes(result)
    if not quiet or _has_format_errors(result):
        _say_findings(
            result, "正式生成后详见清单", "正式生成后可用 docgen check 文件.docx 查看全部"
        )
    click.echo(
        f"预演：共将生成 {len(result.planned)} 个文件，含清单 manifest.json"
        "（文档已试生成并检查了格式，未写入任何文件）。"
    )
